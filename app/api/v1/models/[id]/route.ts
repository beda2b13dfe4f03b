// GET /api/v1/models/{id}: one version with its model card and parity result (no bytes).
import { handler } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { getModel } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';
import { idInput } from '@/lib/validations/common';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'models:view',
  async (_request, _actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = idInput.parse(await context.params);
    const m = await getModel(id);
    if (!m) throw new AppError('model.notFound', { id }, 404);
    return Response.json(modelJson(m));
  },
);
