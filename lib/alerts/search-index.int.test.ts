// The client search of the alert queue and of the client list is answered from the trigram indexes
// (migration 20261202210000_client_search_index): the very queries listAlerts and getClients send are captured and
// EXPLAINed with sequential and plain index scans disabled, over a few thousand clients. At that size a scan is
// the cheaper plan (GIN costs ~1,200 to start, a 4,000-row scan ~120), and a plain index scan of Client_pkey with a
// filter is the same full pass; with both off only bitmap scans remain, which need an index condition: a plan
// naming the trigram index proves the predicate is indexable as written (else a disabled Seq Scan shows up).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { ensureDefaultPolicy, getActivePolicy } from '@/lib/policy/store';
import { listAlerts } from '@/lib/alerts/queue';
import { getClients } from '@/lib/data/clients';

let t: TestDatabase;
let ids: Record<Role, string>;
const MODEL = '00000000-0000-4000-8000-00000000abcd';
const CLIENTS = 4000;
const TRGM = /Client_(name|externalId)_trgm_idx/;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await ensureDefaultPolicy();
  const p = pool();
  const policy = (await getActivePolicy(p))!;
  await p.query(
    `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames", card, parity)
     VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
    [MODEL],
  );
  // Names from 20 first names x 60 surnames x the row number: a full name matches one client.
  await p.query(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name)
     SELECT 'CLI-' || lpad(i::text, 6, '0'), 'varejo', 'SP', DATE '2020-01-01',
            (ARRAY['Ana','Bruno','Carla','Diego','Elisa','Fabio','Gina','Hugo','Iara','Joao','Katia','Lucas','Maria',
                   'Nuno','Olga','Paulo','Rita','Sergio','Tania','Vitor'])[1 + i % 20] || ' ' ||
            'Sobrenome' || (i / 20) % 60 || ' Numero' || i
       FROM generate_series(1, $1::int) i`,
    [CLIENTS],
  );
  const run = await p.query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion", "finishedAt")
     VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', '2026-11', $1, $2, 'fs-v1', now()) RETURNING id`,
    [MODEL, policy.version],
  );
  // Every other client has an open CRITICAL alert.
  await p.query(
    `WITH d AS (
       INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                               features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue")
       SELECT $1, c.id, '2026-11', $2, $3, 'fs-v1', ARRAY[]::float8[], 0.5 + (c.id % 400) / 1000.0, 'CRITICAL',
              'MANAGER_CALL', 'PHONE', false, '[]', 0
         FROM "Client" c WHERE c.id % 2 = 0 RETURNING id, "clientId", "yProba")
     INSERT INTO "Alert" (id, "clientId", "openClientId", "decisionId", "yProba", "asOfMonth", exposure)
     SELECT gen_random_uuid(), "clientId", "clientId", id, "yProba", '2026-11', 1000 FROM d`,
    [run.rows[0]!.id, MODEL, policy.version],
  );
  await p.query('ANALYZE');
});
afterAll(() => t.drop());

/** The (sql, params) of every pool query `fn` sends. */
async function captured(fn: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const p = pool();
  const original = p.query.bind(p) as (...args: unknown[]) => Promise<unknown>;
  const seen: { sql: string; params: unknown[] }[] = [];
  const spy = vi.spyOn(p, 'query').mockImplementation(((...args: unknown[]) => {
    if (typeof args[0] === 'string') seen.push({ sql: args[0], params: (args[1] as unknown[]) ?? [] });
    return original(...args);
  }) as typeof p.query);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

/** The text plan of a query with sequential and full index scans disabled (see the header). */
async function planOf(sql: string, params: unknown[]): Promise<string> {
  const c = await pool().connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL enable_seqscan = off');
    await c.query('SET LOCAL enable_indexscan = off');
    const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    await c.query('ROLLBACK');
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  } finally {
    c.release();
  }
}

/** Plans of the captured queries that filter on the client's name or external id. */
async function searchPlans(queries: { sql: string; params: unknown[] }[]): Promise<string[]> {
  const searches = queries.filter((q) => /ILIKE/.test(q.sql));
  expect(searches.length).toBeGreaterThan(0);
  return Promise.all(searches.map((q) => planOf(q.sql, q.params)));
}

function expectIndexed(plan: string) {
  expect(plan).toMatch(TRGM);
  expect(plan).not.toMatch(/Seq Scan on "Client"/);
}

describe('alert queue search', () => {
  it('finds a client by name (admin) through the trigram index', async () => {
    let rows: Awaited<ReturnType<typeof listAlerts>>['rows'] = [];
    const qs = await captured(async () => {
      rows = (await listAlerts({ q: 'Numero1234', scope: 'all' }, { userId: ids.ADMIN, role: 'ADMIN' })).rows;
    });
    // 1234 and 12340..12349 would match too, but only clients up to 4000 exist: client 1234 alone (even: alert).
    expect(rows.map((r) => r.client.externalId)).toEqual(['CLI-001234']);
    for (const plan of await searchPlans(qs)) expectIndexed(plan);
  });

  it('finds by external id prefix for a manager, whose name search stays limited to their clients', async () => {
    let page: Awaited<ReturnType<typeof listAlerts>> | null = null;
    const qs = await captured(async () => {
      page = await listAlerts({ q: 'cli-00123', scope: 'all' }, { userId: ids.MANAGER, role: 'MANAGER' });
    });
    // CLI-001230..CLI-001239, the even ones have alerts.
    expect(page!.rows.map((r) => r.client.externalId).sort()).toEqual([
      'CLI-001230',
      'CLI-001232',
      'CLI-001234',
      'CLI-001236',
      'CLI-001238',
    ]);
    expect(page!.total).toBe(5);
    for (const plan of await searchPlans(qs)) expectIndexed(plan);
    // A name is not searchable for a manager outside their portfolio (no alert is theirs here).
    const byName = await listAlerts(
      { q: 'Numero1234', scope: 'all' },
      { userId: ids.MANAGER, role: 'MANAGER' },
    );
    expect(byName.total).toBe(0);
  });
});

describe('client list search', () => {
  it('answers a name or external id prefix from the trigram indexes', async () => {
    signInAs(ids.ADMIN);
    let res: Awaited<ReturnType<typeof getClients>> | null = null;
    const qs = await captured(async () => {
      res = await getClients({ q: 'Katia Sobrenome3 Numero' });
    });
    // Katia: i % 20 = 10; surname 3: (i / 20) % 60 = 3, i in 60..79 or 1260..1279, ...: i = 70, 1270, 2470, 3670.
    expect(res!.rows.map((r) => r.externalId)).toEqual([
      'CLI-000070',
      'CLI-001270',
      'CLI-002470',
      'CLI-003670',
    ]);
    for (const plan of await searchPlans(qs)) expectIndexed(plan);

    const byId = await captured(async () => {
      res = await getClients({ q: 'CLI-0039' });
    });
    expect(res!.total).toBe(100);
    for (const plan of await searchPlans(byId)) expectIndexed(plan);
  });
});
