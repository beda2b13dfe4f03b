// Reads for the Política page (policy:view): every version with its lifecycle, and what a pending version
// would change on the last finished batch run. Each checks the permission itself.
import 'server-only';
import { authorize } from '@/lib/auth/session';
import { listPolicies, type PolicyRecord } from '@/lib/policy/store';
import { policyImpact, type PolicyImpact } from '@/lib/policy/workflow';

export async function getPolicyVersions(): Promise<{
  versions: PolicyRecord[];
  active: PolicyRecord | null;
}> {
  await authorize('policy:view');
  const versions = await listPolicies();
  return { versions, active: versions.find((v) => v.status === 'ACTIVE') ?? null };
}

export async function getPolicyImpact(version: number): Promise<PolicyImpact> {
  await authorize('policy:view');
  return policyImpact(version);
}
