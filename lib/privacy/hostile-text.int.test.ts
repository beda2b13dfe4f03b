// Hostile or unusual text (markup, spreadsheet formulas, SQL, very long names, emoji and combining marks) goes
// in through the real ingestion and comes back out of the page reads exactly as sent: never executed, never
// truncated or mangled; and no cell of the rejection report a user opens in a spreadsheet starts a formula.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { ingestFile } from '@/lib/ingest/store';
import { getClient, getClients } from '@/lib/data/clients';
import { getUsers } from '@/lib/data/users';
import * as rejections from '@/app/api/v1/ingest/batches/[id]/rejections.csv/route';

let t: TestDatabase;
let ids: Record<Role, string>;

const HOSTILE = {
  H1: '<script>alert(1)</script>',
  H2: "=cmd|' /C calc'!A0",
  H3: '\'; DROP TABLE clients; DROP TABLE "Client"; --',
  H4: 'Zoë E\u0301rica 👩🏽‍💻 da Conceição',
  H5: 'Ana "Nana", da Silva\\',
  H6: '+55 @SUM(1+1) -2',
};
const LONG = `Maria ${'de Souza '.repeat(110)}Lima`; // 1,000 characters

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
const HEADER =
  'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name';

function ingest(kind: 'clients' | 'statements', text: string) {
  return ingestFile(pool(), {
    kind,
    format: 'csv',
    source: [Buffer.from(text)] as unknown as AsyncIterable<Uint8Array>,
    origin: 'test',
    actor: { id: null, name: 'test' },
  });
}

/** RFC 4180 cells of a CSV text (quoted cells may hold commas, quotes and line breaks). */
function cells(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  const rows = Object.entries(HOSTILE).map(
    ([id, name]) => `${id},MASS,SE,1990-05-01,2020-01-10,true,false,false,false,,,${quote(name)}`,
  );
  const r = await ingest(
    'clients',
    `${HEADER}\n${rows.join('\n')}\nLONG1,MASS,SE,,2020-01-10,,,,,,,${LONG}\n`,
  );
  expect(r).toMatchObject({ status: 'COMPLETED', inserted: 6 });
});
afterAll(() => t.drop());

describe('hostile names', () => {
  it('are stored and read back exactly, in the list, the search and the client header', async () => {
    signInAs(ids.MANAGER);
    const list = await getClients({});
    for (const [id, name] of Object.entries(HOSTILE)) {
      expect(list.rows.find((r) => r.externalId === id)?.name, id).toBe(name);
      expect((await getClient(id))?.client.name, id).toBe(name);
    }
    // Searched as text: the quote and the SQL do nothing but match.
    const sql = await getClients({ q: "'; DROP TABLE" });
    expect(sql.rows.map((r) => r.externalId)).toEqual(['H3']);
    expect((await getClients({ q: '<script>' })).rows.map((r) => r.externalId)).toEqual(['H1']);
    // LIKE wildcards typed by a user are literal characters, not "anything".
    expect((await getClients({ q: '%' })).total).toBe(0);
    expect((await getClients({ q: '_' })).total).toBe(0);
    const n = await pool().query<{ n: number }>('SELECT count(*)::int AS n FROM "Client"');
    expect(n.rows[0]!.n).toBe(6);
  });

  it('are masked into valid text for roles that may not see them', async () => {
    signInAs(ids.DATA_SCIENTIST);
    for (const id of Object.keys(HOSTILE)) {
      const masked = (await getClient(id))!.client.name!;
      expect(masked.isWellFormed(), id).toBe(true);
      expect(masked, id).toContain('•');
    }
    expect((await getClient('H4'))!.client.name).toBe('Z•• E\u0301. 👩🏽‍💻. d. C.');
  });

  it('of 1,000 characters are refused by ingestion with the line and field, and read back whole when stored', async () => {
    const r = await ingest('clients', `${HEADER}\nLONG2,MASS,SE,,2020-01-10,,,,,,,${LONG}\n`);
    expect(r).toMatchObject({ status: 'COMPLETED', inserted: 0, rejected: 1 });
    expect(r.rejections).toEqual([expect.objectContaining({ line: 2, field: 'name' })]);
    // Written by other means (an older import, a fix by hand), it still reads back whole.
    await pool().query(`UPDATE "Client" SET name = $1 WHERE "externalId" = 'H1'`, [LONG]);
    signInAs(ids.MANAGER);
    expect((await getClient('H1'))!.client.name).toBe(LONG);
    await pool().query(`UPDATE "Client" SET name = $1 WHERE "externalId" = 'H1'`, [HOSTILE.H1]);
  });

  it('of users are read back exactly on the settings page', async () => {
    for (const [i, name] of [...Object.values(HOSTILE), LONG].entries()) {
      await db.user.create({
        data: { email: `hostile${i}@test.local`, name, role: 'MANAGER', passwordHash: 'x' },
      });
    }
    signInAs(ids.ADMIN);
    const names = (await getUsers()).map((u) => u.name);
    for (const name of [...Object.values(HOSTILE), LONG]) expect(names).toContain(name);
  });
});

describe('the rejection report (CSV)', () => {
  it('starts no cell with = + - @, even when the rejected values do', async () => {
    const bad = [
      // Rejected: each value below is quoted in the reason.
      `X1,MASS,SE,,2020-01-10,=1+2,false,false,false,,,Ana`,
      `X2,MASS,SE,,2020-01-10,false,false,false,false,${quote('=HYPERLINK("http://evil")@x')},,Ana`,
      `X3,MASS,SE,,2020-01-10,false,false,false,false,,+1 @SUM(9),Ana`,
      `X4,MASS,SE,-2020-01-10,2020-01-10,false,false,false,false,,,Ana`,
      `X5,MASS,SE,,2020-01-10,false,false,false,false,,,Ana,@extra`,
    ];
    const clients = await ingest('clients', `${HEADER}\n${bad.join('\n')}\n`);
    const statements = await ingest(
      'statements',
      'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue\n' +
        '=cmd|calc,2025-01,1000,-100,10,10,0,0\n' +
        'H2,2025-01,=1+1,100,10,10,0,0\n',
    );
    const key = await createApiKeyFor('DATA_SCIENTIST');
    const reported: string[][] = [];
    for (const batch of [clients, statements]) {
      expect(batch.rejected).toBeGreaterThan(0);
      const res = await rejections.GET(
        new Request(`http://localhost/api/v1/ingest/batches/${batch.batchId}/rejections.csv`, {
          headers: { authorization: `Bearer ${key}` },
        }),
        { params: Promise.resolve({ id: batch.batchId }) },
      );
      expect(res.status).toBe(200);
      const rows = cells(await res.text()).slice(1);
      // Every rejected line is in the report (a line may have several reasons).
      expect(new Set(rows.map((r) => r[0])).size).toBe(batch.rejected);
      reported.push(...rows);
    }
    // The hostile values are there for the user to read...
    const text = reported.map((r) => r.join(' ')).join('\n');
    for (const v of ['=1+2', '=HYPERLINK', '+1 @SUM(9)', '=cmd|calc', '=1+1']) expect(text).toContain(v);
    // ...but never where a spreadsheet would run them.
    for (const row of reported) {
      for (const cell of row) expect(cell, JSON.stringify(row)).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
