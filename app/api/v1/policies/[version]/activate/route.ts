// POST /api/v1/policies/{version}/activate: APPROVED -> ACTIVE, the active version -> RETIRED, in one
// transaction (policy:activate). Answers the activated version and the retired version's number (or null).
import { handler } from '@/lib/api/respond';
import { activatePolicy } from '@/lib/policy/workflow';
import { policyVersionInput } from '@/lib/validations/policy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'policy:activate',
  async (_request, actor, context: { params: Promise<{ version: string }> }) => {
    const { version } = policyVersionInput.parse(await context.params);
    return Response.json(await activatePolicy(version, actor));
  },
);
