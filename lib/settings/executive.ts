// The executive dashboard's provision (PDD) assumptions: an app setting the page shows and its editors change.
import 'server-only';
import { defineSetting } from '@/lib/settings/store';
import { PROVISION_DEFAULTS, provisionAssumptionsSchema } from '@/app/(dashboard)/executive/provision';

export const executiveProvision = defineSetting({
  key: 'executive.provision',
  schema: provisionAssumptionsSchema,
  defaults: PROVISION_DEFAULTS,
});
