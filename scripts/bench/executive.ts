// The executive dashboard and the monitoring JSON at book size: BENCH_EXEC_DECISIONS decisions (default
// 1,000,000: ten monthly batch runs 2026-02..2026-11, the first seven with outcomes) and BENCH_EXEC_STATEMENTS
// monthly statements (default 10,000,000: a tenth of that in clients x 10 months), CRITICAL decisions' alerts
// (~5%: the latest per client open, statuses mixed, older ones closed) and MODERATE decisions' offers (~20%, some
// accepted), each run's stored summary computed by lib/scoring/summary.ts. Times the monthly monitoring job
// (computeMonitoring, which stores the PerformanceMetric/DriftMetric rows the reads serve), then the server time
// of the executive page's data (actor lookup + getExecutiveSummary) and of GET /api/v1/monitoring/performance,
// /drift and /triggers (actor lookup + lib/monitoring/read.ts + Response.json), median and p95, next to a floor
// (the actor lookup and a `SELECT 1`), with the load average before each figure. Throwaway database.
// The monitoring job's floor: one bare pass over the same decisions joined to their outcomes.
// Runs in a child process like the queue section (lib/data/executive.ts imports lib/auth/session.ts):
//   BENCH_EXEC_DECISIONS=100000 BENCH_EXEC_STATEMENTS=1000000 npm run bench -- executive
import fs from 'node:fs';
import { scratchDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import type { Actor } from '@/lib/auth/session';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { childContext, runIsolated } from './child';
import { loadAverage, type Figure, type SectionContext } from './harness';
import { explainQueries, floorOf, line, load, measure } from './queue';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const MODEL = '00000000-0000-4000-8000-0000000000be';
const EXEC_USER = '00000000-0000-4000-8000-0000000000e1';
const MANAGER = '00000000-0000-4000-8000-0000000000a1';
const MONTHS = Array.from({ length: 10 }, (_, m) => `2026-${String(m + 2).padStart(2, '0')}`);
const MATURED = 7;

export const benchExecutive = (ctx: SectionContext) =>
  runIsolated('scripts/bench/executive.ts', ctx.params, ctx.details);

async function runExecutiveBench(): Promise<void> {
  process.env.LOG_LEVEL ??= 'error'; // the job's per-firing warnings would bury the figures
  const ctx = childContext('executive');
  const figures: Figure[] = [];
  const decisions = ctx.params.execDecisions;
  const statements = ctx.params.execStatements;
  const reps = ctx.params.reps;
  const clients = Math.max(1, Math.floor(statements / MONTHS.length));
  const perMonth = Math.min(clients, Math.floor(decisions / MONTHS.length));
  const stride = Math.max(1, Math.floor(clients / perMonth));
  const scratch = await scratchDatabase('proativa_bench_exec');
  await migrate(scratch.url);
  process.env.DATABASE_URL = scratch.url;
  const { resetEnvCache } = await import('@/lib/env');
  resetEnvCache();
  const { pool, db, closeDb } = await import('@/lib/db');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  const { runSummary } = await import('@/lib/scoring/summary');
  const { computeMonitoring } = await import('@/lib/monitoring/compute');
  const { getDrift, getPerformance, getTriggers } = await import('@/lib/monitoring/read');
  const { getExecutiveSummary } = await import('@/lib/data/executive');
  try {
    const p = pool();
    console.log(
      `\n== Executive and monitoring reads: ${fmt(perMonth * MONTHS.length)} decisions, ` +
        `${fmt(clients * MONTHS.length)} statements (${fmt(clients)} clients x ${MONTHS.length} months) ==`,
    );
    await ensureDefaultPolicy();
    const started = Date.now();
    let t = Date.now();
    const step = (s: string) => {
      console.log(
        `  ${s} (${((Date.now() - t) / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(0)} s, load ${load()})`,
      );
      t = Date.now();
    };
    await p.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
       VALUES ($1, 'diretoria@bench.local', 'Diretoria', 'x', 'EXECUTIVE', now()),
              ($2, 'gerente1@bench.local', 'Gerente 1', 'x', 'MANAGER', now())`,
      [EXEC_USER, MANAGER],
    );
    await p.query(
      `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart")
       SELECT 'CLI-' || lpad(i::text, 8, '0'), (ARRAY['varejo', 'alta_renda', 'universitario', 'pj_mei'])[1 + (i / 3) % 4],
              (ARRAY['SP', 'RJ', 'MG', 'Sul', 'Nordeste'])[1 + (i / 7) % 5], DATE '2015-01-01' + (i % 3000)
         FROM generate_series(1, $1) i`,
      [clients],
    );
    step(`${fmt(clients)} clients`);
    for (const month of MONTHS) {
      // A realistic statement: a limit, a balance under it, a minimum due, a payment (some minimum-only),
      // revolving where unpaid, 3% past due.
      await p.query(
        `INSERT INTO "MonthlyStatement" ("clientId", "referenceMonth", "creditLimit", "statementBalance", "minimumDue",
                                         "amountPaid", "revolvingBalance", "monthsPastDue", purchases, "cashAdvances")
         SELECT c.id, $1, s.lim, s.bal, round(s.bal * 0.15, 2),
                CASE WHEN s.r < 0.2 THEN round(s.bal * 0.15, 2) ELSE s.bal END,
                CASE WHEN s.r < 0.2 THEN round(s.bal * 0.85, 2) ELSE 0 END,
                CASE WHEN s.r < 0.03 THEN 1 ELSE 0 END, round(s.bal * 0.8, 2), 0
           FROM "Client" c
          CROSS JOIN LATERAL (SELECT l.lim, round(l.lim * random()::numeric, 2) AS bal, random() AS r
                                FROM (SELECT round((1000 + random() * 49000)::numeric, -2) + 0 * c.id AS lim) l) s`,
        [month],
      );
      step(`statements ${month}`);
    }
    const card = JSON.parse(fs.readFileSync('models/model-card.json', 'utf8')) as { featureNames: string[] };
    await p.query(
      `INSERT INTO "ModelVersion" (id, name, version, status, "sourceFormat", "sourceBytes", onnx, sha256,
                                   "featureNames", card, parity, "promotedAt")
       VALUES ($1, 'bench', 1, 'CHAMPION', 'onnx', '\\x00', '\\x00', '0', $2, $3, '{}', now())`,
      [MODEL, card.featureNames, JSON.stringify(card)],
    );
    const runs: string[] = [];
    for (const [m, month] of MONTHS.entries()) {
      const run = await p.query<{ id: string }>(
        `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                   "featureSetVersion", "finishedAt", "createdAt")
         VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $1, $2, 1, 'fs-v1', now(), now() - ($3 || ' months')::interval)
         RETURNING id`,
        [month, MODEL, String(MONTHS.length - m)],
      );
      const runId = run.rows[0]!.id;
      runs.push(runId);
      // 5% CRITICAL, 20% MODERATE, the rest LOW; 5% holdout; every feature value, like real rows.
      await p.query(
        `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", features, "yProba", band, action, channel, holdout,
                                 "reasonCodes", "baseValue", "decidedAt")
         SELECT $1, c.id, $2::text, $3, 1, 'fs-v1', ARRAY(SELECT random() * 3 + 0 * c.id FROM generate_series(1, $4)),
                y.y, (CASE WHEN y.y >= 0.5 THEN 'CRITICAL' WHEN y.y >= 0.2 THEN 'MODERATE' ELSE 'LOW' END)::"Band",
                (CASE WHEN (c.id / $5) % 20 = 0 THEN 'NONE' WHEN y.y >= 0.5 THEN 'MANAGER_CALL'
                      WHEN y.y >= 0.2 THEN 'DIGITAL_OFFER' ELSE 'NONE' END)::"DecisionAction",
                (CASE WHEN (c.id / $5) % 20 = 0 THEN 'NONE' WHEN y.y >= 0.5 THEN 'PHONE'
                      WHEN y.y >= 0.2 THEN 'APP' ELSE 'NONE' END)::"Channel",
                (c.id / $5) % 20 = 0, '[{"feature":"atraso_max_6m","contribution":0.4,"value":2}]', -2,
                to_date($2::text || '-01', 'YYYY-MM-DD') + interval '1 month' + interval '2 hours'
           FROM "Client" c
          CROSS JOIN LATERAL (SELECT random() + 0 * c.id AS u, random() + 0 * c.id AS v) r
          CROSS JOIN LATERAL (SELECT CASE WHEN r.u < 0.05 THEN 0.5 + 0.5 * r.v WHEN r.u < 0.25 THEN 0.2 + 0.3 * r.v
                                          ELSE 0.2 * r.v END AS y) y
          WHERE c.id % $5 = 0 ORDER BY c.id LIMIT $6`,
        [runId, month, MODEL, NUM_FEATURES, stride, perMonth],
      );
      if (m < MATURED) {
        await p.query(
          `INSERT INTO "Outcome" ("clientId", "referenceMonth", defaulted, "observedAt")
           SELECT "clientId", "asOfMonth", random() < "yProba", DATE '2026-11-30' FROM "Decision" WHERE "runId" = $1`,
          [runId],
        );
      }
      step(`decisions ${month}${m < MATURED ? ' with outcomes' : ''}`);
    }
    // Each run's stored summary, as the batch run writes it at its end.
    for (const runId of runs) {
      const s = await runSummary(p, runId);
      await p.query(
        `UPDATE "ScoringRun" SET summary = $2, decisions = $3, "clientsTotal" = $3, "clientsDone" = $3 WHERE id = $1`,
        [runId, JSON.stringify(s), s.clients],
      );
    }
    step('run summaries');
    await p.query(
      `INSERT INTO "Alert" (id, "clientId", "openClientId", status, "decisionId", "yProba", "asOfMonth", "openedAt",
                            "updatedAt", "closedAt", "assigneeId", "claimedAt", "firstContactAt", "slaDueAt",
                            exposure, "creditLimit")
       SELECT gen_random_uuid(), x."clientId", CASE WHEN x.latest THEN x."clientId" END, x.status::"AlertStatus", x.id,
              x."yProba", x."asOfMonth", x.at, x.at, CASE WHEN x.status = 'CLOSED' THEN x.at + interval '5 days' END,
              CASE WHEN x.status <> 'NEW' THEN $1::uuid END, CASE WHEN x.status <> 'NEW' THEN x.at + interval '1 hour' END,
              CASE WHEN x.status IN ('CONTACTED', 'OFFER_ACCEPTED', 'OFFER_DECLINED', 'CLOSED') THEN x.at + interval '1 day' END,
              x.at + interval '2 days', ms."statementBalance", ms."creditLimit"
         FROM (SELECT d.*, d."decidedAt" AS at,
                      row_number() OVER (PARTITION BY d."clientId" ORDER BY d."asOfMonth" DESC) = 1 AS latest,
                      CASE WHEN row_number() OVER (PARTITION BY d."clientId" ORDER BY d."asOfMonth" DESC) > 1 THEN 'CLOSED'
                           WHEN d.id % 20 < 12 THEN 'NEW' WHEN d.id % 20 < 15 THEN 'CLAIMED'
                           WHEN d.id % 20 < 17 THEN 'CONTACTED' WHEN d.id % 20 < 18 THEN 'OFFER_ACCEPTED'
                           WHEN d.id % 20 < 19 THEN 'OFFER_DECLINED' ELSE 'UNREACHABLE' END AS status
                 FROM "Decision" d WHERE d.action = 'MANAGER_CALL') x
         LEFT JOIN "MonthlyStatement" ms ON ms."clientId" = x."clientId" AND ms."referenceMonth" = x."asOfMonth"`,
      [MANAGER],
    );
    step('alerts');
    await p.query(
      `INSERT INTO "Offer" ("clientId", "decisionId", channel, status, "createdAt", "updatedAt", attempts, "sentAt",
                            "deliveredAt", "readAt", "acceptedAt")
       SELECT d."clientId", d.id, 'APP', s.status::"OfferStatus", d."decidedAt", d."decidedAt", 1,
              CASE WHEN s.status IN ('SENT', 'DELIVERED', 'READ') THEN d."decidedAt" + interval '10 hours' END,
              CASE WHEN s.status IN ('DELIVERED', 'READ') THEN d."decidedAt" + interval '11 hours' END,
              CASE WHEN s.status = 'READ' THEN d."decidedAt" + interval '12 hours' END,
              CASE WHEN s.status = 'READ' AND s.accept THEN d."decidedAt" + interval '2 days' END
         FROM "Decision" d
        CROSS JOIN LATERAL (SELECT CASE WHEN d.id % 10 = 0 THEN 'SKIPPED' WHEN d.id % 10 = 1 THEN 'FAILED'
                                        WHEN d.id % 10 < 4 THEN 'SENT' WHEN d.id % 10 < 6 THEN 'DELIVERED'
                                        ELSE 'READ' END AS status, random() + 0 * d.id < 0.3 AS accept) s
        WHERE d.action = 'DIGITAL_OFFER'`,
    );
    step('offers');
    await p.query('VACUUM ANALYZE');
    step('VACUUM ANALYZE');
    const counts = await p.query<{ t: string; n: string }>(
      `SELECT 'decisions' AS t, count(*)::text AS n FROM "Decision"
       UNION ALL SELECT 'statements', count(*)::text FROM "MonthlyStatement"
       UNION ALL SELECT 'alerts', count(*)::text FROM "Alert"
       UNION ALL SELECT 'open alerts', count(*)::text FROM "Alert" WHERE "openClientId" IS NOT NULL
       UNION ALL SELECT 'offers', count(*)::text FROM "Offer"
       UNION ALL SELECT 'offers accepted', count(*)::text FROM "Offer" WHERE "acceptedAt" IS NOT NULL
       UNION ALL SELECT 'outcomes', count(*)::text FROM "Outcome"`,
    );
    console.log(`  rows: ${counts.rows.map((r) => `${r.t} ${fmt(Number(r.n))}`).join(', ')}`);

    console.log(`[load ${load()}] computeMonitoring (the monthly monitoring job) starting...`);
    const loadJob = loadAverage();
    t = Date.now();
    const s = await computeMonitoring();
    const jobMs = Date.now() - t;
    const loadScan = loadAverage();
    const t1 = Date.now();
    await p.query(
      `SELECT d."asOfMonth", count(*), avg(d."yProba"), avg(o.defaulted::int), sum(cardinality(d.features))
         FROM "Decision" d LEFT JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
        GROUP BY 1`,
    );
    const scanMs = Date.now() - t1;
    figures.push(
      ctx.figure(
        'computeMonitoring (the monthly job)',
        jobMs,
        'ms',
        { name: 'one bare pass over decisions + outcomes', value: scanMs, unit: 'ms' },
        {
          loadBefore: loadJob,
          details: { driftRows: s.driftRows, performanceRows: s.performanceRows, floorLoadBefore: loadScan },
        },
      ),
    );
    console.log(
      `[load ${load()}] computeMonitoring: ${((Date.now() - t) / 1000).toFixed(1)} s on ${fmt(perMonth * MONTHS.length)} ` +
        `decisions (${s.months.length} months, ${s.maturedMonths.length} matured): ${s.performanceRows} performance + ` +
        `${s.driftRows} drift rows, calibration ${s.calibration}, firings ${s.firings.fired}`,
    );

    const actorOf = async (id: string): Promise<Actor> => {
      const u = await db.user.findUnique({ where: { id } });
      return { kind: 'user', id: u!.id, name: u!.name, email: u!.email, role: u!.role, locale: u!.locale };
    };
    const floorLoad = loadAverage();
    const floor = await measure(async () => {
      await actorOf(EXEC_USER);
      await p.query('SELECT 1');
    }, reps);
    console.log(line('floor (actor lookup + SELECT 1)', floor, null));
    const floorMeasure = floorOf('actor lookup + SELECT 1', floor);
    const cases: [string, () => Promise<unknown>][] = [
      [
        'executive page data (getExecutiveSummary)',
        async () => getExecutiveSummary(await actorOf(EXEC_USER)),
      ],
      [
        'GET /api/v1/monitoring/performance (MONTH, all)',
        async () => (await actorOf(EXEC_USER), Response.json(await getPerformance({}))),
      ],
      [
        'GET /api/v1/monitoring/performance?cohort=holdout',
        async () => (await actorOf(EXEC_USER), Response.json(await getPerformance({ cohort: 'holdout' }))),
      ],
      [
        'GET /api/v1/monitoring/drift (WEEK)',
        async () => (await actorOf(EXEC_USER), Response.json(await getDrift({}))),
      ],
      [
        'GET /api/v1/monitoring/drift?periodKind=MONTH',
        async () => (await actorOf(EXEC_USER), Response.json(await getDrift({ periodKind: 'MONTH' }))),
      ],
      [
        'GET /api/v1/monitoring/triggers',
        async () => (await actorOf(EXEC_USER), Response.json(await getTriggers())),
      ],
    ];
    let worst: { label: string; f: () => Promise<unknown>; median: number } | null = null;
    for (const [label, f] of cases) {
      const loadBefore = loadAverage();
      const r = await measure(f, reps);
      console.log(line(label, r, floor, 300));
      figures.push(
        ctx.figure(`${label} (median)`, r.median, 'ms', floorMeasure, {
          loadBefore,
          details: { p95: r.p95, floorP95: floor.p95, floorLoadBefore: floorLoad, reps, target: 300 },
        }),
      );
      if (!worst || r.median > worst.median) worst = { label, f, median: r.median };
    }
    const summary = await getExecutiveSummary(await actorOf(EXEC_USER));
    console.log(
      `  (summary: ${fmt(summary.clientsScored)} clients scored in ${summary.asOfMonth}, ${fmt(summary.alertsOpen)} alerts open, ` +
        `${fmt(summary.offersSent)} offers sent, ${fmt(summary.offersAccepted)} accepted, ${summary.bandMix.length} months of band mix)`,
    );
    if (worst) await explainQueries(p, `the slowest read (${worst.label})`, worst.f);
    Object.assign(ctx.details, { decisions: perMonth * MONTHS.length, statements: clients * MONTHS.length });
    ctx.finish(figures);
  } finally {
    await closeDb();
    await scratch.drop();
  }
}

if (process.argv[1]?.endsWith('executive.ts')) {
  runExecutiveBench().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
