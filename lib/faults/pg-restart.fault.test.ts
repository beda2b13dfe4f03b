// Fault: PostgreSQL stopped (pg_ctl stop -m fast) and restarted on the same port and data folder in the middle
// of a batch scoring run worked by a separate worker process. Injected: a 700 ms hold in every chunk
// (PROATIVA_FAULT_CHUNK_DELAY_MS) so the stop lands while chunks are in flight, a 2 s job expiry so pg-boss
// retries a chunk orphaned by the outage quickly, and a 4 s outage. Counted: the worker survives the outage,
// the run ends SUCCEEDED (or FAILED, then resumed), exactly one decision per client of the run, one open alert
// per MANAGER_CALL decision, one offer per DIGITAL_OFFER decision, no duplicate alert or offer, and the run's
// counters against the rows stored.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { freePort, startEmbeddedPostgres, type EmbeddedHandle } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { resetEnvCache } from '@/lib/env';

process.env.PROATIVA_SCORE_EXPIRE_SECONDS = '2';
process.env.PROATIVA_JOBS_MAINTENANCE_SECONDS = '1';

const CLIENTS = 700;
const CHUNK = 100;
let dir: string;
let port: number;
let pg: EmbeddedHandle;
let worker: ChildProcess | undefined;
let workerLog = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => process.stdout.write(`[fault pg-restart] ${s}\n`);

async function startPg(): Promise<EmbeddedHandle> {
  return startEmbeddedPostgres({ dir: path.join(dir, 'cluster'), port, database: 'proativa_fault' });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-fault-pg-'));
  fs.chmodSync(dir, 0o755); // the postgres system user (when running as root) must reach the cluster folder
  port = await freePort();
  pg = await startPg();
  await migrate(pg.url);
  process.env.DATABASE_URL = pg.url;
  resetEnvCache();
  const { pool } = await import('@/lib/db');
  const { seedDemoPortfolio } = await import('@/lib/seed/demo');
  const { registerDefaultModel } = await import('@/lib/models/default-model');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  await seedDemoPortfolio(pool(), { clients: CLIENTS, months: 6, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(r.reason);
  await ensureDefaultPolicy();
}, 300_000);

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    worker.kill('SIGTERM');
    await Promise.race([new Promise((r) => worker!.once('exit', r)), sleep(10_000)]);
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  }
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss().catch(() => undefined);
  const { closeDb } = await import('@/lib/db');
  await closeDb();
  await pg?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL stopped and restarted mid-run', () => {
  it('the run completes with exactly one decision per client, one alert and one offer per decision that asks for it', async () => {
    const { pool, closeDb } = await import('@/lib/db');
    const { createBatchRun } = await import('@/lib/scoring/batch');
    const { stopBoss } = await import('@/lib/jobs/queue');
    const run = await createBatchRun(
      { asOfMonth: '2026-10', chunkClients: CHUNK, origin: 'fault-test' },
      null,
    );
    expect(run.chunksTotal).toBeGreaterThanOrEqual(6);
    // This process only created the run: it lets go of its connections before the outage.
    await stopBoss();
    await closeDb();

    worker = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: pg.url,
        PROATIVA_WORKER_QUEUES: 'score-chunk',
        PROATIVA_FAULT_CHUNK_DELAY_MS: '700',
        LOG_LEVEL: 'info',
        LOG_JSON: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stderr!.on('data', (d) => (workerLog += String(d)));
    worker.stdout!.on('data', (d) => (workerLog += String(d)));

    // Wait for some chunks to be done (polled with a short-lived client, not this process's pool).
    const pgmod = (await import('pg')).default;
    const peek = async () => {
      const c = new pgmod.Client({ connectionString: pg.url, connectionTimeoutMillis: 3000 });
      await c.connect();
      try {
        const r = await c.query<{ status: string; done: number }>(
          `SELECT status, "chunksDone" AS done FROM "ScoringRun" WHERE id = $1`,
          [run.id],
        );
        return r.rows[0]!;
      } finally {
        await c.end();
      }
    };
    let before = await peek();
    for (let i = 0; i < 600 && before.done < 2; i++) {
      await sleep(100);
      before = await peek();
    }
    expect(before.done, `the worker never got going: ${workerLog.slice(-3000)}`).toBeGreaterThanOrEqual(2);
    expect(before.done).toBeLessThan(run.chunksTotal);

    const t0 = Date.now();
    await pg.stop();
    say(`stopped PostgreSQL with ${before.done}/${run.chunksTotal} chunks done`);
    await sleep(4000);
    expect(worker.exitCode, `the worker died during the outage: ${workerLog.slice(-3000)}`).toBeNull();
    pg = await startPg();
    say(`restarted PostgreSQL on port ${port} after ${Date.now() - t0} ms`);

    // The worker must resume on its own; give it a minute.
    let after = await peek();
    for (let i = 0; i < 600 && ['QUEUED', 'RUNNING'].includes(after.status); i++) {
      await sleep(100);
      after = await peek();
    }
    say(`run status after the restart: ${after.status} (${after.done}/${run.chunksTotal} chunks)`);
    expect(worker.exitCode, `the worker died: ${workerLog.slice(-3000)}`).toBeNull();
    expect(after.status).toBe('SUCCEEDED');

    const p = pool();
    const final = await p.query(
      `SELECT status, decisions, "clientsDone", "chunksDone", "chunksTotal", "alertsOpened", "offersQueued"
         FROM "ScoringRun" WHERE id = $1`,
      [run.id],
    );
    const per = await p.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "clientId")::int AS d FROM "Decision" WHERE "runId" = $1`,
      [run.id],
    );
    const alerts = await p.query<{ calls: number; open: number; openDistinct: number; dup: number }>(
      `SELECT (SELECT count(*)::int FROM "Decision" WHERE "runId" = $1 AND action = 'MANAGER_CALL') AS calls,
              (SELECT count(*)::int FROM "Alert" a JOIN "Decision" d ON d.id = a."decisionId"
                WHERE d."runId" = $1 AND a."openClientId" IS NOT NULL) AS open,
              (SELECT count(DISTINCT a."clientId")::int FROM "Alert" a JOIN "Decision" d ON d.id = a."decisionId"
                WHERE d."runId" = $1 AND a."openClientId" IS NOT NULL) AS "openDistinct",
              (SELECT count(*)::int FROM (SELECT "clientId" FROM "Alert" WHERE "openClientId" IS NOT NULL
                 GROUP BY 1 HAVING count(*) > 1) x) AS dup`,
      [run.id],
    );
    const offers = await p.query<{ expected: number; n: number; dup: number }>(
      `SELECT (SELECT count(*)::int FROM "Decision" WHERE "runId" = $1 AND action = 'DIGITAL_OFFER') AS expected,
              (SELECT count(*)::int FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId" WHERE d."runId" = $1) AS n,
              (SELECT count(*)::int FROM (SELECT "decisionId" FROM "Offer" GROUP BY 1 HAVING count(*) > 1) x) AS dup`,
      [run.id],
    );
    const f = final.rows[0]!;
    const a = alerts.rows[0]!;
    const o = offers.rows[0]!;
    say(
      `decisions: expected ${run.clientsTotal}, stored ${per.rows[0]!.n} (${per.rows[0]!.d} distinct clients), run counter ${f.decisions}`,
    );
    say(
      `open alerts: expected ${a.calls} (MANAGER_CALL decisions), stored ${a.open} (${a.openDistinct} clients), duplicated ${a.dup}`,
    );
    say(`offers: expected ${o.expected} (DIGITAL_OFFER decisions), stored ${o.n}, duplicated ${o.dup}`);
    const retried = await p.query<{ n: number; max: number }>(
      `SELECT count(*) FILTER (WHERE attempts > 1)::int AS n, max(attempts)::int AS max FROM "ScoringChunk" WHERE "runId" = $1`,
      [run.id],
    );
    const unrecorded = workerLog
      .split('\n')
      .filter((l) => l.includes('could not record a job outcome')).length;
    say(
      `chunks attempted more than once: ${retried.rows[0]!.n} (max attempts ${retried.rows[0]!.max}); ` +
        `job outcomes the worker could not record during the outage (logged, not a crash): ${unrecorded}`,
    );
    say(`outage to completion: ${Date.now() - t0} ms`);
    expect(f).toMatchObject({
      status: 'SUCCEEDED',
      decisions: run.clientsTotal,
      clientsDone: run.clientsTotal,
      chunksDone: run.chunksTotal,
      alertsOpened: a.calls,
      offersQueued: o.expected,
    });
    expect(per.rows[0]).toEqual({ n: run.clientsTotal, d: run.clientsTotal });
    expect(a.calls).toBeGreaterThan(0);
    expect(a.open).toBe(a.calls);
    expect(a.openDistinct).toBe(a.calls);
    expect(a.dup).toBe(0);
    expect(o.expected).toBeGreaterThan(0);
    expect(o.n).toBe(o.expected);
    expect(o.dup).toBe(0);
  }, 300_000);
});
