// Every server action refuses the roles that may not use it (403, nothing changes) and signed-out callers (401);
// the admin actions do their work. The model actions' work is tested with the registry, training's with the
// worker and compute-features with the feature store.
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
import { promoteModel } from '@/lib/actions/promote-model';
import { setChallengerModel } from '@/lib/actions/set-challenger-model';
import { retireModel } from '@/lib/actions/retire-model';
import { rollbackModel } from '@/lib/actions/rollback-model';
import { startTraining } from '@/lib/actions/start-training';
import { computeFeatures } from '@/lib/actions/compute-features';
import { initialActionState } from '@/lib/actions/action-state';

let t: TestDatabase;
let ids: Record<Role, string>;
let keyId: string;

function form(v: Record<string, string>) {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

async function snapshot() {
  const [users, keys, audit, models, jobs, featureRuns] = await Promise.all([
    db.user.findMany({ orderBy: { email: 'asc' }, select: { email: true, role: true, active: true } }),
    db.apiKey.findMany({ orderBy: { prefix: 'asc' }, select: { prefix: true, revokedAt: true } }),
    db.auditLog.count(),
    db.modelVersion.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true } }),
    db.trainingJob.count(),
    db.featureRun.count(),
  ]);
  return { users, keys, audit, models, jobs, featureRuns };
}

const adminActions = {
  createUser: () =>
    createUser(
      initialActionState,
      form({
        name: 'New Person',
        email: 'new@test.local',
        role: 'MANAGER',
        password: 'long-enough-password',
      }),
    ),
  updateUser: () => updateUser(null, { id: ids.MANAGER, role: 'ADMIN' }),
  createApiKey: () => createApiKey(initialActionState, form({ name: 'etl', role: 'DATA_SCIENTIST' })),
  revokeApiKey: () => revokeApiKey(null, { id: keyId }),
};

const SOME_MODEL = '00000000-0000-4000-8000-000000000001';
/** models:manage: data scientists only. */
const modelActions = {
  promoteModel: () => promoteModel(null, { id: SOME_MODEL }),
  setChallengerModel: () => setChallengerModel(null, { id: SOME_MODEL }),
  retireModel: () => retireModel(null, { id: SOME_MODEL }),
  rollbackModel: () => rollbackModel(null, {}),
  startTraining: () => startTraining(null, { trainFrom: '2025-01', trainTo: '2025-06' }),
  computeFeatures: () => computeFeatures(initialActionState, form({ asOfMonth: '2025-06' })),
};

const guarded = [
  ...Object.entries(adminActions).map(([name, call]) => ({ name, call, allowed: 'ADMIN' as Role })),
  ...Object.entries(modelActions).map(([name, call]) => ({ name, call, allowed: 'DATA_SCIENTIST' as Role })),
];

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

describe.each(guarded)('action $name', ({ call, allowed }) => {
  it.each(ROLES.filter((r) => r !== allowed))('refuses %s with 403 and changes nothing', async (role) => {
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
      status: 409,
      fieldErrors: { email: ['Já existe um usuário com este e-mail.'] },
    });
    const bad = await createUser(
      initialActionState,
      form({ name: 'x', email: 'not-an-email', role: 'KING', password: 'short' }),
    );
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'password', 'role']);
  });

  it('changes a role and disables a user, and audits both', async () => {
    signInAs(ids.ADMIN);
    const auditBefore = await db.auditLog.count();
    expect(await updateUser(null, { id: ids.MANAGER, role: 'EXECUTIVE' })).toMatchObject({ ok: true });
    expect(await updateUser(null, { id: ids.MANAGER, active: false })).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: ids.MANAGER } })).toMatchObject({
      role: 'EXECUTIVE',
      active: false,
    });
    expect(await db.auditLog.count()).toBe(auditBefore + 2);
    expect(await updateUser(null, { id: ids.ADMIN, active: false })).toMatchObject({
      ok: false,
      message: 'Você não pode desativar a própria conta nem remover o seu perfil de administrador.',
    });
    await updateUser(null, { id: ids.MANAGER, role: 'MANAGER', active: true });
  });

  it('creates an API key shown once and revokes it', async () => {
    signInAs(ids.ADMIN);
    const r = await adminActions.createApiKey();
    expect(r.ok).toBe(true);
    expect(r.data?.secret).toMatch(/^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    // The secret is base64url and may itself contain '_': only the hex prefix is delimited.
    const [, prefix, secret] = /^pk_([0-9a-f]{12})_(.+)$/.exec(r.data!.secret)!;
    const key = await db.apiKey.findUniqueOrThrow({ where: { prefix } });
    expect(key.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.secretHash).not.toContain(secret);
    expect(await revokeApiKey(null, { id: key.id })).toMatchObject({
      ok: true,
      message: 'Chave de API “etl” revogada.',
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeInstanceOf(Date);
  });
});

describe('setLocale', () => {
  it('refuses signed-out callers and unknown languages, and stores the choice', async () => {
    signInAs(null);
    expect(await setLocale(null, { locale: 'en' })).toMatchObject({ ok: false, status: 401 });
    expect(session.cookies.has('locale')).toBe(false);
    signInAs(ids.EXECUTIVE);
    expect(await setLocale(null, { locale: 'klingon' as 'en' })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { locale: ['Escolha uma das opções.'] },
    });
    expect(await setLocale(null, { locale: 'en' })).toMatchObject({ ok: true });
    expect(session.cookies.get('locale')).toBe('en');
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.EXECUTIVE } })).locale).toBe('en');
  });
});
