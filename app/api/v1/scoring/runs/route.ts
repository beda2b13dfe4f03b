// GET /api/v1/scoring/runs?kind=BATCH|REALTIME&limit=1..200: recent scoring runs, newest first, with progress.
// POST /api/v1/scoring/runs { asOfMonth, chunkClients? }: starts a batch run (202 with the run; its chunks go to
// the workers through the job queue).
import { handler, readJson } from '@/lib/api/respond';
import { getRun, listRuns } from '@/lib/data/scoring';
import { createBatchRun } from '@/lib/scoring/batch';
import { listRunsQuery, startRunSchema } from '@/lib/validations/scoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('scoring:view', async (request) => {
  const sp = new URL(request.url).searchParams;
  const q = listRunsQuery.parse({ kind: sp.get('kind') ?? undefined, limit: sp.get('limit') ?? undefined });
  return Response.json({
    runs: await listRuns({ ...(q.kind ? { kind: q.kind } : {}), limit: q.limit ?? 50 }),
  });
});

export const POST = handler('scoring:run', async (request, actor) => {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const input = startRunSchema.parse(body.value);
  const started = await createBatchRun(
    {
      asOfMonth: input.asOfMonth,
      origin: actor.kind === 'apiKey' ? 'api' : 'app',
      ...(input.chunkClients ? { chunkClients: input.chunkClients } : {}),
    },
    actor,
  );
  return Response.json(await getRun(started.id), {
    status: 202,
    headers: { location: `/api/v1/scoring/runs/${started.id}` },
  });
});
