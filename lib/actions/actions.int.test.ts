// Every server action refuses the roles that may not use it (403, nothing changes) and signed-out callers (401).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session, signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import { ROLES, type Role } from '@/lib/auth/roles';
import { createUser } from '@/lib/actions/create-user';
import { updateUser } from '@/lib/actions/update-user';
import { createApiKey } from '@/lib/actions/create-api-key';
import { revokeApiKey } from '@/lib/actions/revoke-api-key';
import { setLocale } from '@/lib/actions/set-locale';
import { initialFormState } from '@/lib/validations/users';

let t: TestDatabase;
let ids: Record<Role, string>;
let keyId: string;

function form(v: Record<string, string>) {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

async function snapshot() {
  const [users, keys, audit] = await Promise.all([
    db.user.findMany({ orderBy: { email: 'asc' }, select: { email: true, role: true, active: true } }),
    db.apiKey.findMany({ orderBy: { prefix: 'asc' }, select: { prefix: true, revokedAt: true } }),
    db.auditLog.count(),
  ]);
  return { users, keys, audit };
}

const adminActions = {
  createUser: () =>
    createUser(
      initialFormState,
      form({
        name: 'New Person',
        email: 'new@test.local',
        role: 'MANAGER',
        password: 'long-enough-password',
      }),
    ),
  updateUser: () => updateUser({ id: ids.MANAGER, role: 'ADMIN' }),
  createApiKey: () => createApiKey(initialFormState, form({ name: 'etl', role: 'DATA_SCIENTIST' })),
  revokeApiKey: () => revokeApiKey({ id: keyId }),
};

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  keyId = (
    await db.apiKey.create({
      data: { name: 'existing', prefix: 'abcdef012345', role: 'DATA_SCIENTIST', secretHash: 'x' },
    })
  ).id;
});
afterAll(() => t.drop());

describe.each(Object.entries(adminActions))('action %s', (_name, call) => {
  it.each(ROLES.filter((r) => r !== 'ADMIN'))('refuses %s with 403 and changes nothing', async (role) => {
    signInAs(ids[role]);
    const before = await snapshot();
    const r = await call();
    expect(r).toMatchObject({ ok: false, status: 403 });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a signed-out caller with 401 and changes nothing', async () => {
    signInAs(null);
    const before = await snapshot();
    expect(await call()).toMatchObject({ ok: false, status: 401 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('admin actions do their work', () => {
  it('creates a user, validates fields and rejects a duplicate e-mail', async () => {
    signInAs(ids.ADMIN);
    expect(await adminActions.createUser()).toMatchObject({ ok: true });
    expect(await db.user.findUnique({ where: { email: 'new@test.local' } })).toMatchObject({
      role: 'MANAGER',
      active: true,
    });
    expect(await adminActions.createUser()).toMatchObject({
      ok: false,
      fieldErrors: { email: ['Already in use'] },
    });
    const bad = await createUser(
      initialFormState,
      form({ name: 'x', email: 'not-an-email', role: 'KING', password: 'short' }),
    );
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'password', 'role']);
  });

  it('changes a role and disables a user, and audits both', async () => {
    signInAs(ids.ADMIN);
    const auditBefore = await db.auditLog.count();
    expect(await updateUser({ id: ids.MANAGER, role: 'EXECUTIVE' })).toMatchObject({ ok: true });
    expect(await updateUser({ id: ids.MANAGER, active: false })).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: ids.MANAGER } })).toMatchObject({
      role: 'EXECUTIVE',
      active: false,
    });
    expect(await db.auditLog.count()).toBe(auditBefore + 2);
    expect(await updateUser({ id: ids.ADMIN, active: false })).toMatchObject({ ok: false });
    await updateUser({ id: ids.MANAGER, role: 'MANAGER', active: true });
  });

  it('creates an API key shown once and revokes it', async () => {
    signInAs(ids.ADMIN);
    const r = await adminActions.createApiKey();
    expect(r.ok).toBe(true);
    expect(r.secret).toMatch(/^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    // The secret is base64url and may itself contain '_': only the hex prefix is delimited.
    const [, prefix, secret] = /^pk_([0-9a-f]{12})_(.+)$/.exec(r.secret!)!;
    const key = await db.apiKey.findUniqueOrThrow({ where: { prefix } });
    expect(key.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.secretHash).not.toContain(secret);
    expect(await revokeApiKey({ id: key.id })).toMatchObject({ ok: true });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeInstanceOf(Date);
  });
});

describe('setLocale', () => {
  it('refuses signed-out callers and unknown languages, and stores the choice', async () => {
    signInAs(null);
    expect(await setLocale('en')).toMatchObject({ ok: false });
    signInAs(ids.EXECUTIVE);
    expect(await setLocale('klingon')).toMatchObject({ ok: false });
    expect(await setLocale('en')).toMatchObject({ ok: true });
    expect(session.cookies.get('locale')).toBe('en');
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.EXECUTIVE } })).locale).toBe('en');
  });
});
