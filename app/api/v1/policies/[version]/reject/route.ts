// POST /api/v1/policies/{version}/reject { note }: a proposed or approved (never activated) version is
// rejected, with the reviewer's reason (policy:approve).
import { handler, readJson } from '@/lib/api/respond';
import { rejectPolicy } from '@/lib/policy/workflow';
import { policyVersionInput, rejectPolicyBody } from '@/lib/validations/policy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(
  'policy:approve',
  async (request, actor, context: { params: Promise<{ version: string }> }) => {
    const { version } = policyVersionInput.parse(await context.params);
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const { note } = rejectPolicyBody.parse(body.value);
    return Response.json({ policy: await rejectPolicy(version, actor, note) });
  },
);
