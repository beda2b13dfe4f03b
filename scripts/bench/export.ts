// The month's decisions as CSV (GET /api/v1/decisions/export's stream, lib/decisions/export.ts) over
// BENCH_EXPORT_DECISIONS decisions (default 1,000,000): rows/s next to a bare COPY ... TO STDOUT of the same
// query (the database's part alone, no reason-code text), and the process's peak RSS while streaming next to
// the same at a tenth of the rows (flat memory: the ratio stays near 1). Runs in a throwaway database on the
// harness's cluster, with rows as wide as real ones.
//   BENCH_EXPORT_DECISIONS=1000000 npm run bench -- export
import v8 from 'node:v8';
import vm from 'node:vm';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { loadAverage, type Figure, type SectionContext } from './harness';
import { insertBenchClients, productScratch } from './scratch';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const MB = 1024 * 1024;
const SMALL = '2026-09';
const LARGE = '2026-10';

export async function benchExport(ctx: SectionContext): Promise<Figure[]> {
  const n = ctx.params.exportDecisions;
  const small = Math.max(1, Math.round(n / 10));
  const figures: Figure[] = [];
  const { pool, close } = await productScratch('proativa_bench_export');
  const { decisionsCsvStream, EXPORT_COLUMNS } = await import('@/lib/decisions/export');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  // A forced collection before each measurement separates what the stream keeps from earlier garbage.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  try {
    const p = pool();
    ctx.log(`\n== Decisions export (CSV) of ${fmt(n)} decisions, and of ${fmt(small)} ==`);
    const t = Date.now();
    await ensureDefaultPolicy();
    await insertBenchClients(p, n);
    await p.query(
      `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames",
                                   card, parity)
       VALUES ('00000000-0000-4000-8000-0000000000ce', 'bench', 1, 'onnx', '\\x00', '\\x00', '0',
               ARRAY[]::text[], '{}', '{}')`,
    );
    const reasons = JSON.stringify(
      ['utilizacao_limite_media_3m', 'atraso_max_6m', 'renda_comprometida'].map((feature, i) => ({
        feature,
        contribution: 0.5 / (i + 1),
        value: 0.9 - i / 10,
      })),
    );
    for (const [month, rows] of [
      [SMALL, small],
      [LARGE, n],
    ] as const) {
      const run = await p.query<{ id: string }>(
        `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                   "featureSetVersion", "finishedAt")
         VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $1, '00000000-0000-4000-8000-0000000000ce', 1,
                 'fs-v1', now()) RETURNING id`,
        [month],
      );
      await p.query(
        `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", features, "yProba", band, action, channel, holdout,
                                 "reasonCodes", "baseValue")
         SELECT $1, c.id, $2, '00000000-0000-4000-8000-0000000000ce', 1, 'fs-v1',
                array_fill(0.5::float8, ARRAY[$3::int]), s.y,
                (CASE WHEN s.y >= 0.5 THEN 'CRITICAL' WHEN s.y >= 0.2 THEN 'MODERATE' ELSE 'LOW' END)::"Band",
                (CASE WHEN s.y >= 0.5 THEN 'MANAGER_CALL' WHEN s.y >= 0.2 THEN 'DIGITAL_OFFER' ELSE 'NONE' END)::"DecisionAction",
                (CASE WHEN s.y >= 0.5 THEN 'PHONE' WHEN s.y >= 0.2 THEN 'APP' ELSE 'NONE' END)::"Channel",
                random() < 0.05, $4::jsonb, -1.2
           FROM (SELECT * FROM "Client" ORDER BY id LIMIT $5) c
           CROSS JOIN LATERAL (SELECT power(random() + 0 * c.id, 3) AS y) s`,
        [run.rows[0]!.id, month, NUM_FEATURES, reasons, rows],
      );
    }
    await p.query('VACUUM ANALYZE');
    ctx.log(
      `inserted ${fmt(n)} clients and ${fmt(n + small)} decisions in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );

    /** The product's stream, read to the end as a download would, with the process's memory sampled. */
    const stream = async (month: string, total: number) => {
      gc();
      const startRss = process.memoryUsage().rss;
      // Halfway through, a forced collection: the heap left is the process's own plus what the stream keeps
      // (the garbage of rows already written is collected by V8 at its own pace, and the peaks include it).
      let retained = NaN;
      let peakRss = startRss;
      let peakHeap = 0;
      let rows = -1; // the header
      let bytes = 0;
      const loadBefore = loadAverage();
      const t0 = performance.now();
      const reader = decisionsCsvStream(month, { locale: 'pt-BR' }).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) rows++;
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
        if (Number.isNaN(retained) && rows >= total / 2) {
          gc();
          retained = process.memoryUsage().heapUsed;
        }
      }
      const ms = performance.now() - t0;
      return { rows, bytes, ms, startRss, peakRss, peakHeap, retained, loadBefore };
    };
    /** The floor: the same query's rows written by PostgreSQL itself (COPY TO STDOUT, CSV), bytes discarded. */
    const bareCopy = async (month: string) => {
      if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`bad month ${month}`);
      const c = await p.connect();
      try {
        const loadBefore = loadAverage();
        const t0 = performance.now();
        let rows = 0;
        await pipeline(
          c.query(
            copyTo(
              `COPY (SELECT c."externalId", d."asOfMonth", d."runId", m.name || ' v' || m.version, d."policyVersion",
                            d."yProba", d.band, d.action, d.channel, d.holdout, d."reasonCodes"
                       FROM (SELECT DISTINCT ON ("clientId") * FROM "Decision" WHERE "asOfMonth" = '${month}'
                              ORDER BY "clientId", "decidedAt" DESC, id DESC) d
                       JOIN "Client" c ON c.id = d."clientId"
                       JOIN "ModelVersion" m ON m.id = d."modelVersionId"
                      ORDER BY d."clientId") TO STDOUT (FORMAT csv)`,
            ),
          ),
          new Writable({
            write(chunk: Buffer, _enc, cb) {
              for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
              cb();
            },
          }),
        );
        return { rows, ms: performance.now() - t0, loadBefore };
      } finally {
        c.release();
      }
    };

    const s = await stream(SMALL, small);
    const l = await stream(LARGE, n);
    const floor = await bareCopy(LARGE);
    if (l.rows !== n || s.rows !== small || floor.rows !== n) {
      throw new Error(`export rows: ${l.rows} of ${n}, ${s.rows} of ${small}, floor ${floor.rows}`);
    }
    ctx.details.columns = EXPORT_COLUMNS.length;
    figures.push(
      ctx.figure(
        `decisions export (CSV), ${fmt(n)} rows`,
        (n / l.ms) * 1000,
        'rows/s',
        { name: 'bare COPY TO STDOUT of the same query', value: (n / floor.ms) * 1000, unit: 'rows/s' },
        {
          loadBefore: l.loadBefore,
          details: {
            megabytes: Math.round(l.bytes / MB),
            seconds: l.ms / 1000,
            floorLoadBefore: floor.loadBefore,
          },
        },
      ),
      ctx.figure(
        `export peak RSS, ${fmt(n)} rows`,
        Math.round(l.peakRss / MB),
        'MB',
        { name: `the same at ${fmt(small)} rows`, value: Math.round(s.peakRss / MB), unit: 'MB' },
        {
          loadBefore: l.loadBefore,
          details: {
            startRssMb: Math.round(l.startRss / MB),
            peakHeapMb: Math.round(l.peakHeap / MB),
            floorPeakHeapMb: Math.round(s.peakHeap / MB),
            floorStartRssMb: Math.round(s.startRss / MB),
          },
        },
      ),
      ctx.figure(
        `export heap halfway, after a forced GC, ${fmt(n)} rows`,
        Math.round((l.retained / MB) * 10) / 10,
        'MB',
        {
          name: `the same at ${fmt(small)} rows`,
          value: Math.round((s.retained / MB) * 10) / 10,
          unit: 'MB',
        },
        { loadBefore: l.loadBefore },
      ),
    );
    ctx.log(
      `${fmt(n)} rows (${fmt(l.bytes / MB)} MB of CSV) in ${(l.ms / 1000).toFixed(1)} s: ${fmt((n / l.ms) * 1000)} rows/s ` +
        `(bare COPY ${fmt((n / floor.ms) * 1000)} rows/s); peak RSS ${fmt(l.peakRss / MB)} MB, heap ${fmt(l.peakHeap / MB)} MB ` +
        `(at ${fmt(small)} rows: ${fmt(s.peakRss / MB)} MB, heap ${fmt(s.peakHeap / MB)} MB); heap halfway ` +
        `after a forced GC: ${(l.retained / MB).toFixed(1)} MB (at ${fmt(small)} rows: ${(s.retained / MB).toFixed(1)} MB)`,
    );
    return figures;
  } finally {
    await close();
  }
}
