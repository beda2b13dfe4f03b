// POST /api/v1/policies/{version}/approve: PROPOSED -> APPROVED (policy:approve; never by the proposer).
import { handler } from '@/lib/api/respond';
import { approvePolicy } from '@/lib/policy/workflow';
import { policyVersionInput } from '@/lib/validations/policy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'policy:approve',
  async (_request, actor, context: { params: Promise<{ version: string }> }) => {
    const { version } = policyVersionInput.parse(await context.params);
    return Response.json({ policy: await approvePolicy(version, actor) });
  },
);
