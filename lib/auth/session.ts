// The one permission helper. Every page read, server action and route handler asks it for an Actor holding a
// permission; it re-reads the user from the database each request, so disabling a user or changing a role
// takes effect at once even though next-auth sessions are JWTs.
import 'server-only';
import crypto from 'node:crypto';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { forbidden, redirect } from 'next/navigation';
import { db } from '@/lib/db';
import { authOptions } from '@/lib/auth/options';
import { isRole, roleCan, type Permission, type Role } from '@/lib/auth/roles';

export interface Actor {
  kind: 'user' | 'apiKey';
  id: string;
  name: string;
  email: string | null;
  role: Role;
  locale: string;
}

export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly status: 401 | 403,
    /** Catalogue key, translated at the edge ('errors.auth.signInRequired'). */
    readonly key: string,
    readonly params: Record<string, string> = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

/** The signed-in, still-active user of this request, or null. */
export const currentUser = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  const id = session?.userId;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const user = await db.user.findUnique({ where: { id } });
  if (!user || !user.active || !isRole(user.role)) return null;
  return {
    kind: 'user',
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: user.locale,
  };
});

/** API keys look like `pk_<prefix>_<secret>`; only SHA-256(secret) is stored. */
export function hashApiSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

async function apiKeyActor(header: string | null): Promise<Actor | null | 'invalid'> {
  if (!header) return null;
  const m = /^Bearer\s+pk_([A-Za-z0-9]{8,32})_([A-Za-z0-9_-]{16,128})$/.exec(header.trim());
  if (!m) return 'invalid';
  const [, prefix, secret] = m as unknown as [string, string, string];
  const key = await db.apiKey.findUnique({ where: { prefix } });
  if (!key || key.revokedAt || !isRole(key.role)) return 'invalid';
  const a = Buffer.from(hashApiSecret(secret));
  const b = Buffer.from(key.secretHash);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return 'invalid';
  await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  return { kind: 'apiKey', id: key.id, name: key.name, email: null, role: key.role, locale: 'pt-BR' };
}

/** For server actions and reads: returns the actor or throws AuthError(401/403). */
export async function authorize(permission: Permission, request?: Request): Promise<Actor> {
  let actor: Actor | null = null;
  if (request) {
    const k = await apiKeyActor(request.headers.get('authorization'));
    if (k === 'invalid') throw new AuthError(401, 'errors.auth.invalidApiKey');
    actor = k;
  }
  actor ??= await currentUser();
  if (!actor) throw new AuthError(401, 'errors.auth.signInRequired');
  if (!roleCan(actor.role, permission)) {
    throw new AuthError(403, 'errors.auth.forbidden', { role: actor.role, permission });
  }
  return actor;
}

/** For pages (server components): redirects signed-out users to /login and renders 403 for the wrong role. */
export async function requirePage(permission: Permission): Promise<Actor> {
  try {
    return await authorize(permission);
  } catch (e) {
    if (e instanceof AuthError) {
      if (e.status === 401) redirect('/login');
      forbidden();
    }
    throw e;
  }
}
