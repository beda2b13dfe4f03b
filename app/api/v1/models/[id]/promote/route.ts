// POST /api/v1/models/{id}/promote: makes the version the champion; the previous champion is retired (audited).
import { handler } from '@/lib/api/respond';
import { promoteToChampion } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';
import { registryErrorResponse } from '../../registry-error';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'models:manage',
  async (_request, actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = await context.params;
    try {
      const { champion, retired } = await promoteToChampion(id, actor);
      return Response.json({
        champion: modelJson(champion),
        retired: retired ? { id: retired.id, name: retired.name, version: retired.version } : null,
      });
    } catch (e) {
      const r = registryErrorResponse(e);
      if (r) return r;
      throw e;
    }
  },
);
