// Batch scoring benchmark on the harness's cached portfolio (default 1,000,000 clients, BENCH_CLIENTS and
// BENCH_MONTHS; a fresh copy of it per run): a run for an as-of month end to end (features computed and stored,
// ONNX inference, TreeSHAP reason codes, policy, decisions + alerts + offers persisted) worked by 1 and then by
// 2 `npm run worker` processes (each working cores / processes chunks at once), each next to its floors measured
// in the same run on the same data: raw ONNX Runtime inference of the run's feature rows, and a bare COPY of the
// run's decision rows into a copy of the Decision table (same columns and indexes). Run: npm run bench -- scoring
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as ort from 'onnxruntime-node';
import { addMonths } from '@/lib/domain/raw';
import { resetEnvCache } from '@/lib/env';
import { SESSION_OPTIONS } from '@/lib/ml/onnx/ort-scorer';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { loadAverage, type Figure, type LoadAverage, type SectionContext } from './harness';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** The machine's busy and total CPU time so far, in ms (Linux /proc/stat; null elsewhere). */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    const idle = f[3]! + (f[4] ?? 0);
    const tick = 10; // USER_HZ is 100 on Linux
    return { busy: (total - idle) * tick, total: total * tick };
  } catch {
    return null;
  }
}

function startWorkers(n: number, url: string): ChildProcess[] {
  return Array.from({ length: n }, () =>
    spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PROATIVA_WORKER_QUEUES: 'score-chunk',
        PROATIVA_MONTHLY_SCORING: '0',
        // As the runbook advises: about as many chunks in flight as cores, whatever the number of processes.
        PROATIVA_SCORE_CONCURRENCY:
          process.env.PROATIVA_SCORE_CONCURRENCY ?? String(Math.max(1, Math.round(os.cpus().length / n))),
        LOG_LEVEL: process.env.BENCH_WORKER_LOG ?? 'warn',
      },
      stdio: ['ignore', process.env.BENCH_WORKER_LOG ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    }),
  );
}

/** Resolves when every worker has said it is subscribed to the queue (scripts/worker.ts), rejects on exit. */
function workersReady(ws: ChildProcess[], timeoutMs = 120_000): Promise<void> {
  return Promise.all(
    ws.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('a worker was not ready within 120 s')), timeoutMs);
          w.once('message', () => {
            clearTimeout(timer);
            resolve();
          });
          w.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`a worker exited (${code}) before it was ready`));
          });
        }),
    ),
  ).then(() => undefined);
}

async function stopWorkers(ws: ChildProcess[]) {
  await Promise.all(
    ws.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null) return resolve();
          // SIGKILL after 15 s: a worker still finishing a chunk must not outlive the benchmark.
          const timer = setTimeout(() => w.kill('SIGKILL'), 15_000);
          w.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          w.kill('SIGTERM');
        }),
    ),
  );
}

async function timedRun(
  pool: pg.Pool,
  month: string,
  workers: number,
  url: string,
  progress: (done: number, total: number, what: string) => void,
) {
  const { createBatchRun } = await import('@/lib/scoring/batch');
  const ws = startWorkers(workers, url);
  try {
    // Workers up (migrations checked, queue subscribed) before the clock starts.
    await workersReady(ws);
    const t0 = Date.now();
    const cpu0 = machineCpu();
    const run = await createBatchRun({ asOfMonth: month, origin: 'bench' }, null);
    for (;;) {
      const r = await pool.query<{ status: string; done: number }>(
        `SELECT status, "clientsDone" AS done FROM "ScoringRun" WHERE id = $1`,
        [run.id],
      );
      const { status, done } = r.rows[0]!;
      if (status !== 'QUEUED' && status !== 'RUNNING') {
        if (status !== 'SUCCEEDED') throw new Error(`run ${run.id} ended ${status}`);
        break;
      }
      progress(done, run.clientsTotal, `${month}, ${workers} worker(s): clients`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const secs = (Date.now() - t0) / 1000;
    const cpu1 = machineCpu();
    progress(run.clientsTotal, run.clientsTotal, `${month}, ${workers} worker(s): clients`);
    // What the whole machine spent (workers, PostgreSQL, this process's polling, anything else running).
    const cpu =
      cpu0 && cpu1
        ? {
            usPerClient: ((cpu1.busy - cpu0.busy) * 1000) / run.clientsTotal,
            busyShare: (cpu1.busy - cpu0.busy) / Math.max(1, cpu1.total - cpu0.total),
          }
        : null;
    return { runId: run.id, clients: run.clientsTotal, secs, cpu };
  } finally {
    await stopWorkers(ws);
  }
}

async function rawInference(
  pool: pg.Pool,
  month: string,
  onnx: Uint8Array,
): Promise<{ rows: number; rate: number }> {
  const r = await pool.query<{ v: number[] }>(
    `SELECT values AS v FROM "FeatureSnapshot" WHERE "asOfMonth" = $1 AND "featureSetVersion" = 'fs-v1'`,
    [month],
  );
  const n = r.rows.length;
  const X = new Float32Array(n * NUM_FEATURES);
  r.rows.forEach((row, i) =>
    row.v.forEach((x, j) => (X[i * NUM_FEATURES + j] = x === null ? NaN : Number(x))),
  );
  const session = await ort.InferenceSession.create(onnx, SESSION_OPTIONS);
  const input = session.inputNames[0]!;
  const CH = 65_536;
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    for (let s = 0; s < n; s += CH) {
      const m = Math.min(CH, n - s);
      await session.run({
        [input]: new ort.Tensor('float32', X.subarray(s * NUM_FEATURES, (s + m) * NUM_FEATURES), [
          m,
          NUM_FEATURES,
        ]),
      });
    }
    best = Math.min(best, performance.now() - t);
  }
  await session.release();
  return { rows: n, rate: n / (best / 1000) };
}

async function bareCopy(pool: pg.Pool, runId: string): Promise<{ rows: number; rate: number }> {
  const file = path.join(os.tmpdir(), `proativa-bench-decisions-${process.pid}.csv`);
  // The server reads and writes the file itself (COPY ... TO/FROM a path): no client in the way.
  fs.rmSync(file, { force: true });
  await pool.query(
    `COPY (SELECT * FROM "Decision" WHERE "runId" = '${runId}') TO '${file}' WITH (FORMAT csv)`,
  );
  fs.chmodSync(file, 0o644);
  await pool.query(`DROP TABLE IF EXISTS bench_decision_copy`);
  await pool.query(`CREATE TABLE bench_decision_copy (LIKE "Decision" INCLUDING ALL)`);
  const t = performance.now();
  const c = await pool.query(`COPY bench_decision_copy FROM '${file}' WITH (FORMAT csv)`);
  const secs = (performance.now() - t) / 1000;
  await pool.query(`DROP TABLE bench_decision_copy`);
  fs.rmSync(file, { force: true });
  return { rows: c.rowCount ?? 0, rate: (c.rowCount ?? 0) / secs };
}

export async function benchScoring(ctx: SectionContext): Promise<Figure[]> {
  const { clients, months, endMonth } = ctx.params;
  const startMonth = addMonths(endMonth, -(months - 1));
  let t = Date.now();
  // The cached portfolio (generated and ingested once per parameters, no features stored), copied for this run.
  const scratch = await ctx.portfolio();
  const pool = new pg.Pool({ connectionString: scratch.url, max: 6 });
  try {
    ctx.log(`\n== Batch scoring: ${fmt(clients)} clients, ${months} months (${startMonth}..${endMonth}) ==`);
    ctx.log(`portfolio ready (a copy of the cached one) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    process.env.DATABASE_URL = scratch.url;
    resetEnvCache();
    const { registerDefaultModel } = await import('@/lib/models/default-model');
    const { ensureDefaultPolicy } = await import('@/lib/policy/store');
    const { closeDb } = await import('@/lib/db');
    const { stopBoss } = await import('@/lib/jobs/queue');
    const m = await registerDefaultModel(null);
    if (!m.registered) throw new Error(m.reason);
    await ensureDefaultPolicy();

    const results: {
      workers: number;
      month: string;
      clients: number;
      secs: number;
      runId: string;
      load: LoadAverage;
      cpu: { usPerClient: number; busyShare: number } | null;
    }[] = [];
    for (const [workers, month] of [
      [1, endMonth],
      [2, addMonths(endMonth, -1)],
    ] as const) {
      const before = loadAverage();
      t = Date.now();
      const r = await timedRun(pool, month, workers, scratch.url, ctx.progress);
      results.push({ workers, month, ...r, load: before });
    }
    const onnx = (
      await pool.query<{ onnx: Buffer }>(`SELECT onnx FROM "ModelVersion" WHERE status = 'CHAMPION'`)
    ).rows[0]!.onnx;
    const loadInf = load();
    const inf = await rawInference(pool, endMonth, new Uint8Array(onnx));
    const loadCopy = load();
    const copy = await bareCopy(pool, results[0]!.runId);
    ctx.log(
      `floor: raw ONNX Runtime inference of ${fmt(inf.rows)} feature rows: ${fmt(inf.rate)} rows/s (load ${loadInf})`,
    );
    ctx.log(
      `floor: bare COPY of ${fmt(copy.rows)} decision rows into a copy of Decision: ${fmt(copy.rate)} rows/s (load ${loadCopy})`,
    );
    const figures: Figure[] = [];
    for (const r of results) {
      const rate = r.clients / r.secs;
      ctx.log(
        `batch run ${r.month} with ${r.workers} worker process${r.workers > 1 ? 'es' : ''}: ${fmt(r.clients)} clients in ${r.secs.toFixed(1)} s = ${fmt(rate)} clients/s ` +
          `(${(inf.rate / rate).toFixed(1)}x slower than raw inference, ${(copy.rate / rate).toFixed(1)}x slower than the bare COPY; load ${r.load.join(' ')}; target >= 20,000)`,
      );
      if (r.cpu) {
        ctx.log(
          `  machine CPU during the run: ${r.cpu.usPerClient.toFixed(0)} us per client, cores ${(r.cpu.busyShare * 100).toFixed(0)}% busy`,
        );
      }
      const label = `batch run, ${r.workers} worker${r.workers > 1 ? 's' : ''}`;
      const details = {
        month: r.month,
        clients: r.clients,
        seconds: r.secs,
        targetMet: rate >= 20_000,
        ...(r.cpu
          ? {
              cpuUsPerClient: Math.round(r.cpu.usPerClient),
              cpuBusyShare: Number(r.cpu.busyShare.toFixed(3)),
            }
          : {}),
      };
      figures.push(
        ctx.figure(
          label,
          rate,
          'clients/s',
          { name: 'raw ONNX inference', value: inf.rate, unit: 'clients/s' },
          {
            loadBefore: r.load,
            details: { ...details, floorRows: inf.rows, floorLoadBefore: loadInf },
          },
        ),
        ctx.figure(
          label,
          rate,
          'clients/s',
          { name: 'bare COPY of the decisions', value: copy.rate, unit: 'clients/s' },
          {
            loadBefore: r.load,
            details: { ...details, floorRows: copy.rows, floorLoadBefore: loadCopy },
          },
        ),
      );
    }
    await stopBoss();
    await closeDb();
    return figures;
  } finally {
    await pool.end();
    await scratch.drop();
  }
}
