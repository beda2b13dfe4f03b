// GET /api/v1/monitoring/drift?periodKind=WEEK|MONTH&feature=&modelVersionId=: stored PSI of the champion's
// top-5 features and of the score against the model card's reference deciles.
import { handler } from '@/lib/api/respond';
import { getDrift } from '@/lib/monitoring/read';
import { driftQuery } from '@/lib/validations/monitoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('monitoring:view', async (request) => {
  const sp = new URL(request.url).searchParams;
  const q = driftQuery.parse({
    periodKind: sp.get('periodKind') ?? undefined,
    feature: sp.get('feature') ?? undefined,
    modelVersionId: sp.get('modelVersionId') ?? undefined,
  });
  return Response.json(await getDrift(q));
});
