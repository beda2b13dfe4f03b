'use server';
// Approves a proposed decision policy version (policy:approve, admins other than the proposer); audited.
import { action } from '@/lib/actions/action';
import { approvePolicy as approve } from '@/lib/policy/workflow';
import { policyVersionInput } from '@/lib/validations/policy';

export const approvePolicy = action(
  'policy:approve',
  policyVersionInput,
  async ({ version }, { actor }) => {
    await approve(version, actor);
    return { message: 'actions.policy.approved', params: { version } };
  },
  { revalidate: ['/policy'] },
);
