// The Política page's server actions: each refuses the roles that may not use it (403) and signed-out callers
// (401) with nothing changed, and does its work for the roles that may, answering in the user's language
// with field errors next to the form's fields.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import { ROLES, type Role } from '@/lib/auth/roles';
import { initialActionState, type ActionState } from '@/lib/actions/action-state';
import { proposePolicy } from '@/lib/actions/propose-policy';
import { approvePolicy } from '@/lib/actions/approve-policy';
import { rejectPolicy } from '@/lib/actions/reject-policy';
import { activatePolicy } from '@/lib/actions/activate-policy';
import { ensureDefaultPolicy } from '@/lib/policy/store';

let t: TestDatabase;
let ids: Record<Role, string>;

const FORM = {
  moderateThreshold: '0,18',
  criticalThreshold: '45%',
  holdoutShare: '0,05',
  holdoutSalt: 'v1',
  performanceWindowMonths: '3',
  channel1: 'WHATSAPP',
  channel2: 'APP',
  channel3: '',
  channel4: '',
  note: 'Antecipar o contato com quem está perto do limiar.',
};

function form(v: Record<string, string>) {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

async function snapshot() {
  const [policies, audit] = await Promise.all([
    pool()
      .query(`SELECT version, status, "approvedById", "activatedById", "rejectedById" FROM "DecisionPolicy"
                   ORDER BY version`),
    db.auditLog.count(),
  ]);
  return { policies: policies.rows, audit };
}

/** v1 active (fresh install), v2 proposed and v3 approved by the workflow, as the page would show them. */
async function pendingVersions() {
  await pool().query(`DELETE FROM "DecisionPolicy"; DELETE FROM "AuditLog"`);
  await ensureDefaultPolicy();
  signInAs(ids.DATA_SCIENTIST);
  expect(await proposePolicy(initialActionState, form(FORM))).toMatchObject({ ok: true });
  expect(await proposePolicy(initialActionState, form({ ...FORM, moderateThreshold: '0,19' }))).toMatchObject(
    {
      ok: true,
    },
  );
  signInAs(ids.ADMIN);
  expect(await approvePolicy(null, { version: 3 })).toMatchObject({ ok: true });
  signInAs(null);
}

const guarded: { name: string; call: () => Promise<ActionState<unknown>>; allowed: Role[] }[] = [
  {
    name: 'proposePolicy',
    call: () => proposePolicy(initialActionState, form(FORM)),
    allowed: ['DATA_SCIENTIST'],
  },
  { name: 'approvePolicy', call: () => approvePolicy(null, { version: 2 }), allowed: ['ADMIN'] },
  { name: 'rejectPolicy', call: () => rejectPolicy(null, { version: 2, note: 'não' }), allowed: ['ADMIN'] },
  {
    name: 'activatePolicy',
    call: () => activatePolicy(null, { version: 3 }),
    allowed: ['DATA_SCIENTIST', 'ADMIN'],
  },
];

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(() => t.drop());

describe.each(guarded)('action $name', ({ call, allowed }) => {
  beforeEach(pendingVersions);

  it.each(ROLES.filter((r) => !allowed.includes(r)))(
    'refuses %s with 403 and changes nothing',
    async (role) => {
      signInAs(ids[role]);
      const before = await snapshot();
      expect(await call()).toMatchObject({ ok: false, status: 403 });
      expect(await snapshot()).toEqual(before);
    },
  );

  it('refuses a signed-out caller with 401 and changes nothing', async () => {
    signInAs(null);
    const before = await snapshot();
    expect(await call()).toMatchObject({ ok: false, status: 401 });
    expect(await snapshot()).toEqual(before);
  });

  it.each(allowed)('does its work for %s', async (role) => {
    signInAs(ids[role]);
    const before = await snapshot();
    expect(await call()).toMatchObject({ ok: true });
    expect((await snapshot()).audit).toBe(before.audit + 1);
  });
});

describe('the actions answer in the page’s terms', () => {
  beforeEach(pendingVersions);

  it('stores pt-BR decimals and percentages typed in the form as the fractions they mean', async () => {
    const r = await pool().query(
      `SELECT "moderateThreshold", "criticalThreshold", "holdoutShare", "channelPreference"::text[] AS ch, note
         FROM "DecisionPolicy" WHERE version = 2`,
    );
    expect(r.rows[0]).toEqual({
      moderateThreshold: 0.18,
      criticalThreshold: 0.45,
      holdoutShare: 0.05,
      ch: ['WHATSAPP', 'APP'],
      note: FORM.note,
    });
  });

  it('says what happened, and puts invalid values next to their fields', async () => {
    signInAs(ids.DATA_SCIENTIST);
    expect(await proposePolicy(initialActionState, form({ ...FORM, moderateThreshold: '0,17' }))).toEqual({
      ok: true,
      message: 'Versão 4 proposta: aguarda a aprovação de um administrador.',
      data: { version: 4 },
    });
    const before = await snapshot();
    const bad = await proposePolicy(
      initialActionState,
      form({ ...FORM, criticalThreshold: '0,1', holdoutSalt: 'com espaço', note: '' }),
    );
    expect(bad).toMatchObject({ ok: false, status: 400, message: 'Verifique os campos destacados.' });
    expect(bad.fieldErrors).toEqual({
      criticalThreshold: ['O limiar CRÍTICO deve ser maior que o limiar MODERADO.'],
      holdoutSalt: ['Use de 1 a 64 letras sem acento, dígitos, ponto, hífen ou sublinhado, sem espaços.'],
      note: ['Campo obrigatório.'],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses the proposer approving and an invalid transition, in words', async () => {
    // The data scientist who proposed v2 is made an admin: four-eyes still holds.
    await db.user.update({ where: { id: ids.DATA_SCIENTIST }, data: { role: 'ADMIN' } });
    try {
      signInAs(ids.DATA_SCIENTIST);
      expect(await approvePolicy(null, { version: 2 })).toMatchObject({
        ok: false,
        status: 403,
        message: 'Quem propôs a versão 2 não pode aprová-la: outro administrador precisa revisá-la.',
      });
    } finally {
      await db.user.update({ where: { id: ids.DATA_SCIENTIST }, data: { role: 'DATA_SCIENTIST' } });
    }
    signInAs(ids.ADMIN);
    expect(await activatePolicy(null, { version: 2 })).toMatchObject({
      ok: false,
      status: 409,
      message: 'Só uma versão aprovada pode ser ativada: a versão 2 está proposta, aguardando aprovação.',
    });
    expect(await activatePolicy(null, { version: 3 })).toMatchObject({
      ok: true,
      message:
        'Versão 3 ativada; a versão 1 foi aposentada. Execuções já iniciadas mantêm a versão com que começaram.',
    });
    expect(await activatePolicy(null, { version: 3 })).toMatchObject({ ok: false, status: 409 });
    expect(await rejectPolicy(null, { version: 2, note: '  ' })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { note: ['Campo obrigatório.'] },
    });
    expect(await approvePolicy(null, { version: 'abc' as unknown as number })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { version: ['Versão inválida: use um número inteiro a partir de 1.'] },
    });
    expect(await approvePolicy(null, { version: 77 })).toMatchObject({
      ok: false,
      status: 404,
      message: 'A versão 77 da política não existe.',
    });
  });
});
