'use server';
// Proposes a new decision policy version from the Política page's form (policy:propose, data scientists):
// pt-BR or English decimals and percentages accepted; audited; the version then waits for an admin's approval.
import { action } from '@/lib/actions/action';
import { proposePolicy as propose } from '@/lib/policy/workflow';
import { proposalFieldOf, proposePolicyForm } from '@/lib/validations/policy';

export const proposePolicy = action(
  'policy:propose',
  proposePolicyForm,
  async (proposal, { actor }) => {
    const policy = await propose(proposal, actor);
    return {
      message: 'actions.policy.proposed',
      params: { version: policy.version },
      data: { version: policy.version },
    };
  },
  { revalidate: ['/policy'], fieldOf: proposalFieldOf },
);
