// The one permission helper. Every page read, server action and route handler asks it for an Actor holding a
// permission; it re-reads the user from the database each request, so disabling a user, changing a role or
// signing out (which bumps User.tokenVersion) takes effect at once even though next-auth sessions are JWTs.
import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { forbidden, redirect } from 'next/navigation';
import { db } from '@/lib/db';
import { authOptions } from '@/lib/auth/options';
import { isRole, roleCan, type Permission, type Role } from '@/lib/auth/roles';
import { hashApiSecret as hashSecret, parseBearerKey } from '@/lib/auth/api-key-format';
import { verifyApiKey } from '@/lib/auth/api-keys';
import { scopeFor, type Scope } from '@/lib/auth/scopes';
import { UUID_RE } from '@/lib/validations/common';

export interface Actor {
  kind: 'user' | 'apiKey';
  id: string;
  name: string;
  email: string | null;
  role: Role;
  locale: string;
  /** API keys only: what the key may do on top of its role (lib/auth/scopes.ts). */
  scopes?: readonly Scope[];
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
  const session = (await getServerSession(authOptions())) as {
    userId?: unknown;
    tokenVersion?: unknown;
  } | null;
  const id = session?.userId;
  if (typeof id !== 'string' || !UUID_RE.test(id)) return null;
  // Tokens issued before versions existed carry none: they count as version 0, so the user's next sign-out
  // (version 1) revokes them like any other.
  const version = session?.tokenVersion ?? 0;
  const user = await db.user.findUnique({ where: { id } });
  if (!user || !user.active || !isRole(user.role)) return null;
  if (version !== user.tokenVersion) return null;
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
  return hashSecret(secret);
}

/**
 * True when the request authenticates with an Authorization header (an API key), never with the session
 * cookie: such a request carries no ambient credential a foreign site could borrow.
 */
export function usesAuthorizationHeader(request: Request): boolean {
  // The same test authorize() applies: an empty header falls back to the cookie, so it is not exempt.
  return Boolean(request.headers.get('authorization'));
}

async function apiKeyActor(header: string | null): Promise<Actor | null | 'invalid'> {
  const parsed = parseBearerKey(header);
  if (parsed === null || parsed === 'invalid') return parsed;
  // Cached for a short TTL, with lastUsedAt written at most once a minute: no write per request. Throws
  // RateLimitError (429) when the key is over its limit.
  const key = await verifyApiKey(parsed.prefix, parsed.secret);
  if (!key) return 'invalid';
  return {
    kind: 'apiKey',
    id: key.id,
    name: key.name,
    email: null,
    role: key.role,
    locale: 'pt-BR',
    scopes: key.scopes,
  };
}

/**
 * For server actions and reads: returns the actor or throws AuthError(401/403) (RateLimitError for a key over
 * its limit). An API key also needs the permission's scope (lib/auth/scopes.ts), or `opts.scope` when a
 * caller names one.
 */
export async function authorize(
  permission: Permission,
  request?: Request,
  opts: { scope?: Scope | null } = {},
): Promise<Actor> {
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
  if (actor.kind === 'apiKey') {
    const scope = opts.scope === undefined ? scopeFor(permission) : opts.scope;
    if (scope === null) throw new AuthError(403, 'errors.auth.notForApiKeys', { permission });
    if (!actor.scopes?.includes(scope)) throw new AuthError(403, 'errors.auth.scopeMissing', { scope });
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
