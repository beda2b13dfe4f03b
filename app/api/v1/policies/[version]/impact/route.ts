// GET /api/v1/policies/{version}/impact: what the version would change on the last finished batch run, from
// its stored scores: clients per band under the run's policy and under this version, the transitions between
// bands and the control group's size (policy:view). `run` is null until a batch run has finished.
import { handler } from '@/lib/api/respond';
import { policyImpact } from '@/lib/policy/workflow';
import { policyVersionInput } from '@/lib/validations/policy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'policy:view',
  async (_request, _actor, context: { params: Promise<{ version: string }> }) => {
    const { version } = policyVersionInput.parse(await context.params);
    return Response.json({ impact: await policyImpact(version) });
  },
);
