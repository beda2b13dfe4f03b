// /api/v1/ingest: who may upload, the size and shape refusals, reports with rejected rows, idempotent re-uploads,
// the NDJSON progress stream, batch history and the rejection-report CSV. Bodies are real streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import type { Role } from '@/lib/auth/roles';
import * as ingest from '@/app/api/v1/ingest/[kind]/route';
import { MAX_CONCURRENT_INGESTIONS, RETRY_AFTER_SECONDS } from '@/app/api/v1/ingest/upload';
import * as batches from '@/app/api/v1/ingest/batches/route';
import * as rejections from '@/app/api/v1/ingest/batches/[id]/rejections.csv/route';

let t: TestDatabase;
let ids: Record<Role, string>;
const keys = {} as Record<Role, string>;

const CLIENTS = `externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name
C1,MASS,SE,1990-05-01,2020-01-10,true,false,true,false,c1@example.com.br,11987654321,"Ana, da Silva"
C2,AFFLUENT,S,,2021-03-01,false,false,false,false,,,
C3,MASS,NE,1985-13-01,2019-01-01,true,true,true,true,,,
C4,MASS,N,1979-02-28,2018-07-01,true,true,false,false,,,
`;
const STATEMENTS_NDJSON = [
  {
    clientExternalId: 'C1',
    referenceMonth: '2025-01',
    creditLimit: 5000,
    statementBalance: 1200.5,
    minimumDue: 180,
    amountPaid: 1200.5,
    revolvingBalance: 0,
    monthsPastDue: 0,
  },
  {
    clientExternalId: 'C9',
    referenceMonth: '2025-01',
    creditLimit: 1000,
    statementBalance: 100,
    amountPaid: 100,
    monthsPastDue: 0,
  },
  {
    clientExternalId: 'C2',
    referenceMonth: '2025-01',
    creditLimit: 8000,
    statementBalance: 4000,
    amountPaid: 600,
    monthsPastDue: 0,
  },
]
  .map((o) => JSON.stringify(o))
  .join('\n');

/** A body that arrives in small chunks, like a network upload. */
function streamOf(text: string, chunk = 97): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

function upload(
  kind: string,
  text: string | null,
  opts: { key?: string; query?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(opts.headers);
  if (opts.key) headers.set('authorization', `Bearer ${opts.key}`);
  const init = {
    method: 'POST',
    headers,
    body: text === null ? null : streamOf(text),
    duplex: 'half',
  } as RequestInit;
  const req = new Request(`http://localhost/api/v1/ingest/${kind}${opts.query ?? ''}`, init);
  return ingest.POST(req, { params: Promise.resolve({ kind }) });
}

function get(path: string, key?: string) {
  const headers = new Headers();
  if (key) headers.set('authorization', `Bearer ${key}`);
  return new Request(`http://localhost${path}`, { headers });
}

async function count(table: string) {
  return Number((await pool().query(`select count(*) from "${table}"`)).rows[0].count);
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  for (const r of ['EXECUTIVE', 'MANAGER', 'DATA_SCIENTIST', 'ADMIN'] as const)
    keys[r] = await createApiKeyFor(r);
});
afterAll(() => t.drop());

describe('who may ingest', () => {
  it.each(['EXECUTIVE', 'MANAGER'] as const)(
    'refuses %s with 403 by session and by API key, storing nothing',
    async (role) => {
      signInAs(ids[role]);
      const bySession = await upload('clients', CLIENTS);
      expect(bySession.status).toBe(403);
      expect((await bySession.json()).error.code).toBe('FORBIDDEN');
      signInAs(null);
      expect((await upload('clients', CLIENTS, { key: keys[role] })).status).toBe(403);
      expect(
        (await batches.GET(get('/api/v1/ingest/batches', keys[role]), { params: Promise.resolve({}) }))
          .status,
      ).toBe(403);
      expect(await count('IngestionBatch')).toBe(0);
      expect(await count('Client')).toBe(0);
    },
  );

  it('answers 401 without credentials', async () => {
    signInAs(null);
    const res = await upload('clients', CLIENTS);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    const csv = await rejections.GET(get('/api/v1/ingest/batches/1/rejections.csv'), {
      params: Promise.resolve({ id: '1' }),
    });
    expect(csv.status).toBe(401);
  });
});

describe('POST /api/v1/ingest/[kind]', () => {
  it('refuses by Content-Length above INGEST_MAX_BYTES before reading, with 413', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await upload('clients', CLIENTS, { headers: { 'content-length': String(3 * 1024 ** 3) } });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await count('IngestionBatch')).toBe(0);
  });

  it('refuses a chunked body that passes the limit with 413, and says so in the batch', async () => {
    process.env.INGEST_MAX_BYTES = '2048';
    resetEnvCache();
    try {
      signInAs(ids.DATA_SCIENTIST);
      const big =
        CLIENTS +
        Array.from({ length: 60 }, (_, i) => `X${i},MASS,SE,,2020-01-01,true,true,true,true,,,`).join('\n');
      const res = await upload('clients', big);
      expect(res.status).toBe(413);
      const body = await res.json();
      expect(body.error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'O arquivo passa do limite de 2.048 bytes (INGEST_MAX_BYTES). Nada foi gravado.',
      });
      expect(body.report.status).toBe('FAILED');
    } finally {
      delete process.env.INGEST_MAX_BYTES;
      resetEnvCache();
    }
  });

  it('answers 404 for an unknown kind, 400 for an empty body or a bad format', async () => {
    signInAs(ids.ADMIN);
    const unknown = await upload('limits', CLIENTS);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toMatch(/clients, statements, bureau, outcomes, uci/);
    expect((await upload('clients', '')).status).toBe(400);
    expect((await upload('clients', null)).status).toBe(400);
    expect((await upload('clients', CLIENTS, { query: '?format=xlsx' })).status).toBe(400);
    expect(await count('IngestionBatch')).toBe(1); // only the 413 batch above
  });

  it('answers 422 with the report when a required column is missing', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await upload('clients', 'externalId,segment\nC1,MASS\n');
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('UNPROCESSABLE');
    expect(body.error.message).toMatch(/region/);
    expect(body.report).toMatchObject({ status: 'FAILED', kind: 'clients', inserted: 0 });
  });

  it('stores the good rows and answers 200 with each rejected row; a second upload changes nothing', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await upload('clients', CLIENTS, { query: '?fileName=clientes.csv' });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({
      status: 'COMPLETED',
      kind: 'clients',
      fileName: 'clientes.csv',
      received: 4,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      rejectionsTruncated: false,
      rejectionsUrl: `/api/v1/ingest/batches/${report.batchId}/rejections.csv`,
    });
    expect(report.rejections).toEqual([
      {
        line: 4,
        field: 'birthDate',
        code: 'ingest.row.dateInvalid',
        params: { field: 'birthDate', value: "'1985-13-01'" },
        reason: "birthDate deve ser uma data real no formato AAAA-MM-DD, veio '1985-13-01'",
      },
    ]);
    expect(report.message).toBe('4 linhas lidas: 3 inseridas, 0 atualizadas, 0 sem alteração, 1 rejeitada.');
    expect(await count('Client')).toBe(3);

    const again = await (await upload('clients', CLIENTS, { key: keys.ADMIN })).json();
    expect(again).toMatchObject({ received: 4, inserted: 0, updated: 0, unchanged: 3, rejected: 1 });
    expect(await count('Client')).toBe(3);
    const b = await pool().query(
      `select source, "actorName", "actorId" from "IngestionBatch" where id = $1`,
      [again.batchId],
    );
    expect(b.rows[0]).toMatchObject({
      source: 'api',
      actorId: null,
      actorName: expect.stringMatching(/^key-ADMIN/),
    });
  });

  it('reads NDJSON by Content-Type and rejects rows of unknown clients', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await upload('statements', STATEMENTS_NDJSON, {
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r).toMatchObject({ format: 'ndjson', received: 3, inserted: 2, rejected: 1 });
    expect(r.rejections[0]).toMatchObject({
      line: 2,
      field: 'clientExternalId',
      reason: expect.stringMatching(/C9/),
    });
  });

  it('completes many simultaneous uploads without exhausting the connection pool', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const results = await Promise.all(Array.from({ length: 6 }, () => upload('clients', CLIENTS)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const reports = await Promise.all(results.map((r) => r.json()));
    expect(reports.every((r) => r.received === 4 && r.rejected === 1)).toBe(true);
  });

  it('streams progress lines and ends with the report when asked for application/x-ndjson', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `S${i},MASS,SE,,2020-01-01,true,false,false,false,,,`,
    ).join('\n');
    const text = CLIENTS.split('\n')[0] + '\n' + rows + '\nBAD,MASS,SE,,not-a-date,true,true,true,true,,,\n';
    const res = await upload('clients', text, { headers: { accept: 'application/x-ndjson' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const last = lines.at(-1);
    expect(last.type).toBe('report');
    expect(last.report).toMatchObject({ status: 'COMPLETED', received: 3001, inserted: 3000, rejected: 1 });
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({
      received: 3001,
      stored: 3000,
      rejected: 1,
      bytes: Buffer.byteLength(text),
    });
  });

  it('tells a failed batch in the stream by an error on the report line', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await upload('uci', 'ID,LIMIT_BAL\n1,20000\n', {
      headers: { accept: 'application/x-ndjson' },
    });
    const last = JSON.parse((await res.text()).trim().split('\n').at(-1)!);
    expect(last).toMatchObject({
      type: 'report',
      report: { status: 'FAILED' },
      error: { code: 'UNPROCESSABLE', status: 422, message: expect.stringMatching(/SEX/) },
    });
  });
});

describe('batch history and rejection reports', () => {
  it('lists recent batches newest first, paginated', async () => {
    signInAs(null);
    const res = await batches.GET(get('/api/v1/ingest/batches?pageSize=2', keys.DATA_SCIENTIST), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBe(await count('IngestionBatch'));
    expect(body.batches).toHaveLength(2);
    expect(body.batches[0]).toMatchObject({ kind: 'uci', status: 'FAILED' });
    expect(body.batches[1]).toMatchObject({
      kind: 'clients',
      status: 'COMPLETED',
      received: 3001,
      rejected: 1,
    });
    const page2 = await (
      await batches.GET(get('/api/v1/ingest/batches?pageSize=2&page=2', keys.ADMIN), {
        params: Promise.resolve({}),
      })
    ).json();
    expect(page2.batches[0].id).not.toBe(body.batches[0].id);
    const bad = await batches.GET(get('/api/v1/ingest/batches?pageSize=1000', keys.ADMIN), {
      params: Promise.resolve({}),
    });
    expect(bad.status).toBe(400);
  });

  it('serves the full rejection report as CSV, and 404 for an unknown batch', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const report = await (await upload('clients', CLIENTS)).json();
    const res = await rejections.GET(get(report.rejectionsUrl), {
      params: Promise.resolve({ id: report.batchId }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    // The header and reasons in the reader's language (pt-BR by default); the code stays as stored.
    expect(csv.split('\r\n')[0]).toBe('linha,campo,código,motivo');
    expect(csv.split('\r\n')[1]).toBe(
      `4,birthDate,ingest.row.dateInvalid,"birthDate deve ser uma data real no formato AAAA-MM-DD, veio '1985-13-01'"`,
    );
    const en = await rejections.GET(
      new Request(`http://localhost${report.rejectionsUrl}`, { headers: { 'accept-language': 'en' } }),
      { params: Promise.resolve({ id: report.batchId }) },
    );
    expect((await en.text()).split('\r\n').slice(0, 2)).toEqual([
      'line,field,code,reason',
      `4,birthDate,ingest.row.dateInvalid,"birthDate must be a real date YYYY-MM-DD, got '1985-13-01'"`,
    ]);
    for (const id of ['999999', 'abc']) {
      const missing = await rejections.GET(get(`/api/v1/ingest/batches/${id}/rejections.csv`), {
        params: Promise.resolve({ id }),
      });
      expect(missing.status).toBe(404);
    }
  });

  it('pages through thousands of rejections in line order with quoting intact', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const header = 'clientExternalId,referenceMonth,defaulted,observedAt';
    const bad = Array.from({ length: 12_000 }, () => `C1,2025-01,"ma,ybe",2025-02-28`).join('\n');
    const r = await (await upload('outcomes', `${header}\n${bad}\n`)).json();
    expect(r).toMatchObject({ rejected: 12_000, rejectionsTruncated: true });
    expect(r.rejections).toHaveLength(1000);
    const csv = await (
      await rejections.GET(get(r.rejectionsUrl), { params: Promise.resolve({ id: r.batchId }) })
    ).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(12_001);
    expect(lines[1]).toMatch(/^2,defaulted,ingest\.row\.booleanExpected,"/);
    expect(lines.at(-1)).toMatch(/^12001,defaulted,/);
  });
});

/** A body that sends `head` at once and the rest only when `release` is called, like a slow upload. */
function heldStream(head: string, rest: string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const enc = new TextEncoder();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      if (sent === 0) c.enqueue(enc.encode(head));
      else if (sent === 1) {
        await gate;
        c.enqueue(enc.encode(rest));
      } else c.close();
      sent++;
    },
  });
  return { body, release };
}

function uploadBody(kind: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const req = new Request(`http://localhost/api/v1/ingest/${kind}`, {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
  return ingest.POST(req, { params: Promise.resolve({ kind }) });
}

describe('bad bytes, failures and slow uploads', () => {
  const HEADER = CLIENTS.split('\n')[0]!;
  const row = (id: string, name: string) => `${id},MASS,SE,,2021-03-01,false,false,false,false,,,${name}`;

  it('rejects the one row with a NUL byte, naming line and field, and stores the others', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const csv = [HEADER, row('Z1', 'Ana'), row('Z2', 'Bi\u0000a'), row('Z3', 'Caio')].join('\n') + '\n';
    const res = await upload('clients', csv, { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r).toMatchObject({ status: 'COMPLETED', received: 3, inserted: 2, rejected: 1 });
    expect(r.rejections).toEqual([
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
      `select "externalId" from "Client" where "externalId" like 'Z_' order by 1`,
    );
    expect(stored.rows.map((x) => x.externalId)).toEqual(['Z1', 'Z3']);
    const pt = await (await upload('clients', csv)).json();
    expect(pt.rejections[0].reason).toBe(
      'name contém um caractere NUL (byte 0), que não pode ser gravado; remova-o e envie a linha de novo',
    );
  });

  it('answers a database failure with 500 and a generic message, never the database text', async () => {
    signInAs(ids.DATA_SCIENTIST);
    await pool().query(`CREATE FUNCTION refuse_bureau() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION 'internal detail: relation secret_table is broken'; END $$`);
    await pool().query(
      `CREATE TRIGGER refuse BEFORE INSERT ON "BureauSnapshot" FOR EACH ROW EXECUTE FUNCTION refuse_bureau()`,
    );
    try {
      const res = await upload(
        'bureau',
        'clientExternalId,referenceDate,totalDebt,overdueDebt,numInstitutions,personalLoanDebt\nC1,2025-01-15,10,0,1,0\n',
      );
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(text).not.toMatch(/secret|internal detail|relation/);
      expect(JSON.parse(text).error).toEqual({
        code: 'INTERNAL',
        message: 'A ingestão parou por um erro inesperado; ele foi registrado. Nada foi gravado.',
      });
    } finally {
      await pool().query(`DROP TRIGGER refuse ON "BureauSnapshot"; DROP FUNCTION refuse_bureau()`);
    }
  });

  it('lets a small upload complete promptly while two slow uploads wait for their bodies', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const slow = [0, 1].map((k) =>
      heldStream(`${HEADER}\n${row(`SLOW${k}A`, 'Ana')}\n`, `${row(`SLOW${k}B`, 'Bia')}\n`),
    );
    const pending = slow.map((s) => uploadBody('clients', s.body));
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    // Before, the third waited for one of the two to finish (more than 20 s for real slow uploads; forever here).
    const third = await Promise.race([
      upload('clients', `${HEADER}\n${row('FAST1', 'Caio')}\n`),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000)),
    ]);
    expect(third).not.toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((third as Response).status).toBe(200);
    expect(await (third as Response).json()).toMatchObject({ status: 'COMPLETED', inserted: 1 });
    for (const s of slow) s.release();
    const done = await Promise.all(pending);
    expect(done.map((r) => r.status)).toEqual([200, 200]);
    expect(await Promise.all(done.map((r) => r.json()))).toMatchObject([{ inserted: 2 }, { inserted: 2 }]);
  });

  it('answers 503 with Retry-After at once, past the cap of simultaneous ingestions', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const held = Array.from({ length: MAX_CONCURRENT_INGESTIONS }, (_, k) =>
      heldStream(`${HEADER}\n${row(`CAP${k}`, 'Ana')}\n`, ''),
    );
    const pending = held.map((s) => uploadBody('clients', s.body));
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const refused = await upload('clients', `${HEADER}\n${row('CAPX', 'Bia')}\n`, {
      headers: { 'accept-language': 'en' },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect((await refused.json()).error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/try again/),
    });
    for (const s of held) s.release();
    expect((await Promise.all(pending)).map((r) => r.status)).toEqual(held.map(() => 200));
    // Once they finished, uploads are accepted again.
    expect((await upload('clients', `${HEADER}\n${row('CAPX', 'Bia')}\n`)).status).toBe(200);
  });
});
