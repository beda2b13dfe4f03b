// Decision policy versions over the API: every version with its lifecycle (policy:view), and a new proposal
// (policy:propose): { rules: { thresholds, bands, holdoutShare, holdoutSalt, performanceWindowMonths }, note },
// the rules in the shape GET answers with, so a client can copy the active version's rules and change them.
import { handler, readJson } from '@/lib/api/respond';
import { listPolicies } from '@/lib/policy/store';
import { proposePolicy } from '@/lib/policy/workflow';
import { policyProposalSchema } from '@/lib/validations/policy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler('policy:view', async () => Response.json({ policies: await listPolicies() }));

export const POST = handler('policy:propose', async (request, actor) => {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const policy = await proposePolicy(policyProposalSchema.parse(body.value), actor);
  return Response.json({ policy }, { status: 201 });
});
