// GET /api/v1/experiments/{id}/results: per variant sends, deliveries, conversions, Wilson 95% CI of the
// conversion rate and the Newcombe 95% CI of the difference vs the control, and the uplift vs the holdout on the
// default rate of matured outcomes (or why there is none yet) (campaigns:view).
import { handler } from '@/lib/api/respond';
import { experimentResults } from '@/lib/engagement/experiments';
import { experimentIdParam } from '@/lib/validations/engagement';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'campaigns:view',
  async (_request, _actor, context: { params: Promise<{ id: string }> }) => {
    const { id } = experimentIdParam.parse(await context.params);
    return Response.json(await experimentResults(id));
  },
);
