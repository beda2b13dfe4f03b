'use server';
// Saves the executive dashboard's provision (PDD) assumptions. Editors: whoever reads the dashboard
// ('executive:view': executives own these business assumptions); audited by setSetting.
import { action } from '@/lib/actions/action';
import { setSetting } from '@/lib/settings/store';
import { executiveProvision } from '@/lib/settings/executive';
import { provisionAssumptionsSchema } from '@/app/(dashboard)/executive/provision';

export const saveProvisionSettings = action(
  'executive:view',
  provisionAssumptionsSchema,
  async (input, { actor }) => {
    await setSetting(executiveProvision, input, actor);
    return { message: 'executive.provision.saved' };
  },
  { revalidate: ['/executive'] },
);
