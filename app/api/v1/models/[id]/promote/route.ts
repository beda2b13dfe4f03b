// POST /api/v1/models/{id}/promote: makes the version the champion; the previous champion is retired (audited).
import { handler } from '@/lib/api/respond';
import { promoteToChampion } from '@/lib/models/registry';
import { idInput } from '@/lib/validations/common';
import { championChangeJson, registryErrorResponse } from '../../registry-error';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'models:manage',
  async (request, actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = idInput.parse(await context.params);
    try {
      return Response.json(championChangeJson(await promoteToChampion(id, actor)));
    } catch (e) {
      const r = registryErrorResponse(e, request);
      if (r) return r;
      throw e;
    }
  },
);
