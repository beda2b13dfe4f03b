// The monitoring job at scale: BENCH_CLIENTS decisions (default 1,000,000) spread over 10 as-of months (7 with
// outcomes), the default model's card as the reference; prints the time of computeMonitoring (the monthly job's
// work) and the server time of the monitoring routes' reads (lib/monitoring/read.ts) next to a floor (an
// answer that does no query), with the load average. The job's floor: one bare pass over the same decisions
// joined to their outcomes, reading every feature array (what any monitoring must at least read). Runs in a
// throwaway database on the harness's cluster.
//   BENCH_MONITORING_DECISIONS=20000 npm run bench -- monitoring
import fs from 'node:fs';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { loadAverage, type Figure, type Measure, type SectionContext } from './harness';
import { insertBenchClients, productScratch } from './scratch';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadAverage().join(' ');

async function timeIt(log: (s: string) => void, label: string, f: () => Promise<unknown>, reps = 20) {
  await f();
  const t = performance.now();
  for (let i = 0; i < reps; i++) await f();
  const ms = (performance.now() - t) / reps;
  log(`${label}: ${ms.toFixed(2)} ms per call`);
  return ms;
}

export async function benchMonitoring(ctx: SectionContext): Promise<Figure[]> {
  const n = ctx.params.monitoringDecisions;
  const months = 10;
  const perMonth = Math.ceil(n / months);
  const { pool, close } = await productScratch('proativa_bench_monitoring');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  const { computeMonitoring } = await import('@/lib/monitoring/compute');
  const { getDrift, getPerformance, getTriggers } = await import('@/lib/monitoring/read');
  try {
    const p = pool();
    ctx.log(`\n== Monitoring on ${fmt(perMonth * months)} decisions (${months} months) ==`);
    await ensureDefaultPolicy();
    const card = JSON.parse(fs.readFileSync('models/model-card.json', 'utf8')) as { featureNames: string[] };
    let t = Date.now();
    await insertBenchClients(p, perMonth);
    await p.query(
      `INSERT INTO "ModelVersion" (id, name, version, status, "sourceFormat", "sourceBytes", onnx, sha256,
                                   "featureNames", card, parity)
       VALUES ('00000000-0000-4000-8000-0000000000be', 'bench', 1, 'CHAMPION', 'onnx', '\\x00', '\\x00', '0',
               $1, $2, '{}')`,
      [card.featureNames, JSON.stringify(card)],
    );
    for (let m = 0; m < months; m++) {
      ctx.progress(m * perMonth, months * perMonth, 'decisions inserted');
      const month = `2026-${String(m + 2).padStart(2, '0')}`;
      const run = await p.query<{ id: string }>(
        `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                   "featureSetVersion", "finishedAt")
         VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $1, '00000000-0000-4000-8000-0000000000be', 1, 'fs-v1',
                 now()) RETURNING id`,
        [month],
      );
      await p.query(
        `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", features, "yProba", band, action, channel, holdout,
                                 "reasonCodes", "baseValue")
         SELECT $1, c.id, $2, '00000000-0000-4000-8000-0000000000be', 1, 'fs-v1',
                ARRAY(SELECT random() * 3 + 0 * c.id FROM generate_series(1, $3)), s.y,
                (CASE WHEN s.y >= 0.5 THEN 'CRITICAL' WHEN s.y >= 0.2 THEN 'MODERATE' ELSE 'LOW' END)::"Band",
                'NONE', 'NONE', c.id % 20 = 0, '[]', 0
           FROM "Client" c CROSS JOIN LATERAL (SELECT power(random() + 0 * c.id, 3) AS y) s`,
        [run.rows[0]!.id, month, NUM_FEATURES],
      );
      if (m < 7) {
        await p.query(
          `INSERT INTO "Outcome" ("clientId", "referenceMonth", defaulted, "observedAt")
           SELECT "clientId", "asOfMonth", random() < "yProba", DATE '2026-11-30' FROM "Decision" WHERE "asOfMonth" = $1`,
          [month],
        );
      }
    }
    await p.query('VACUUM ANALYZE');
    ctx.progress(months * perMonth, months * perMonth, 'decisions inserted');
    ctx.log(`inserted in ${((Date.now() - t) / 1000).toFixed(1)} s (load ${load()})`);
    const loadJob = loadAverage();
    t = Date.now();
    const s = await computeMonitoring();
    const jobMs = Date.now() - t;
    ctx.log(
      `computeMonitoring (the monthly job): ${(jobMs / 1000).toFixed(1)} s, ` +
        `${s.performanceRows} performance + ${s.driftRows} drift rows, calibration ${s.calibration} (load ${load()})`,
    );
    const loadScan = loadAverage();
    t = Date.now();
    await p.query(
      `SELECT d."asOfMonth", count(*), avg(d."yProba"), avg(o.defaulted::int), sum(cardinality(d.features))
         FROM "Decision" d LEFT JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
        GROUP BY 1`,
    );
    const scanMs = Date.now() - t;
    ctx.log(`floor: one bare pass over the decisions and outcomes: ${(scanMs / 1000).toFixed(1)} s`);
    const figures: Figure[] = [
      ctx.figure(
        'computeMonitoring (the monthly job)',
        jobMs,
        'ms',
        { name: 'one bare pass over decisions + outcomes', value: scanMs, unit: 'ms' },
        {
          loadBefore: loadJob,
          details: {
            decisions: perMonth * months,
            performanceRows: s.performanceRows,
            driftRows: s.driftRows,
            floorLoadBefore: loadScan,
          },
        },
      ),
    ];
    const floorLoad = loadAverage();
    const floorMs = await timeIt(ctx.log, 'floor (no query)', async () => Response.json({ ok: true }));
    const floor: Measure = { name: 'an answer with no query', value: floorMs, unit: 'ms' };
    for (const [label, f] of [
      ['GET performance', async () => Response.json(await getPerformance({}))],
      ['GET drift', async () => Response.json(await getDrift({}))],
      ['GET triggers', async () => Response.json(await getTriggers())],
    ] as const) {
      const loadBefore = loadAverage();
      const ms = await timeIt(ctx.log, label, f);
      figures.push(
        ctx.figure(`${label} (server time)`, ms, 'ms', floor, {
          loadBefore,
          details: { floorLoadBefore: floorLoad },
        }),
      );
    }
    ctx.log(`(load ${load()})`);
    return figures;
  } finally {
    await close();
  }
}
