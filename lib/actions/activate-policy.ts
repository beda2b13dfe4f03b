'use server';
// Activates an approved decision policy version (policy:activate); the active one is retired in the same
// transaction. Runs already started keep their version. Audited.
import { action, type ActionResult } from '@/lib/actions/action';
import { activatePolicy as activate } from '@/lib/policy/workflow';
import { policyVersionInput } from '@/lib/validations/policy';

export const activatePolicy = action(
  'policy:activate',
  policyVersionInput,
  async ({ version }, { actor }): Promise<ActionResult<undefined>> => {
    const { retired } = await activate(version, actor);
    if (retired === null) return { message: 'actions.policy.activated', params: { version } };
    return { message: 'actions.policy.activatedReplacing', params: { version, retired } };
  },
  { revalidate: ['/policy'] },
);
