// GET /api/v1/models/{id}: one version with its model card and parity result (no bytes).
import { apiError, handler } from '@/lib/api/respond';
import { getModel } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'models:view',
  async (_request, _actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = await context.params;
    const m = await getModel(id);
    if (!m) return apiError(404, 'NOT_FOUND', `No model version with id ${id}.`);
    return Response.json(modelJson(m));
  },
);
