// GET /api/v1/monitoring/performance?periodKind=MONTH|DAY|RUN&cohort=all|treated|holdout&modelVersionId=:
// the stored performance figures (AUC with DeLong CI, recall/precision, CBPE estimates) per period.
import { handler } from '@/lib/api/respond';
import { getPerformance } from '@/lib/monitoring/read';
import { performanceQuery } from '@/lib/validations/monitoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('monitoring:view', async (request) => {
  const sp = new URL(request.url).searchParams;
  const q = performanceQuery.parse({
    periodKind: sp.get('periodKind') ?? undefined,
    cohort: sp.get('cohort') ?? undefined,
    modelVersionId: sp.get('modelVersionId') ?? undefined,
  });
  return Response.json(await getPerformance(q));
});
