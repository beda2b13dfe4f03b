// Fault: a worker process is SIGKILLed while it is inside a chunk of a batch run. Injected: a 400 ms hold in
// every chunk (PROATIVA_FAULT_CHUNK_DELAY_MS) so the kill lands mid-chunk, a 2 s job expiry so pg-boss
// retries the orphaned chunk quickly. Counted: decisions per client of the run (exactly one each), the
// killed chunk's attempts (2), the run's status (SUCCEEDED) and its counters against the decisions stored.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';

process.env.PROATIVA_SCORE_EXPIRE_SECONDS = '2';
process.env.PROATIVA_JOBS_MAINTENANCE_SECONDS = '1';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const { pool } = await import('@/lib/db');
  const { seedDemoPortfolio } = await import('@/lib/seed/demo');
  const { registerDefaultModel } = await import('@/lib/models/default-model');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  await seedDemoPortfolio(pool(), { clients: 1500, months: 6, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(r.reason);
  await ensureDefaultPolicy();
}, 240_000);

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/queue');
  await stopBoss();
  await t.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a worker killed mid-chunk', () => {
  it('loses nothing and duplicates nothing: the run completes with exactly one decision per client', async () => {
    const { pool } = await import('@/lib/db');
    const { createBatchRun, workRunHere } = await import('@/lib/scoring/batch');
    const run = await createBatchRun({ asOfMonth: '2026-10', chunkClients: 150, origin: 'test' }, null);
    expect(run.chunksTotal).toBeGreaterThan(4);

    const worker = spawn(
      process.execPath,
      // node itself with tsx as a loader: the tsx CLI would run the script in a child process, which the
      // kill would not reach.
      ['--conditions=react-server', '--import', 'tsx', 'scripts/worker.ts'],
      {
        env: {
          ...process.env,
          DATABASE_URL: t.url,
          PROATIVA_WORKER_QUEUES: 'score-chunk',
          PROATIVA_FAULT_CHUNK_DELAY_MS: '400',
          LOG_LEVEL: 'info',
          LOG_JSON: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    worker.stderr!.on('data', (d) => (stderr += String(d)));
    worker.stdout!.on('data', (d) => (stderr += String(d)));

    // Wait until the worker has finished some chunks and has just claimed another one (so it is inside the
    // injected 400 ms hold, not committing), then kill it.
    let killedIdx: number | null = null;
    for (let i = 0; i < 1800 && killedIdx === null; i++) {
      const r = await pool().query<{ done: number; running: number | null }>(
        `SELECT (SELECT "chunksDone" FROM "ScoringRun" WHERE id = $1) AS done,
                (SELECT min(idx) FROM "ScoringChunk" WHERE "runId" = $1 AND status = 'RUNNING'
                    AND "startedAt" > now() - interval '150 milliseconds') AS running`,
        [run.id],
      );
      const { done, running } = r.rows[0]!;
      if (done >= 2 && running !== null) {
        worker.kill('SIGKILL');
        killedIdx = running;
      } else await sleep(50);
    }
    expect(killedIdx, `the worker never got going: ${stderr}`).not.toBeNull();
    await new Promise((r) => worker.once('exit', r));
    expect(worker.signalCode).toBe('SIGKILL');
    const mid = await pool().query<{ status: string; done: number }>(
      `SELECT status, "chunksDone" AS done FROM "ScoringRun" WHERE id = $1`,
      [run.id],
    );
    expect(mid.rows[0]!.status).toBe('RUNNING');
    expect(mid.rows[0]!.done).toBeLessThan(run.chunksTotal);

    // This process takes over: the killed chunk comes back once pg-boss expires it.
    await workRunHere(run.id, { pollMs: 100 });

    const final = await pool().query(
      `SELECT status, decisions, "clientsDone", "chunksDone", "chunksTotal" FROM "ScoringRun" WHERE id = $1`,
      [run.id],
    );
    expect(final.rows[0]).toMatchObject({
      status: 'SUCCEEDED',
      decisions: run.clientsTotal,
      clientsDone: run.clientsTotal,
      chunksDone: run.chunksTotal,
    });
    const per = await pool().query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "clientId")::int AS d FROM "Decision" WHERE "runId" = $1`,
      [run.id],
    );
    expect(per.rows[0]).toEqual({ n: run.clientsTotal, d: run.clientsTotal });
    const killed = await pool().query<{ attempts: number; status: string }>(
      `SELECT attempts, status FROM "ScoringChunk" WHERE "runId" = $1 AND idx = $2`,
      [run.id, killedIdx],
    );
    expect(killed.rows[0]).toEqual({ attempts: 2, status: 'SUCCEEDED' });
    const alerts = await pool().query<{ dup: number }>(
      `SELECT count(*)::int AS dup FROM (SELECT "clientId" FROM "Alert" GROUP BY 1 HAVING count(*) > 1) x`,
    );
    expect(alerts.rows[0]!.dup).toBe(0);
    const offers = await pool().query<{ n: number; expected: number }>(
      `SELECT (SELECT count(*)::int FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId" WHERE d."runId" = $1) AS n,
              (SELECT count(*)::int FROM "Decision" WHERE "runId" = $1 AND action = 'DIGITAL_OFFER') AS expected`,
      [run.id],
    );
    expect(offers.rows[0]!.n).toBe(offers.rows[0]!.expected);
  }, 180_000);
});
