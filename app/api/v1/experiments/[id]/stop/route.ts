// POST /api/v1/experiments/{id}/stop: a RUNNING experiment stops; its offers and history stay (campaigns:manage).
import { handler } from '@/lib/api/respond';
import { stopExperiment } from '@/lib/engagement/experiments';
import { experimentIdParam } from '@/lib/validations/engagement';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'campaigns:manage',
  async (_request, actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = experimentIdParam.parse(await context.params);
    await stopExperiment(id, actor);
    return Response.json({ ok: true });
  },
);
