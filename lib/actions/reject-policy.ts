'use server';
// Rejects a proposed or approved (never activated) decision policy version with a reason (policy:approve);
// audited.
import { action } from '@/lib/actions/action';
import { rejectPolicy as reject } from '@/lib/policy/workflow';
import { rejectPolicyInput } from '@/lib/validations/policy';

export const rejectPolicy = action(
  'policy:approve',
  rejectPolicyInput,
  async ({ version, note }, { actor }) => {
    await reject(version, actor, note);
    return { message: 'actions.policy.rejected', params: { version } };
  },
  { revalidate: ['/policy'] },
);
