// POST /api/v1/scoring/runs/:id/cancel: stops a queued or running batch run (decisions already written stay:
// the ledger is append-only); 409 when it has already finished.
import { handler } from '@/lib/api/respond';
import { getRun } from '@/lib/data/scoring';
import { cancelRun } from '@/lib/scoring/batch';
import { runIdSchema } from '@/lib/validations/scoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler<{ params: Promise<{ id: string }> }>(
  'scoring:run',
  async (_request, actor, ctx) => {
    const { id } = runIdSchema.parse(await ctx.params);
    await cancelRun(id, actor);
    return Response.json(await getRun(id));
  },
);
