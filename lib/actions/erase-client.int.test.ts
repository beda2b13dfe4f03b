// LGPD erasure end to end against a real database: only admins may erase; personal fields and consents go,
// the figures decisions and metrics use stay; the audit entry has the reason but none of the erased values;
// a second request says it is already done; and a later ingestion of the same client does not restore anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { ingestFile, type IngestOptions } from '@/lib/ingest/store';
import { computeFeatureBatch } from '@/lib/features/store';
import { eraseClient } from '@/lib/actions/erase-client';
import { getClientPrivacy } from '@/lib/data/privacy';
import { erasureDay } from '@/lib/privacy/personal-fields';
import { formatDate } from '@/lib/format';

let t: TestDatabase;
let ids: Record<Role, string>;

const HEADER =
  'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name';
const C1 =
  'C1,MASS,SE,1990-05-01,2020-01-10,true,true,true,true,joao.silva@example.com.br,11987654321,João da Silva';
const C2 =
  'C2,AFFLUENT,S,1985-02-03,2021-03-01,true,false,false,true,maria@example.com.br,21912345678,Maria Souza';
const C3 = 'C3,MASS,NE,1979-11-30,2019-06-01,false,true,false,false,ze@example.com.br,31998887766,José Lima';
const CLIENTS = `${HEADER}\n${C1}\n${C2}\n${C3}\n`;
const STATEMENTS = `clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue,purchases,cashAdvances
${['C1', 'C2', 'C3']
  .flatMap((c, i) =>
    ['2025-01', '2025-02', '2025-03'].map(
      (m, j) => `${c},${m},${5000 + i * 1000},${1200 + j * 100},180,${600 + j * 50},0,${j},900,0`,
    ),
  )
  .join('\n')}
`;
const BUREAU = `clientExternalId,referenceDate,totalDebt,overdueDebt,numInstitutions,personalLoanDebt
C1,2025-01-31,10000,0,2,3000
C1,2025-02-28,10500,200,2,3100
C2,2025-02-28,4000,0,1,0
`;
const OUTCOMES = `clientExternalId,referenceMonth,defaulted,observedAt
C1,2025-01,false,2025-04-30
C1,2025-02,true,2025-05-31
C2,2025-01,false,2025-04-30
`;

function ingest(kind: IngestOptions['kind'], text: string) {
  return ingestFile(pool(), {
    kind,
    format: 'csv',
    source: [Buffer.from(text)] as unknown as AsyncIterable<Uint8Array>,
    origin: 'test',
    actor: { id: null, name: 'test' },
  });
}

function form(v: Record<string, string>) {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

const erase = (externalId: string, reason = 'Chamado LGPD-2026-0042') =>
  eraseClient(null, form({ externalId, reason }));

/** Everything stored about a client, personal and not, with the figures derived from it. */
async function snapshot(externalId: string) {
  const c = await pool().query(
    `SELECT id, "externalId", segment, region, "birthDate"::text AS "birthDate", "relationshipStart"::text AS "relationshipStart",
            "consentApp", "consentEmail", "consentSms", "consentWhatsapp", name, email, phone, "erasedAt", "erasedById"
       FROM "Client" WHERE "externalId" = $1`,
    [externalId],
  );
  const row = c.rows[0];
  const figures = await pool().query(
    `SELECT (SELECT count(*)::int FROM "MonthlyStatement" WHERE "clientId" = $1) AS statements,
            (SELECT coalesce(sum("creditLimit" + "statementBalance" + "amountPaid"), 0)::text FROM "MonthlyStatement" WHERE "clientId" = $1) AS "statementSum",
            (SELECT count(*)::int FROM "BureauSnapshot" WHERE "clientId" = $1) AS bureau,
            (SELECT coalesce(sum("totalDebt"), 0)::text FROM "BureauSnapshot" WHERE "clientId" = $1) AS "bureauSum",
            (SELECT count(*)::int FROM "Outcome" WHERE "clientId" = $1) AS outcomes,
            (SELECT count(*) FILTER (WHERE defaulted)::int FROM "Outcome" WHERE "clientId" = $1) AS defaults,
            (SELECT coalesce(json_agg(values ORDER BY "asOfMonth"), '[]') FROM "FeatureSnapshot" WHERE "clientId" = $1) AS features`,
    [row.id],
  );
  return { client: row, figures: figures.rows[0] };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  for (const [kind, text] of [
    ['clients', CLIENTS],
    ['statements', STATEMENTS],
    ['bureau', BUREAU],
    ['outcomes', OUTCOMES],
  ] as const) {
    expect((await ingest(kind, text)).status).toBe('COMPLETED');
  }
  for (const m of ['2025-01', '2025-02', '2025-03']) await computeFeatureBatch(pool(), m);
});
afterAll(() => t.drop());

describe('erasing a client’s personal data (LGPD)', () => {
  it('is refused to every role but admin, and to signed-out callers, changing nothing', async () => {
    const before = await snapshot('C1');
    const audits = await db.auditLog.count();
    for (const role of ['EXECUTIVE', 'MANAGER', 'DATA_SCIENTIST'] as Role[]) {
      signInAs(ids[role]);
      const r = await erase('C1');
      expect(r, role).toMatchObject({ ok: false, status: 403 });
    }
    signInAs(null);
    expect(await erase('C1')).toMatchObject({ ok: false, status: 401 });
    expect(await snapshot('C1')).toEqual(before);
    expect(await db.auditLog.count()).toBe(audits);
  });

  it('asks for a reason, and refuses one that copies the client’s personal data into the audit trail', async () => {
    signInAs(ids.ADMIN);
    const before = await snapshot('C1');
    const empty = await erase('C1', '  ');
    expect(empty).toMatchObject({ ok: false, status: 400 });
    expect(empty.fieldErrors?.reason?.[0]).toBeTruthy();
    const named = await erase('C1', 'Pedido de João da Silva por telefone');
    expect(named).toMatchObject({ ok: false, status: 422 });
    expect(named.fieldErrors?.reason?.[0]).toMatch(/repete o nome do cliente/);
    expect(await erase('C1', 'retornar para 11 98765-4321')).toMatchObject({ ok: false, status: 422 });
    expect(await snapshot('C1')).toEqual(before);
  });

  it('says which client does not exist', async () => {
    signInAs(ids.ADMIN);
    expect(await erase('NOPE-1')).toMatchObject({
      ok: false,
      status: 404,
      message: 'Nenhum cliente com o código NOPE-1.',
    });
  });

  it('erases name, e-mail, phone, birth date and consents, keeping every figure', async () => {
    signInAs(ids.MANAGER);
    expect(await getClientPrivacy('C1')).toEqual({ erasedOn: null, canErase: false });
    const before = await snapshot('C1');
    expect(before.figures).toMatchObject({ statements: 3, bureau: 2, outcomes: 2, defaults: 1 });
    expect((before.figures.features as number[][]).length).toBe(3);

    signInAs(ids.ADMIN);
    const r = await erase('C1');
    expect(r).toMatchObject({
      ok: true,
      message: 'Dados pessoais de C1 apagados.',
      data: { status: 'erased' },
    });

    const after = await snapshot('C1');
    expect(after.client).toMatchObject({
      name: null,
      email: null,
      phone: null,
      birthDate: null,
      consentApp: false,
      consentEmail: false,
      consentSms: false,
      consentWhatsapp: false,
      erasedById: ids.ADMIN,
      // Not personal: what segment/region metrics and the tenure feature need.
      externalId: 'C1',
      segment: 'MASS',
      region: 'SE',
      relationshipStart: '2020-01-10',
    });
    expect(after.client.erasedAt).toBeInstanceOf(Date);
    expect(after.figures).toEqual(before.figures);

    // The other clients are untouched.
    expect((await snapshot('C2')).client).toMatchObject({ name: 'Maria Souza', erasedAt: null });

    signInAs(ids.MANAGER);
    expect(await getClientPrivacy('C1')).toEqual({
      erasedOn: erasureDay(after.client.erasedAt),
      canErase: false,
    });
  });

  it('writes one audit entry with who, which client and the reason, and none of the erased values', async () => {
    const entries = await db.auditLog.findMany({ where: { action: 'client.erase' } });
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e).toMatchObject({ actorId: ids.ADMIN, target: 'C1' });
    expect(e.details).toMatchObject({
      reason: 'Chamado LGPD-2026-0042',
      erasedFields: ['name', 'email', 'phone', 'birthDate'],
      withdrawnConsents: ['consentApp', 'consentEmail', 'consentSms', 'consentWhatsapp'],
      by: 'Test ADMIN',
    });
    const text = JSON.stringify({ target: e.target, details: e.details });
    for (const value of ['João', 'Silva', 'joao.silva', '98765', '4321', '1990-05-01']) {
      expect(text).not.toContain(value);
    }
  });

  it('is idempotent: a second request says when it was erased and changes nothing', async () => {
    signInAs(ids.ADMIN);
    const before = await snapshot('C1');
    const audits = await db.auditLog.count();
    const r = await erase('C1', 'Chamado LGPD-2026-0043');
    const day = formatDate(erasureDay(before.client.erasedAt), 'pt-BR');
    expect(day).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(r).toMatchObject({
      ok: true,
      message: `Os dados pessoais de C1 já tinham sido apagados em ${day}.`,
      data: { status: 'alreadyErased' },
    });
    expect(await snapshot('C1')).toEqual(before);
    expect(await db.auditLog.count()).toBe(audits);
  });

  it('erases once when two admins ask at the same moment', async () => {
    signInAs(ids.ADMIN);
    const results = await Promise.all([erase('C3', 'Chamado 1'), erase('C3', 'Chamado 2')]);
    expect(results.map((r) => r.data?.status).sort()).toEqual(['alreadyErased', 'erased']);
    expect(await db.auditLog.count({ where: { action: 'client.erase', target: 'C3' } })).toBe(1);
  });

  it('stays erased when the client comes again in a later file, whose other fields still update', async () => {
    const moved = C1.replace(',MASS,SE,', ',AFFLUENT,NE,');
    const newEmail = C2.replace('maria@example.com.br', 'maria.souza@example.com.br');
    const r = await ingest('clients', `${HEADER}\n${moved}\n${newEmail}\n`);
    expect(r).toMatchObject({ status: 'COMPLETED', updated: 2, rejected: 0 });
    const c1 = (await snapshot('C1')).client;
    expect(c1).toMatchObject({
      segment: 'AFFLUENT',
      region: 'NE',
      name: null,
      email: null,
      phone: null,
      birthDate: null,
      consentApp: false,
      consentEmail: false,
      consentSms: false,
      consentWhatsapp: false,
    });
    expect(c1.erasedAt).toBeInstanceOf(Date);
    // A client that was not erased takes the file's personal data as before.
    expect((await snapshot('C2')).client.email).toBe('maria.souza@example.com.br');

    // The same row again differs from what is stored only in erased fields: nothing to update.
    const again = await ingest('clients', `${HEADER}\n${moved}\n`);
    expect(again).toMatchObject({ status: 'COMPLETED', updated: 0, unchanged: 1 });
    expect((await snapshot('C1')).client.name).toBeNull();
  });
});
