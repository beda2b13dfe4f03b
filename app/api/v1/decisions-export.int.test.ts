// GET /api/v1/decisions/export: the month's decisions as CSV — one row per client with its latest decision of
// the month, every column of the contract, reasons in words, hostile text neutralised for spreadsheets — and
// streamed with flat memory (200,000 rows read while watching the process's memory).
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { EXPORT_COLUMNS } from '@/lib/decisions/export';
import * as exportRoute from '@/app/api/v1/decisions/export/route';

let t: TestDatabase;
let ids: Record<Role, string>;
let key: string;
let modelId: string;
const none = { params: Promise.resolve({}) };
const HOSTILE = '=HYPERLINK("http://evil.example","clique")';

const get = (query: string, init: { key?: string; headers?: HeadersInit } = {}) => {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  return exportRoute.GET(new Request(`http://localhost/api/v1/decisions/export${query}`, { headers }), none);
};

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

async function run(kind: 'BATCH' | 'REALTIME', month: string, day: string | null = null): Promise<string> {
  const r = await pool().query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", day, "modelVersionId", "policyVersion", "featureSetVersion")
     VALUES (gen_random_uuid(), $1, 'SUCCEEDED', $2, $3, $4, 1, 'fs-v1') RETURNING id`,
    [kind, month, day, modelId],
  );
  return r.rows[0]!.id;
}

/** Decisions for clients [lo, hi) of the generated book, in one statement. */
async function decide(
  runId: string,
  month: string,
  lo: number,
  hi: number,
  opts: { band?: string; p?: number } = {},
): Promise<void> {
  await pool().query(
    `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                             features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue", "decidedAt")
     SELECT $1, c.id, $2, $3, 1, 'fs-v1', array_fill(0.5::float8, ARRAY[14]), $6, $7::"Band",
            CASE $7 WHEN 'CRITICAL' THEN 'MANAGER_CALL' ELSE 'NONE' END::"DecisionAction",
            CASE $7 WHEN 'CRITICAL' THEN 'PHONE' ELSE 'NONE' END::"Channel", false,
            '[{"feature":"atraso_max_3m","contribution":0.5,"value":2}]'::jsonb, -1.5, clock_timestamp()
       FROM "Client" c WHERE c.id >= $4 AND c.id < $5`,
    [runId, month, modelId, lo, hi, opts.p ?? 0.1, opts.band ?? 'LOW'],
  );
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  key = await createApiKeyFor('DATA_SCIENTIST', { scopes: ['read'] });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  modelId = r.id;
  await ensureDefaultPolicy();
  await pool().query(
    `INSERT INTO "Client" (id, "externalId", segment, region, "relationshipStart")
     SELECT g, CASE g WHEN 2 THEN $1 WHEN 3 THEN '-3+2' WHEN 4 THEN '@SUM(A1)' ELSE 'CLI-' || g END,
            'MASS', 'SE', '2020-01-01'
       FROM generate_series(1, 5) g`,
    [HOSTILE],
  );
}, 240_000);
afterAll(() => t.drop());

describe('GET /api/v1/decisions/export', () => {
  it('streams one row per client with its latest decision of the month, hostile text neutralised', async () => {
    const batch = await run('BATCH', '2026-05');
    await decide(batch, '2026-05', 1, 6, { p: 0.12 });
    // A real-time decision later in the month replaces client 3's in the export; another month's never shows.
    const realtime = await run('REALTIME', '2026-05', '2026-06-10');
    await decide(realtime, '2026-05', 3, 4, { band: 'CRITICAL', p: 0.61 });
    await decide(await run('BATCH', '2026-04'), '2026-04', 1, 6);

    const res = await get('?asOfMonth=2026-05', { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('decisoes-2026-05.csv');
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['CLI-1', `'${HOSTILE}`, "'-3+2", "'@SUM(A1)", 'CLI-5']);
    const byId = new Map(
      rows.slice(1).map((r) => [r[0], Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, r[i]]))]),
    );
    expect(byId.get('CLI-1')).toEqual({
      externalId: 'CLI-1',
      asOfMonth: '2026-05',
      runId: batch,
      modelVersion: expect.stringMatching(/ v1$/),
      policyVersion: '1',
      yProba: '0.12',
      band: 'LOW',
      action: 'NONE',
      channel: 'NONE',
      holdout: 'false',
      reasonCodes: 'Maior atraso em 3 meses (meses): 2',
    });
    expect(byId.get("'-3+2")).toMatchObject({
      runId: realtime,
      yProba: '0.61',
      band: 'CRITICAL',
      action: 'MANAGER_CALL',
      channel: 'PHONE',
    });
    // The raw text carries the neutralised cell quoted (it holds quotes), never a bare formula.
    const raw = await (await get('?asOfMonth=2026-05', { key })).text();
    expect(raw).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(raw).toContain(`"'=HYPERLINK(""http://evil.example"",""clique"")"`);
  });

  it('writes the reasons in the request’s locale and an empty month as the header alone', async () => {
    const en = await (await get('?asOfMonth=2026-05', { key, headers: { 'accept-language': 'en' } })).text();
    expect(en).toContain('Longest delay over 3 months (months): 2');
    const empty = parseCsv(await (await get('?asOfMonth=2020-01', { key })).text());
    expect(empty).toEqual([[...EXPORT_COLUMNS]]);
  });

  it('refuses a bad month (400), roles without decisions:export (403) and no credentials (401)', async () => {
    expect((await get('?asOfMonth=2026-5', { key })).status).toBe(400);
    expect((await get('', { key })).status).toBe(400);
    signInAs(ids.MANAGER);
    expect((await get('?asOfMonth=2026-05')).status).toBe(403);
    signInAs(ids.ADMIN);
    expect((await get('?asOfMonth=2026-05')).status).toBe(200);
    signInAs(null);
    expect((await get('?asOfMonth=2026-05')).status).toBe(401);
    const scoreOnly = await createApiKeyFor('DATA_SCIENTIST', { scopes: ['score'] });
    expect((await get('?asOfMonth=2026-05', { key: scoreOnly })).status).toBe(403);
  });

  it('streams 200,000 decisions with flat memory', async () => {
    const N = 200_000;
    await pool().query(
      `INSERT INTO "Client" (id, "externalId", segment, region, "relationshipStart")
       SELECT g, 'BIG-' || g, 'MASS', 'SE', '2020-01-01' FROM generate_series(1001, 1000 + $1) g`,
      [N],
    );
    await decide(await run('BATCH', '2026-07'), '2026-07', 1001, 1001 + N);

    // A forced collection (V8 flag, set at run time) separates what the stream keeps from the garbage of
    // rows already written, which V8 collects at its own pace.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    const retained: number[] = [];
    const res = await get('?asOfMonth=2026-07', { key });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let lines = 0;
    let last = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const s = dec.decode(value, { stream: true });
      const was = lines;
      for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
      last = s;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if ((was < 50_000 && lines >= 50_000) || (was < 190_000 && lines >= 190_000)) {
        gc();
        const m = process.memoryUsage();
        // Bytes already encoded but not yet read sit in array buffers, outside the JS heap.
        retained.push(m.heapUsed + m.arrayBuffers);
      }
    }
    expect(lines).toBe(N + 1);
    expect(last).toMatch(/BIG-201000,2026-07,/);
    const mb = (x: number) => x / 1024 / 1024;
    // Flat: what is live after 190,000 rows is what was live after 50,000 (one batch, the cursor's state).
    expect(retained).toHaveLength(2);
    expect(mb(retained[1]! - retained[0]!)).toBeLessThan(10);
    // The resident size moves with V8's garbage (written rows awaiting collection: about 100 MB here before a
    // major collection) but stays bounded; a generous ceiling catches a stream that buffers the month.
    expect(mb(peakRss - before.rss)).toBeLessThan(200);
  }, 180_000);
});
