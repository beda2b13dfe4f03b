import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session, signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers, TEST_PASSWORD } from '@/lib/test/users';
import { db } from '@/lib/db';
import { checkCredentials, MAX_FAILURES } from '@/lib/auth/login';
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
  it('accepts the right password, case-insensitively on the e-mail', async () => {
    const r = await checkCredentials('  Manager@Test.Local ', TEST_PASSWORD);
    expect(r).toMatchObject({ ok: true, user: { role: 'MANAGER', email: 'manager@test.local' } });
  });

  it('answers the same INVALID for an unknown user and for a wrong password', async () => {
    expect(await checkCredentials('nobody@test.local', 'whatever-password')).toEqual({
      ok: false,
      code: 'INVALID',
    });
    expect(await checkCredentials('executive@test.local', 'wrong-password')).toEqual({
      ok: false,
      code: 'INVALID',
    });
    await checkCredentials('executive@test.local', TEST_PASSWORD); // success resets the counter
  });

  it('locks an account after repeated failures, even for the right password, until the lock expires', async () => {
    const email = 'data_scientist@test.local';
    const now = new Date('2026-11-26T12:00:00Z');
    for (let i = 1; i < MAX_FAILURES; i++) {
      expect(await checkCredentials(email, `bad-${i}`, now)).toEqual({ ok: false, code: 'INVALID' });
    }
    const locked = await checkCredentials(email, 'bad-last', now);
    expect(locked).toMatchObject({ ok: false, code: 'LOCKED' });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(60);
    expect(await checkCredentials(email, TEST_PASSWORD, new Date(+now + 30_000))).toMatchObject({
      code: 'LOCKED',
    });
    const later = new Date(+now + 61 * 60_000);
    expect(await checkCredentials(email, TEST_PASSWORD, later)).toMatchObject({ ok: true });
    const u = await db.user.findUniqueOrThrow({ where: { email } });
    expect(u.failedLoginCount).toBe(0);
    expect(u.lockedUntil).toBeNull();
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
    expect(await checkCredentials(u.email, TEST_PASSWORD)).toEqual({ ok: false, code: 'DISABLED' });
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
