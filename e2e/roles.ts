// The demo users the e2e suite signs in as (seeded by scripts/e2e.ts) and where their sessions are stored.
import { DEMO_USERS } from '../lib/seed/users';

// The first demo user of each role signs in as that role (gerente@ for MANAGER); the other managers of the
// team have their own sessions (EXTRA_USERS), named by their key.
export const ROLE_USERS = Object.fromEntries([...DEMO_USERS].reverse().map((u) => [u.role, u])) as Record<
  'EXECUTIVE' | 'MANAGER' | 'DATA_SCIENTIST' | 'ADMIN',
  (typeof DEMO_USERS)[number]
>;

export const storageState = (role: string) => `e2e/.auth/${role.toLowerCase()}.json`;

export const EXTRA_USERS = {
  MANAGER_SUL: DEMO_USERS.find((u) => u.email === 'gerente.sul@proativa.demo')!,
  MANAGER_NORDESTE: DEMO_USERS.find((u) => u.email === 'gerente.nordeste@proativa.demo')!,
};
