// The demo users the e2e suite signs in as (seeded by scripts/e2e.ts) and where their sessions are stored.
import { DEMO_USERS } from '../lib/seed/users';

export const ROLE_USERS = Object.fromEntries(DEMO_USERS.map((u) => [u.role, u])) as Record<
  'EXECUTIVE' | 'MANAGER' | 'DATA_SCIENTIST' | 'ADMIN',
  (typeof DEMO_USERS)[number]
>;

export const storageState = (role: string) => `e2e/.auth/${role.toLowerCase()}.json`;
