// GET /api/v1/monitoring/compare?challenger=<modelVersionId>&months=YYYY-MM,...: a CANDIDATE or CHALLENGER
// model against the champion on the champion's matured decisions (same rows), AUC per month with the paired
// DeLong p-value, pooled figures and the CHALLENGER_READY trigger's verdict. Computed on request (it scores the
// challenger): data scientists ask for it; the monitoring job evaluates the trigger itself.
import { handler } from '@/lib/api/respond';
import { getComparison } from '@/lib/monitoring/compare';
import { compareQuery } from '@/lib/validations/monitoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('monitoring:view', async (request) => {
  const sp = new URL(request.url).searchParams;
  const q = compareQuery.parse({
    challenger: sp.get('challenger') ?? undefined,
    months: sp.get('months') ?? undefined,
  });
  return Response.json(await getComparison(q.challenger, q.months));
});
