import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { ingestFile, type IngestOptions } from '@/lib/ingest/store';

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
    expect(r.rejections).toEqual([
      { line: 4, field: 'birthDate', reason: expect.stringMatching(/1985-13-01/) },
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
    const byLine = Object.fromEntries(r.rejections.map((e) => [e.line, e]));
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
    expect(same.message).toMatch(/Nothing changed/);
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
    expect(r.rejections).toEqual([
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
    expect(r.message).toMatch(/defaulted/);
    expect(await count('Outcome')).toBe(0);
    const b = await pool().query(`select status, message from "IngestionBatch" where id = $1`, [r.batchId]);
    expect(b.rows[0]).toMatchObject({ status: 'FAILED' });
  });

  it('a file over the size limit fails with a clear message', async () => {
    const r = await run('clients', CLIENTS, { maxBytes: 100 });
    expect(r.status).toBe('FAILED');
    expect(r.message).toMatch(/larger than the limit of 100 bytes/);
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
    expect(again.message).toMatch(/Nothing changed/);
  });
});
