import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session, signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers, TEST_PASSWORD } from '@/lib/test/users';
import { db } from '@/lib/db';
import { checkCredentials, type LoginResult } from '@/lib/auth/login';
import { ADDRESS_RULE } from '@/lib/auth/login-policy';
import { AuthError, authorize, currentUser, requirePage } from '@/lib/auth/session';
import type { Role } from '@/lib/auth/roles';

let t: TestDatabase;
let ids: Record<Role, string>;
beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(() => t.drop());

describe('sign-in', () => {
  const wrongGuesses = (email: string, address: string, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => checkCredentials(email, `guess-${i}`, { address })));
  const codes = (rs: LoginResult[]) => [...new Set(rs.map((r) => (r.ok ? 'OK' : r.code)))];

  it('accepts the right password, case-insensitively on the e-mail', async () => {
    const r = await checkCredentials('  Manager@Test.Local ', TEST_PASSWORD, { address: '10.0.0.1' });
    expect(r).toMatchObject({ ok: true, user: { role: 'MANAGER', email: 'manager@test.local' } });
  });

  it('answers the same INVALID for an unknown user and for a wrong password', async () => {
    expect(await checkCredentials('nobody@test.local', 'whatever-password', { address: '10.0.0.2' })).toEqual(
      {
        ok: false,
        code: 'INVALID',
      },
    );
    expect(await checkCredentials('executive@test.local', 'wrong-password', { address: '10.0.0.2' })).toEqual(
      {
        ok: false,
        code: 'INVALID',
      },
    );
  });

  it('locks out 36 parallel guesses from one address; the owner, from their own machine, still gets in', async () => {
    const email = 'data_scientist@test.local';
    const attacker = '203.0.113.7';
    const results = await wrongGuesses(email, attacker, 36);
    expect(codes(results)).toEqual(['INVALID']);
    // The guesses were counted one at a time, so the address is locked: even the right password fails there.
    expect(await checkCredentials(email, TEST_PASSWORD, { address: attacker })).toEqual({
      ok: false,
      code: 'INVALID',
    });
    const rows = await db.loginThrottle.findMany({ where: { key: `address:${attacker}` } });
    expect(rows[0]).toMatchObject({ failures: ADDRESS_RULE.limit });
    expect(rows[0]!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // The attacker cannot lock the owner out: from another address the right password works.
    expect(await checkCredentials(email, TEST_PASSWORD, { address: '198.51.100.20' })).toMatchObject({
      ok: true,
      user: { email },
    });
  });

  it('answers a known and an unknown e-mail identically under the same attack', async () => {
    const known = await wrongGuesses('admin@test.local', '203.0.113.8', 36);
    const unknown = await wrongGuesses('no-such-user@test.local', '203.0.113.9', 36);
    expect(known).toEqual(unknown);
    expect(await checkCredentials('admin@test.local', TEST_PASSWORD, { address: '203.0.113.8' })).toEqual(
      await checkCredentials('no-such-user@test.local', TEST_PASSWORD, { address: '203.0.113.9' }),
    );
    // Unknown e-mails are throttled too, under a hash: the table is not a list of what strangers typed.
    const keys = (await db.loginThrottle.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys.some((k) => k.includes('no-such-user'))).toBe(false);
  });

  it('answers identically, one guess after another, whether the e-mail exists or not', async () => {
    const sequential = async (email: string, address: string) => {
      const out: LoginResult[] = [];
      for (let i = 0; i < 8; i++) out.push(await checkCredentials(email, `seq-${i}`, { address }));
      return out;
    };
    expect(await sequential('manager@test.local', '203.0.113.11')).toEqual(
      await sequential('not-a-manager@test.local', '203.0.113.12'),
    );
  });

  it('locks an address spraying many accounts, and lets it try again once the lock has passed', async () => {
    const address = '203.0.113.10';
    const t0 = new Date(Date.now() + 60 * 60_000);
    for (let i = 0; i < ADDRESS_RULE.limit; i++) {
      await checkCredentials(`sprayed-${i}@test.local`, 'Password123!', { address, now: t0 });
    }
    const email = 'executive@test.local';
    expect(await checkCredentials(email, TEST_PASSWORD, { address, now: new Date(+t0 + 30_000) })).toEqual({
      ok: false,
      code: 'INVALID',
    });
    const later = new Date(+t0 + ADDRESS_RULE.baseLockMs + 1_000);
    expect(await checkCredentials(email, TEST_PASSWORD, { address, now: later })).toMatchObject({ ok: true });
  });

  it('refuses a disabled user', async () => {
    const u = await db.user.create({
      data: {
        email: 'gone@test.local',
        name: 'Gone',
        role: 'MANAGER',
        passwordHash: (await db.user.findUniqueOrThrow({ where: { id: ids.MANAGER } })).passwordHash,
        active: false,
      },
    });
    expect(await checkCredentials(u.email, TEST_PASSWORD, { address: '10.0.0.3' })).toEqual({
      ok: false,
      code: 'DISABLED',
    });
  });
});

describe('permission checks re-read the user on every request', () => {
  it('a role change takes effect at the next request, with the same session', async () => {
    const u = await db.user.create({
      data: { email: 'mover@test.local', name: 'Mover', role: 'MANAGER', passwordHash: 'x' },
    });
    signInAs(u.id);
    expect((await authorize('alerts:view')).role).toBe('MANAGER');
    await db.user.update({ where: { id: u.id }, data: { role: 'EXECUTIVE' } });
    await expect(authorize('alerts:view')).rejects.toMatchObject({ status: 403 });
    expect((await authorize('executive:view')).role).toBe('EXECUTIVE');
  });

  it('disabling a user signs them out at the next request', async () => {
    signInAs(ids.EXECUTIVE);
    expect(await currentUser()).not.toBeNull();
    await db.user.update({ where: { id: ids.EXECUTIVE }, data: { active: false } });
    expect(await currentUser()).toBeNull();
    await expect(authorize('executive:view')).rejects.toBeInstanceOf(AuthError);
    await db.user.update({ where: { id: ids.EXECUTIVE }, data: { active: true } });
  });

  it('pages redirect signed-out users to /login and answer 403 to the wrong role', async () => {
    signInAs(null);
    await expect(requirePage('executive:view')).rejects.toThrow('NEXT_REDIRECT:/login');
    signInAs(ids.MANAGER);
    await expect(requirePage('executive:view')).rejects.toThrow('NEXT_FORBIDDEN');
    await expect(requirePage('alerts:view')).resolves.toMatchObject({ role: 'MANAGER' });
    expect(session.userId).toBe(ids.MANAGER);
  });
});
