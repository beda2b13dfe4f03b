// Creates one user per role (and API keys) in the current test database.
import crypto from 'node:crypto';
import { db } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import { hashApiSecret } from '@/lib/auth/session';
import { ROLES, type Role } from '@/lib/auth/roles';
import { SCOPES, type Scope } from '@/lib/auth/scopes';

export const TEST_PASSWORD = 'correct horse battery staple';

export async function createRoleUsers(): Promise<Record<Role, string>> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const ids = {} as Record<Role, string>;
  for (const role of ROLES) {
    const u = await db.user.create({
      data: { email: `${role.toLowerCase()}@test.local`, name: `Test ${role}`, role, passwordHash },
    });
    ids[role] = u.id;
  }
  return ids;
}

/** An API key for the role; by default with every scope, so only the role decides what it may do. */
export async function createApiKeyFor(
  role: Role,
  opts: { scopes?: Scope[]; rateLimitPerMinute?: number } = {},
): Promise<string> {
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(24).toString('base64url');
  await db.apiKey.create({
    data: {
      name: `key-${role}-${prefix}`,
      prefix,
      role,
      secretHash: hashApiSecret(secret),
      scopes: opts.scopes ?? [...SCOPES],
      ...(opts.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}),
    },
  });
  return `pk_${prefix}_${secret}`;
}
