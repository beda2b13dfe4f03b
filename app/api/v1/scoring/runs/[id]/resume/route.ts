// POST /api/v1/scoring/runs/:id/resume: queues again the chunks of a FAILED or CANCELLED batch run that did not
// succeed (decisions already written stay: the ledger is append-only); 409 when the run is not failed or
// cancelled, or its model version is gone.
import { handler } from '@/lib/api/respond';
import { getRun } from '@/lib/data/scoring';
import { resumeRun } from '@/lib/scoring/resume';
import { runIdSchema } from '@/lib/validations/scoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler<{ params: Promise<{ id: string }> }>(
  'scoring:run',
  async (_request, actor, ctx) => {
    const { id } = runIdSchema.parse(await ctx.params);
    await resumeRun(id, actor);
    return Response.json(await getRun(id));
  },
);
