// Sessions end at sign-out for real: the sign-in, session and sign-out requests go through next-auth itself
// (its request handler, cookie encryption, CSRF double-submit and callbacks, with this app's options), and a
// session cookie copied before signing out is refused afterwards. Only the transport is replaced: next-auth's
// Node-style handler gets plain request objects instead of an HTTP server, and getServerSession (which in
// the app reads the cookie through next/headers) reads this test's cookie jar.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers, TEST_PASSWORD } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';

process.env.NEXTAUTH_URL = 'http://localhost:3000';
const jar = new Map<string, string>();
const SESSION = 'next-auth.session-token';

vi.mock('next-auth', async (importOriginal) => {
  const orig = await importOriginal<typeof import('next-auth')>();
  return {
    ...orig,
    // The real getServerSession, fed this test's cookies instead of next/headers.
    getServerSession: (options: import('next-auth').NextAuthOptions) =>
      orig.getServerSession(
        { headers: {}, cookies: Object.fromEntries(jar) } as never,
        { getHeader() {}, setCookie() {}, setHeader() {} } as never,
        options,
      ),
  };
});
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: () => undefined }),
  headers: async () => new Headers(),
}));

const { default: NextAuth } = await import('next-auth');
const { authOptions } = await import('@/lib/auth/options');
const { currentUser } = await import('@/lib/auth/session');

interface Answer {
  status: number;
  body: unknown;
  location?: string;
}

/** One request to next-auth's handler (/api/auth/<action>), cookies in and out of the jar. */
async function auth(
  action: string,
  init: { method?: string; body?: Record<string, string>; ip?: string } = {},
) {
  const answer: Answer = { status: 200, body: undefined };
  const headers: Record<string, unknown> = {};
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    getHeader: (k: string) => headers[k.toLowerCase()],
    setHeader(k: string, v: unknown) {
      headers[k.toLowerCase()] = v;
      return res;
    },
    send(body: unknown) {
      answer.body = body;
    },
    json(body: unknown) {
      answer.body = body;
    },
    end() {},
  };
  const req = {
    method: init.method ?? 'GET',
    query: { nextauth: action.split('/') },
    body: init.body ?? {},
    cookies: Object.fromEntries(jar),
    headers: { host: 'localhost:3000', 'x-forwarded-for': init.ip ?? '192.0.2.50' },
  };
  await NextAuth(req as never, res as never, authOptions());
  for (const c of ([] as string[]).concat((headers['set-cookie'] as string[]) ?? [])) {
    const [pair = '', ...attrs] = c.split(';');
    const [name = '', ...v] = pair.split('=');
    const value = decodeURIComponent(v.join('='));
    if (!value || attrs.some((a) => /^\s*max-age=0/i.test(a))) jar.delete(name.trim());
    else jar.set(name.trim(), value);
  }
  answer.location = headers.location as string | undefined;
  return answer;
}

async function csrf(): Promise<string> {
  return ((await auth('csrf')).body as { csrfToken: string }).csrfToken;
}

async function signIn(email: string, password: string, ip?: string) {
  const csrfToken = await csrf();
  return auth('callback/credentials', {
    method: 'POST',
    body: { csrfToken, email, password, json: 'true' },
    ip,
  });
}

let t: TestDatabase;
let ids: Record<Role, string>;
beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(() => t.drop());

describe('sign-in and sign-out through next-auth', () => {
  it('signs in with the right password, counting the attempt against the request address', async () => {
    jar.clear();
    const bad = await signIn('manager@test.local', 'wrong-password', '192.0.2.77');
    expect(String((bad.body as { url: string }).url)).toContain('error=INVALID');
    expect(jar.has(SESSION)).toBe(false);
    expect(await db.loginThrottle.findUnique({ where: { key: 'address:192.0.2.77' } })).toMatchObject({
      failures: 1,
    });

    await signIn('manager@test.local', TEST_PASSWORD);
    expect(jar.has(SESSION)).toBe(true);
    expect(await currentUser()).toMatchObject({ id: ids.MANAGER, role: 'MANAGER' });
  });

  it('revokes the session at sign-out: a cookie copied before no longer works after', async () => {
    jar.clear();
    await signIn('executive@test.local', TEST_PASSWORD);
    const copied = jar.get(SESSION)!;
    expect(copied).toBeTruthy();
    expect(await currentUser()).toMatchObject({ id: ids.EXECUTIVE });

    await auth('signout', { method: 'POST', body: { csrfToken: await csrf() } });
    expect(jar.has(SESSION)).toBe(false);

    jar.set(SESSION, copied);
    expect(await currentUser()).toBeNull();

    // A new sign-in works again, and replaying the revoked cookie's sign-out does not end the new session.
    const revoked = copied;
    await signIn('executive@test.local', TEST_PASSWORD);
    const fresh = jar.get(SESSION)!;
    jar.set(SESSION, revoked);
    await auth('signout', { method: 'POST', body: { csrfToken: await csrf() } });
    jar.set(SESSION, fresh);
    expect(await currentUser()).toMatchObject({ id: ids.EXECUTIVE });
  });
});
