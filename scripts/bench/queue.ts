// The alert queue page's server time with BENCH_QUEUE_ALERTS open alerts (default 100,000) in a book of
// BENCH_QUEUE_CLIENTS clients (default 1,000,000), three managers' portfolios plus the shared pool, statuses
// mixed and some closed alerts of an earlier month. Times what app/(dashboard)/alerts/(queue)/page.tsx does on the
// server (the actor lookup of currentUser, then getAlertQueue + getQueueFacets in parallel) for a MANAGER,
// median and p95 of BENCH_REPS calls (default 30), next to a floor (the actor lookup and a `SELECT 1`), with
// the load average before each figure; then EXPLAIN ANALYZE of the slowest case's queries. Throwaway database.
// lib/data/alerts.ts imports lib/auth/session.ts (next/navigation), which does not load under the react-server
// condition `npm run bench` uses, so the section runs itself in a child process with React's ordinary build and
// the server-only hook (scripts/bench/child.ts), and hands its figures back to the harness:
//   BENCH_QUEUE_ALERTS=100000 npm run bench -- queue
import { scratchDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import type { Actor } from '@/lib/auth/session';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { childContext, runIsolated } from './child';
import { loadAverage, type Figure, type Measure, type SectionContext } from './harness';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const load = () => loadAverage().join(' ');

const MODEL = '00000000-0000-4000-8000-0000000000be';
const MANAGERS = [
  '00000000-0000-4000-8000-0000000000a1',
  '00000000-0000-4000-8000-0000000000a2',
  '00000000-0000-4000-8000-0000000000a3',
];
const PORTFOLIOS = [
  '00000000-0000-4000-8000-0000000000c1',
  '00000000-0000-4000-8000-0000000000c2',
  '00000000-0000-4000-8000-0000000000c3',
];

export interface Timing {
  median: number;
  p95: number;
}

/** Median and p95 (ms) of `reps` calls after two warm-ups. */
export async function measure(f: () => Promise<unknown>, reps: number): Promise<Timing> {
  await f();
  await f();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return {
    median: ms[Math.floor((ms.length - 1) / 2)]!,
    p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!,
  };
}

export function line(label: string, t: Timing, floor: Timing | null, target?: number): string {
  const ratio = floor ? ` = ${(t.median / floor.median).toFixed(1)}x floor` : '';
  const verdict = target === undefined ? '' : t.median < target ? ' (< target)' : ` (MISSES ${target} ms)`;
  return `[load ${load()}] ${label}: median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms${ratio}${verdict}`;
}

type Queryable = { query: (...a: never[]) => unknown };

/**
 * Runs `f` once while recording every query sent through the pool `p` (pg's text form and Prisma's adapter's
 * config-object form), then prints EXPLAIN (ANALYZE, BUFFERS) of each: execution time and the main plan nodes.
 */
export async function explainQueries(p: Queryable, label: string, f: () => Promise<unknown>): Promise<void> {
  const captured: { sql: string; params: unknown[] }[] = [];
  const target = p as unknown as { query: (...a: unknown[]) => unknown };
  const original = target.query;
  target.query = function (this: unknown, ...a: unknown[]) {
    const [q, v] = a;
    if (typeof q === 'string') captured.push({ sql: q, params: (v as unknown[]) ?? [] });
    else if (q && typeof q === 'object' && 'text' in q) {
      const o = q as { text: string; values?: unknown[] };
      captured.push({ sql: o.text, params: o.values ?? [] });
    }
    return original.apply(p, a);
  };
  try {
    await f();
  } finally {
    target.query = original;
  }
  console.log(`EXPLAIN ANALYZE of ${label}:`);
  for (const c of captured) {
    if (!/^\s*(SELECT|WITH)/i.test(c.sql) || /^\s*SELECT 1\s*$/i.test(c.sql)) continue;
    const plan = (await original.call(p, `EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.params)) as {
      rows: { 'QUERY PLAN': string }[];
    };
    const lines = plan.rows.map((r) => r['QUERY PLAN']);
    const exec = lines.find((l) => l.startsWith('Execution Time')) ?? '';
    console.log(`  ${exec} — ${c.sql.replace(/\s+/g, ' ').trim().slice(0, 80)}...`);
    for (const l of lines
      .filter((l) => /Scan|Sort |Aggregate|Hash Join|Nested Loop|Limit/.test(l))
      .slice(0, 6)) {
      console.log(`      ${l.trim().slice(0, 160)}`);
    }
  }
}

/** A timing as the floor of figures: its median. */
export const floorOf = (name: string, t: Timing): Measure => ({ name, value: t.median, unit: 'ms' });

export const benchQueue = (ctx: SectionContext) =>
  runIsolated('scripts/bench/queue.ts', ctx.params, ctx.details);

async function runQueueBench(): Promise<void> {
  const ctx = childContext('queue');
  const figures: Figure[] = [];
  const clients = ctx.params.queueClients;
  const open = Math.min(ctx.params.queueAlerts, clients);
  const closed = Math.floor(open / 5);
  const reps = ctx.params.reps;
  const stride = Math.max(1, Math.floor(clients / open));
  const scratch = await scratchDatabase('proativa_bench_queue');
  await migrate(scratch.url);
  process.env.DATABASE_URL = scratch.url;
  const { resetEnvCache } = await import('@/lib/env');
  resetEnvCache();
  const { pool, db, closeDb } = await import('@/lib/db');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  const { getAlertQueue, getQueueFacets } = await import('@/lib/data/alerts');
  try {
    const p = pool();
    console.log(
      `\n== Alert queue: ${fmt(open)} open + ${fmt(closed)} closed alerts, ${fmt(clients)} clients ==`,
    );
    await ensureDefaultPolicy();
    let t = Date.now();
    const step = (s: string) => {
      console.log(`  ${s} (${((Date.now() - t) / 1000).toFixed(1)} s, load ${load()})`);
      t = Date.now();
    };
    await p.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
       SELECT id::uuid, 'gerente' || k || '@bench.local', 'Gerente ' || k, 'x', 'MANAGER', now()
         FROM unnest($1::text[]) WITH ORDINALITY AS u(id, k)`,
      [MANAGERS],
    );
    await p.query(
      `INSERT INTO "Portfolio" (id, name, "managerId")
       SELECT id::uuid, 'Carteira ' || k, ($2::uuid[])[k] FROM unnest($1::text[]) WITH ORDINALITY AS u(id, k)`,
      [PORTFOLIOS, MANAGERS],
    );
    // Regions SP/RJ/MG go to the three portfolios; Sul and Nordeste to the pool.
    await p.query(
      `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name, email, phone, "doNotCall",
                             "portfolioId")
       SELECT 'CLI-' || lpad(i::text, 7, '0'),
              (ARRAY['varejo', 'alta_renda', 'universitario', 'pj_mei'])[1 + (i / 3) % 4],
              (ARRAY['SP', 'RJ', 'MG', 'Sul', 'Nordeste'])[1 + (i / 7) % 5],
              DATE '2015-01-01' + (i % 3000), 'Cliente ' || i || ' Silva', 'cliente' || i || '@example.com',
              '+55119' || lpad((i % 100000000)::text, 8, '0'), i % 50 = 0,
              ($2::uuid[])[1 + (i / 7) % 5]
         FROM generate_series(1, $1) i`,
      [clients, PORTFOLIOS],
    );
    step(`${fmt(clients)} clients`);
    await p.query(
      `INSERT INTO "ModelVersion" (id, name, version, status, "sourceFormat", "sourceBytes", onnx, sha256,
                                   "featureNames", card, parity)
       VALUES ($1, 'bench', 1, 'CHAMPION', 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
      [MODEL],
    );
    const runs: string[] = [];
    for (const month of ['2026-10', '2026-11']) {
      const r = await p.query<{ id: string }>(
        `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                   "featureSetVersion", "finishedAt")
         VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $1, $2, 1, 'fs-v1', now()) RETURNING id`,
        [month, MODEL],
      );
      runs.push(r.rows[0]!.id);
    }
    // The CRITICAL decisions behind the alerts: every stride-th client in 2026-11 (open alerts), the first
    // `closed` of them also in 2026-10 (alerts since closed). Rows as wide as real ones.
    const decide = (run: string, month: string, limit: number) =>
      p.query(
        `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", features, "yProba", band, action, channel, holdout,
                                 "reasonCodes", "baseValue")
         SELECT $1, c.id, $2, $3, 1, 'fs-v1', array_fill(0.5::float8, ARRAY[$4::int]), 0.5 + 0.5 * random(),
                'CRITICAL', 'MANAGER_CALL', 'PHONE', false,
                '[{"feature":"atraso_max_6m","contribution":0.4,"value":2}]', -2
           FROM "Client" c WHERE c.id % $5 = 0 ORDER BY c.id LIMIT $6`,
        [run, month, MODEL, NUM_FEATURES, stride, limit],
      );
    await decide(runs[0]!, '2026-10', closed);
    await decide(runs[1]!, '2026-11', open);
    step(`${fmt(open + closed)} decisions`);
    // Open alerts: statuses mixed (60% NEW), worked ones assigned to the portfolio's manager (pool ones to a
    // manager by turn), opened over the last 10 days with a 2-4 day SLA, exposure and limit spread.
    await p.query(
      `INSERT INTO "Alert" (id, "clientId", "openClientId", status, "decisionId", "yProba", "asOfMonth", "openedAt",
                            "updatedAt", "portfolioId", "assigneeId", "claimedAt", "firstContactAt", "slaDueAt",
                            exposure, "creditLimit")
       SELECT gen_random_uuid(), d."clientId", d."clientId", s.status::"AlertStatus", d.id, d."yProba", d."asOfMonth",
              o.at, o.at, c."portfolioId",
              CASE WHEN s.status <> 'NEW' THEN coalesce(pf."managerId", ($2::uuid[])[1 + (d.id % 3)::int]) END,
              CASE WHEN s.status <> 'NEW' THEN o.at + interval '1 hour' END,
              CASE WHEN s.status IN ('CONTACTED', 'OFFER_ACCEPTED', 'OFFER_DECLINED') THEN o.at + interval '1 day' END,
              o.at + (2 + d.id % 3) * interval '1 day', l.lim * (0.3 + 0.7 * random()), l.lim
         FROM "Decision" d JOIN "Client" c ON c.id = d."clientId"
         LEFT JOIN "Portfolio" pf ON pf.id = c."portfolioId"
         CROSS JOIN LATERAL (SELECT now() - (random() + 0 * d.id) * interval '10 days' AS at) o
         CROSS JOIN LATERAL (SELECT round((1000 + random() * 49000)::numeric, -2) + 0 * d.id AS lim) l
         CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.60 THEN 'NEW' WHEN r < 0.75 THEN 'CLAIMED'
                                         WHEN r < 0.85 THEN 'CONTACTED' WHEN r < 0.90 THEN 'OFFER_ACCEPTED'
                                         WHEN r < 0.95 THEN 'OFFER_DECLINED' ELSE 'UNREACHABLE' END AS status
                               FROM (SELECT random() + 0 * d.id AS r) x) s
        WHERE d."runId" = $1`,
      [runs[1], MANAGERS],
    );
    await p.query(
      `INSERT INTO "Alert" (id, "clientId", status, "decisionId", "yProba", "asOfMonth", "openedAt", "updatedAt",
                            "closedAt", "portfolioId", "assigneeId", "claimedAt", "firstContactAt", "slaDueAt",
                            exposure, "creditLimit")
       SELECT gen_random_uuid(), d."clientId", 'CLOSED', d.id, d."yProba", d."asOfMonth", now() - interval '40 days',
              now() - interval '30 days', now() - interval '30 days', c."portfolioId",
              coalesce(pf."managerId", ($2::uuid[])[1 + (d.id % 3)::int]), now() - interval '39 days',
              now() - interval '38 days', now() - interval '37 days', 5000, 10000
         FROM "Decision" d JOIN "Client" c ON c.id = d."clientId" LEFT JOIN "Portfolio" pf ON pf.id = c."portfolioId"
        WHERE d."runId" = $1`,
      [runs[0], MANAGERS],
    );
    step(`${fmt(open + closed)} alerts`);
    await p.query('VACUUM ANALYZE');
    step('VACUUM ANALYZE');
    const mix = await p.query<{ status: string; portfolio: string | null; n: number }>(
      `SELECT a.status, pf.name AS portfolio, count(*)::int AS n FROM "Alert" a
         LEFT JOIN "Portfolio" pf ON pf.id = a."portfolioId" GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const byStatus = new Map<string, number>();
    const byPortfolio = new Map<string, number>();
    for (const r of mix.rows) {
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
      if (r.status !== 'CLOSED')
        byPortfolio.set(r.portfolio ?? 'pool', (byPortfolio.get(r.portfolio ?? 'pool') ?? 0) + r.n);
    }
    console.log(`  statuses ${[...byStatus].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
    console.log(`  open per portfolio ${[...byPortfolio].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);

    // What currentUser() does per request: the user row by id (Prisma), then the actor.
    const actorOf = async (id: string): Promise<Actor> => {
      const u = await db.user.findUnique({ where: { id } });
      return { kind: 'user', id: u!.id, name: u!.name, email: u!.email, role: u!.role, locale: u!.locale };
    };
    const me = MANAGERS[0]!;
    const floorLoad = loadAverage();
    const floor = await measure(async () => {
      await actorOf(me);
      await p.query('SELECT 1');
    }, reps);
    console.log(line('floor (actor lookup + SELECT 1)', floor, null));
    const floorMeasure = floorOf('actor lookup + SELECT 1', floor);
    const push = (name: string, t: Timing, loadBefore: ReturnType<typeof loadAverage>, extra = {}) =>
      figures.push(
        ctx.figure(name, t.median, 'ms', floorMeasure, {
          loadBefore,
          details: { p95: t.p95, floorP95: floor.p95, floorLoadBefore: floorLoad, reps, ...extra },
        }),
      );
    const page = (filter: Parameters<typeof getAlertQueue>[0]) => async () => {
      const actor = await actorOf(me);
      const [q] = await Promise.all([getAlertQueue(filter, actor), getQueueFacets(actor)]);
      return q;
    };
    const cases: [string, Parameters<typeof getAlertQueue>[0]][] = [
      ['minha carteira (manager default)', { scope: 'mine' }],
      ['all', { scope: 'all' }],
      ['pool', { scope: 'pool' }],
      ['minha carteira, status NEW', { scope: 'mine', status: ['NEW'] }],
      ['all, SLA breached', { scope: 'all', sla: 'breached' }],
      ['all, segment alta_renda + region RJ', { scope: 'all', segment: 'alta_renda', region: 'RJ' }],
      ['all, search "CLI-00012"', { scope: 'all', q: 'CLI-00012' }],
      ['all, page 200', { scope: 'all', page: 200 }],
    ];
    let worst: { label: string; filter: Parameters<typeof getAlertQueue>[0]; median: number } | null = null;
    for (const [label, filter] of cases) {
      const loadBefore = loadAverage();
      const r = await measure(page(filter), reps);
      const { total, rows } = await page(filter)();
      console.log(line(`first page, ${label} [${rows.length} rows of ${fmt(total)}]`, r, floor, 300));
      push(`alert queue page, ${label} (median)`, r, loadBefore, { rows: rows.length, total, target: 300 });
      if (!worst || r.median > worst.median) worst = { label, filter, median: r.median };
    }
    let loadBefore = loadAverage();
    const facets = await measure(async () => getQueueFacets(await actorOf(me)), reps);
    console.log(line('of which getQueueFacets alone', facets, floor));
    push('of which getQueueFacets alone (median)', facets, loadBefore);
    loadBefore = loadAverage();
    const queueOnly = await measure(async () => getAlertQueue({ scope: 'all' }, await actorOf(me)), reps);
    console.log(line('of which getAlertQueue alone (all)', queueOnly, floor));
    push('of which getAlertQueue alone, all (median)', queueOnly, loadBefore);
    ctx.details.openAlerts = open;
    ctx.details.closedAlerts = closed;
    ctx.details.clients = clients;

    // EXPLAIN ANALYZE of every query the slowest case issues (captured from the pool).
    await explainQueries(p, 'the default admin view (all)', page({ scope: 'all' }));
    if (worst) await explainQueries(p, `the slowest case (${worst.label})`, page(worst.filter));
    ctx.finish(figures);
  } finally {
    await closeDb();
    await scratch.drop();
  }
}

if (process.argv[1]?.endsWith('queue.ts')) {
  runQueueBench().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
