// GET /api/v1/monitoring/runs: recent monitoring computations. POST { kind?, modelVersionId? }: queues one
// (202 with the run row, written in the same transaction as its job).
import { handler, readJson } from '@/lib/api/respond';
import { createMonitoringRun, listMonitoringRuns } from '@/lib/monitoring/runs';
import { startMonitoringRunSchema } from '@/lib/validations/monitoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('monitoring:view', async () =>
  Response.json({ runs: await listMonitoringRuns() }),
);

export const POST = handler('monitoring:manage', async (request, actor) => {
  // No body at all is fine (every field is optional); a body must be JSON.
  const body = request.body ? await readJson(request) : ({ ok: true, value: {} } as const);
  if (!body.ok) return body.response;
  const input = startMonitoringRunSchema.parse(body.value ?? {});
  const run = await createMonitoringRun(
    {
      kind: input.kind,
      origin: actor.kind === 'apiKey' ? 'api' : 'app',
      ...(input.modelVersionId ? { modelVersionId: input.modelVersionId } : {}),
    },
    actor,
  );
  return Response.json(run, { status: 202 });
});
