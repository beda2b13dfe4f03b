import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { ingestFile, type IngestOptions } from '@/lib/ingest/store';
import { formatMessage, withReasons } from '@/lib/ingest/messages';

/** What an English-speaking user reads of a batch's outcome. */
const said = (r: { message: Parameters<typeof formatMessage>[1] }) => formatMessage('en', r.message);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const actor = { id: null, name: 'test' };
function run(kind: IngestOptions['kind'], text: string, extra: Partial<IngestOptions> = {}) {
  return ingestFile(pool(), {
    kind,
    format: 'csv',
    source: [Buffer.from(text)] as unknown as AsyncIterable<Uint8Array>,
    origin: 'test',
    actor,
    ...extra,
  });
}
async function count(table: string) {
  return Number((await pool().query(`select count(*) from "${table}"`)).rows[0].count);
}

const CLIENTS = `externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name
C1,MASS,SE,1990-05-01,2020-01-10,true,false,true,false,c1@example.com.br,11987654321,Ana
C2,AFFLUENT,S,,2021-03-01,false,false,false,false,,,
C3,MASS,NE,1985-13-01,2019-01-01,true,true,true,true,,,
`;
const STATEMENTS = `clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue,purchases,cashAdvances
C1,2025-01,5000,1200.50,180,1200.50,0,0,900,0
C1,2025-02,5000,abc,180,100,0,0,,
C2,2025-01,8000,4000,600,600,3400,0,,
C9,2025-01,1000,100,15,100,0,0,,
C1,2025-01,5000,1,1,1,0,0,,
C2,2025-02,8000,4100,615,615,3485,1,,
`;

describe('ingestion', () => {
  it('stores valid client rows and reports each bad one by line, field and reason', async () => {
    const r = await run('clients', CLIENTS, { fileName: 'clients.csv' });
    expect(r).toMatchObject({
      status: 'COMPLETED',
      received: 3,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      rejected: 1,
    });
    expect(withReasons('en', r.rejections)).toEqual([
      {
        line: 4,
        field: 'birthDate',
        code: 'ingest.row.dateInvalid',
        params: { field: 'birthDate', value: "'1985-13-01'" },
        reason: "birthDate must be a real date YYYY-MM-DD, got '1985-13-01'",
      },
    ]);
    expect(await count('Client')).toBe(2);
    const stored = await pool().query(`select count(*) from "IngestionRejection" where "batchId" = $1`, [
      r.batchId,
    ]);
    expect(Number(stored.rows[0].count)).toBe(1);
  });

  it('statements: unknown client, bad value and in-file duplicate are rejected; the good rows are kept', async () => {
    const r = await run('statements', STATEMENTS);
    expect(r).toMatchObject({ received: 6, inserted: 3, rejected: 3 });
    const byLine = Object.fromEntries(withReasons('en', r.rejections).map((e) => [e.line, e]));
    expect(byLine[3]).toMatchObject({ field: 'statementBalance' });
    expect(byLine[5]).toMatchObject({
      field: 'clientExternalId',
      reason: expect.stringMatching(/unknown client 'C9'/),
    });
    expect(byLine[6]).toMatchObject({
      field: 'clientExternalId+referenceMonth',
      reason: expect.stringMatching(/duplicate of line 2/),
    });
    expect(await count('MonthlyStatement')).toBe(3);
    const first = await pool().query(
      `select "statementBalance"::text from "MonthlyStatement" m join "Client" c on c.id = m."clientId" where c."externalId" = 'C1' and "referenceMonth" = '2025-01'`,
    );
    expect(first.rows[0].statementBalance).toBe('1200.50');
  });

  it('uploading the same file twice changes nothing and says so; a corrected row updates in place', async () => {
    const again = await run('clients', CLIENTS);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 1 });
    const fixed = CLIENTS.replace('C2,AFFLUENT,S,,2021-03-01', 'C2,PRIVATE,S,,2021-03-01').replace(
      '1985-13-01',
      '1985-12-01',
    );
    const r = await run('clients', fixed);
    expect(r).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, rejected: 0 });
    const clean =
      'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp\nC1,MASS,SE,1990-05-01,2020-01-10,true,false,true,false\n';
    // fields absent from the file are nullable ones; C1 then loses its contact data only if the file says so
    const same = await run('clients', fixed);
    expect(said(same)).toMatch(/Nothing changed/);
    expect((await run('clients', clean)).updated).toBe(1);
  });

  it('finds duplicates across database chunks too, keeping the first occurrence', async () => {
    const rows = [
      'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue,purchases,cashAdvances',
    ];
    for (let m = 3; m <= 9; m++) rows.push(`C2,2025-0${m},8000,${m}00,15,100,0,0,,`);
    rows.push('C2,2025-03,8000,777,15,100,0,0,,');
    const r = await run('statements', rows.join('\n'), { chunkSize: 2, lanes: 2 });
    expect(r).toMatchObject({ received: 8, inserted: 7, rejected: 1 });
    expect(withReasons('en', r.rejections)).toMatchObject([
      { line: 9, field: 'clientExternalId+referenceMonth', reason: expect.stringMatching(/duplicate/) },
    ]);
    const kept = await pool().query(
      `select "statementBalance"::text b from "MonthlyStatement" m join "Client" c on c.id = m."clientId" where c."externalId" = 'C2' and "referenceMonth" = '2025-03'`,
    );
    expect(kept.rows[0].b).toBe('300.00');
  });

  it('stores text with quotes, backslashes, commas and braces exactly', async () => {
    const name = 'Zé "Coisa", \\ {x} NULL';
    const csv = `externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,name\nC77,MASS,SE,,2021-03-01,false,false,false,false,"${name.replace(/"/g, '""')}"\n`;
    expect((await run('clients', csv)).inserted).toBe(1);
    const r = await pool().query(`select name from "Client" where "externalId" = 'C77'`);
    expect(r.rows[0].name).toBe(name);
  });

  it('NDJSON works the same way', async () => {
    const nd = [
      JSON.stringify({
        clientExternalId: 'C1',
        referenceDate: '2025-01-15',
        totalDebt: 9000,
        overdueDebt: 0,
        numInstitutions: 3,
        personalLoanDebt: 2000,
      }),
      '{not json',
      JSON.stringify({
        clientExternalId: 'C2',
        referenceDate: '2025-01-15',
        totalDebt: 100,
        overdueDebt: 500,
        numInstitutions: 1,
        personalLoanDebt: 0,
      }),
    ].join('\n');
    const r = await run('bureau', nd, { format: 'ndjson' });
    expect(r).toMatchObject({ received: 3, inserted: 1, rejected: 2 });
    expect(r.rejections.map((e) => e.line)).toEqual([2, 3]);
  });

  it('a file missing a required column fails the batch with a message naming it, storing nothing', async () => {
    const r = await run('outcomes', 'clientExternalId,referenceMonth,observedAt\nC1,2025-01,2025-04-30\n');
    expect(r.status).toBe('FAILED');
    expect(said(r)).toBe(
      'Required columns missing for outcomes: defaulted. Expected header names: clientExternalId, referenceMonth, defaulted, observedAt. Nothing was stored.',
    );
    expect(formatMessage('pt-BR', r.message)).toMatch(
      /^Colunas obrigatórias ausentes para outcomes: defaulted\./,
    );
    expect(await count('Outcome')).toBe(0);
    const b = await pool().query(`select status, message from "IngestionBatch" where id = $1`, [r.batchId]);
    // Stored as codes with parameters, translated where shown.
    expect(b.rows[0]).toMatchObject({
      status: 'FAILED',
      message: [
        { code: 'ingest.file.missingColumns', params: { kind: 'outcomes', columns: 'defaulted' } },
        { code: 'ingest.batch.nothingStored' },
      ],
    });
  });

  it('a file over the size limit fails with a clear message', async () => {
    const r = await run('clients', CLIENTS, { maxBytes: 100 });
    expect(r.status).toBe('FAILED');
    expect(said(r)).toMatch(/larger than the limit of 100 bytes/);
  });
});

describe('bad bytes and failures', () => {
  const HEADER =
    'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name';
  const row = (id: string, name: string) => `${id},MASS,SE,,2021-03-01,false,false,false,false,,,${name}`;

  it('a NUL byte in one row rejects that row naming line and field; the other rows are stored', async () => {
    // Three rows over two lanes: before, the NUL failed its lane's whole statement (one good row lost, the batch
    // FAILED with rejected=0 and PostgreSQL's text in its message).
    const csv = [HEADER, row('N1', 'Ana'), row('N2', 'Bi\u0000a'), row('N3', 'Caio')].join('\n') + '\n';
    const r = await run('clients', csv, { chunkSize: 2, lanes: 2 });
    expect(r).toMatchObject({ status: 'COMPLETED', received: 3, inserted: 2, rejected: 1 });
    expect(withReasons('en', r.rejections)).toEqual([
      {
        line: 3,
        field: 'name',
        code: 'ingest.row.nulCharacter',
        params: { field: 'name', value: "'Bi\u2400a'" },
        reason:
          'name contains a NUL character (byte 0), which cannot be stored; remove it and send the row again',
      },
    ]);
    const stored = await pool().query(
      `select "externalId" from "Client" where "externalId" like 'N_' order by 1`,
    );
    expect(stored.rows.map((x) => x.externalId)).toEqual(['N1', 'N3']);
    const kept = await pool().query(
      `select line, field, code, params from "IngestionRejection" where "batchId" = $1`,
      [r.batchId],
    );
    expect(kept.rows).toEqual([
      {
        line: 3,
        field: 'name',
        code: 'ingest.row.nulCharacter',
        params: { field: 'name', value: "'Bi\u2400a'" },
      },
    ]);
  });

  it('an unexpected database error fails the batch with a generic message, never the database text', async () => {
    await pool().query(`CREATE FUNCTION refuse_outcome() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'internal detail: relation secret_table is broken'; END $$`);
    await pool().query(
      `CREATE TRIGGER refuse BEFORE INSERT ON "Outcome" FOR EACH ROW EXECUTE FUNCTION refuse_outcome()`,
    );
    try {
      const r = await run(
        'outcomes',
        'clientExternalId,referenceMonth,defaulted,observedAt\nC1,2025-01,true,2025-02-28\n',
      );
      expect(r.status).toBe('FAILED');
      expect(r.message).toEqual([{ code: 'ingest.file.unexpected' }, { code: 'ingest.batch.nothingStored' }]);
      const b = await pool().query(`select message::text from "IngestionBatch" where id = $1`, [r.batchId]);
      expect(b.rows[0].message).not.toMatch(/secret|internal detail/);
      expect(formatMessage('pt-BR', r.message)).toBe(
        'A ingestão parou por um erro inesperado; ele foi registrado. Nada foi gravado.',
      );
    } finally {
      await pool().query(`DROP TRIGGER refuse ON "Outcome"; DROP FUNCTION refuse_outcome()`);
    }
  });

  it('holds no database connection while it waits for more of the file', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slowBody() {
      yield Buffer.from(`${HEADER}\n${row('W1', 'Ana')}\n`);
      await gate;
      yield Buffer.from(`${row('W2', 'Bia')}\n`);
    }
    const p = ingestFile(pool(), {
      kind: 'clients',
      format: 'csv',
      source: slowBody(),
      origin: 'test',
      actor,
    });
    await new Promise((r) => setTimeout(r, 300));
    // Connections checked out of the pool right now: before, an ingestion kept three for its whole body.
    expect(pool().totalCount - pool().idleCount).toBe(0);
    release();
    expect(await p).toMatchObject({ status: 'COMPLETED', inserted: 2 });
  });

  it('two uploads of the same clients in opposite orders both complete (no deadlock)', async () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `D${String(i).padStart(4, '0')}`);
    const file = (order: string[], name: string) =>
      [HEADER, ...order.map((id) => row(id, name))].join('\n') + '\n';
    await run('clients', file(ids, 'first'));
    const [a, b] = await Promise.all([
      run('clients', file(ids, 'forward'), { chunkSize: 400, lanes: 1 }),
      run('clients', file([...ids].reverse(), 'backward'), { chunkSize: 400, lanes: 1 }),
    ]);
    expect(a).toMatchObject({ status: 'COMPLETED', updated: 1200, rejected: 0 });
    expect(b).toMatchObject({ status: 'COMPLETED', rejected: 0 });
    const names = await pool().query(`select distinct name from "Client" where "externalId" like 'D%'`);
    expect(names.rows.every((x) => x.name === 'forward' || x.name === 'backward')).toBe(true);
  });

  it('never writes erased personal data or consents again (LGPD), but updates the rest', async () => {
    await run(
      'clients',
      `${HEADER}\nE1,MASS,SE,1980-01-01,2021-03-01,true,true,true,true,e1@example.com,11987654321,Eva\n`,
    );
    await pool().query(
      `update "Client" set name = null, email = null, phone = null, "birthDate" = null, "consentApp" = false,
         "consentEmail" = false, "consentSms" = false, "consentWhatsapp" = false, "erasedAt" = now()
       where "externalId" = 'E1'`,
    );
    const again = await run(
      'clients',
      `${HEADER}\nE1,PRIVATE,SE,1980-01-01,2021-03-01,true,true,true,true,e1@example.com,11987654321,Eva\n`,
    );
    expect(again).toMatchObject({ updated: 1 });
    const c = await pool().query(
      `select segment, name, email, phone, "birthDate", "consentApp", "consentWhatsapp" from "Client" where "externalId" = 'E1'`,
    );
    expect(c.rows[0]).toEqual({
      segment: 'PRIVATE',
      name: null,
      email: null,
      phone: null,
      birthDate: null,
      consentApp: false,
      consentWhatsapp: false,
    });
    // Only erased fields differ from the file: nothing to change, and it says so.
    const same = await run(
      'clients',
      `${HEADER}\nE1,PRIVATE,SE,1980-01-01,2021-03-01,true,true,true,true,e1@example.com,11987654321,Eva\n`,
    );
    expect(same).toMatchObject({ updated: 0, unchanged: 1 });
  });
});

// The real UCI data set lives in ../shared/data (not in the repo); a clone elsewhere has no copy, so skip there.
const uci = path.resolve(process.cwd(), '../shared/data/uci/UCI_Credit_Card.csv');
describe.skipIf(!fs.existsSync(uci))('UCI credit-card import', () => {
  it('gives 30,000 clients, 180,000 statements and 30,000 outcomes; a second upload is all unchanged', async () => {
    const source = () => fs.createReadStream(uci);
    const r = await ingestFile(pool(), {
      kind: 'uci',
      format: 'csv',
      source: source(),
      origin: 'test',
      actor,
      fileName: 'UCI_Credit_Card.csv',
    });
    expect(r).toMatchObject({ status: 'COMPLETED', received: 30_000, rejected: 0 });
    expect(r.details).toEqual({
      clients: { inserted: 30_000, updated: 0, unchanged: 0 },
      statements: { inserted: 180_000, updated: 0, unchanged: 0 },
      outcomes: { inserted: 30_000, updated: 0, unchanged: 0 },
    });
    const defaults = await pool().query(
      `select count(*) from "Outcome" o join "Client" c on c.id = o."clientId" where c."externalId" like 'UCI-%' and defaulted`,
    );
    expect(Number(defaults.rows[0].count)).toBe(6_636);
    const again = await ingestFile(pool(), {
      kind: 'uci',
      format: 'csv',
      source: source(),
      origin: 'test',
      actor,
    });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 240_000, rejected: 0 });
    expect(said(again)).toMatch(/Nothing changed/);
  });
});
