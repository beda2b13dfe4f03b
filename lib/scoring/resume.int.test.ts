// Resuming a batch run over a small demo book, through the real queue, model and ledger: a run whose chunk
// really failed (a trigger makes its decision write throw, on its last attempt) is resumed and completes with
// exactly one decision per client of the population, the chunk done before the failure keeping its decisions;
// a run cancelled before any chunk started resumes as QUEUED and completes too; refusals are 409 and 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import '@/lib/test/next-mocks';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { cancelRun, createBatchRun, runChunk, workRunHere } from '@/lib/scoring/batch';
import { resumeRun } from '@/lib/scoring/resume';
import { stopBoss } from '@/lib/jobs/queue';
import * as resumeRoute from '@/app/api/v1/scoring/runs/[id]/resume/route';
import { parseArgs, runScoreCli } from '@/scripts/score';

let t: TestDatabase;
let actor: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(pool(), { clients: 300, months: 12, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  await ensureDefaultPolicy();
  const users = await createRoleUsers();
  actor = {
    kind: 'user',
    id: users.DATA_SCIENTIST,
    name: 'Test DATA_SCIENTIST',
    email: 'data_scientist@test.local',
    role: 'DATA_SCIENTIST',
    locale: 'pt-BR',
  };
}, 240_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

async function population(month: string): Promise<number> {
  const r = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "MonthlyStatement" WHERE "referenceMonth" = $1 AND "monthsPastDue" = 0`,
    [month],
  );
  return r.rows[0]!.n;
}

const runRow = async (id: string) =>
  (
    await pool().query(
      `SELECT status, message, "cancelRequested", "finishedAt", decisions, "clientsDone", "chunksDone",
              "alertsOpened", "alertsRefreshed", "offersQueued"
         FROM "ScoringRun" WHERE id = $1`,
      [id],
    )
  ).rows[0];

const chunkRows = async (id: string) =>
  (
    await pool().query<{ idx: number; status: string; attempts: number; message: string | null }>(
      `SELECT idx, status, attempts, message FROM "ScoringChunk" WHERE "runId" = $1 ORDER BY idx`,
      [id],
    )
  ).rows;

/** One decision per client; alerts and offers exactly those the run's decisions call for. */
async function expectCompleteLedger(runId: string, expected: number) {
  const p = pool();
  const per = await p.query<{ n: number; d: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT "clientId")::int AS d FROM "Decision" WHERE "runId" = $1`,
    [runId],
  );
  expect(per.rows[0]).toEqual({ n: expected, d: expected });
  const byAction = await p.query<{ band: string; action: string; holdout: boolean; n: number }>(
    `SELECT band, action, holdout, count(*)::int AS n FROM "Decision" WHERE "runId" = $1 GROUP BY 1, 2, 3`,
    [runId],
  );
  const count = (f: (x: { band: string; action: string; holdout: boolean }) => boolean) =>
    byAction.rows.filter(f).reduce((s, x) => s + x.n, 0);
  const calls = count((x) => x.action === 'MANAGER_CALL');
  const offers = count((x) => x.action === 'DIGITAL_OFFER');
  expect(calls).toBeGreaterThan(0);
  expect(count((x) => x.holdout && x.action !== 'NONE')).toBe(0);
  expect(count((x) => x.band === 'CRITICAL' && !x.holdout && x.action === 'NONE')).toBe(0);
  expect(count((x) => x.band === 'CRITICAL' && !x.holdout)).toBe(calls);
  const alerts = await p.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Alert" a JOIN "Decision" d ON d.id = a."decisionId" WHERE d."runId" = $1`,
    [runId],
  );
  expect(alerts.rows[0]!.n).toBe(calls);
  const queued = await p.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId" WHERE d."runId" = $1`,
    [runId],
  );
  expect(queued.rows[0]!.n).toBe(offers);
  const r = await runRow(runId);
  expect(r.status).toBe('SUCCEEDED');
  expect(r.decisions).toBe(expected);
  expect(r.clientsDone).toBe(expected);
  expect(r.alertsOpened + r.alertsRefreshed).toBe(calls);
  expect(r.offersQueued).toBe(offers);
  return { calls, offers };
}

describe('resuming a batch scoring run', () => {
  let failedRunId: string;

  it('resumes a FAILED run: only unfinished chunks run again, every client decided exactly once', async () => {
    const month = '2026-06';
    const expected = await population(month);
    const run = await createBatchRun({ asOfMonth: month, chunkClients: 100, origin: 'test' }, null);
    failedRunId = run.id;
    expect(run.chunksTotal).toBeGreaterThanOrEqual(2);
    const first = await runChunk({ runId: run.id, idx: 0 });
    expect(first.decisions).toBeGreaterThan(0);

    // A real failure inside the chunk's write transaction, on its last allowed attempt.
    await pool().query(`CREATE FUNCTION test_fail_decision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected decision write failure'; END $$`);
    await pool().query(`CREATE TRIGGER test_fail_decision BEFORE INSERT ON "Decision"
      FOR EACH STATEMENT EXECUTE FUNCTION test_fail_decision()`);
    try {
      await expect(runChunk({ runId: run.id, idx: 1 }, 1)).rejects.toThrow(/injected decision write failure/);
    } finally {
      await pool().query(`DROP TRIGGER test_fail_decision ON "Decision"`);
      await pool().query(`DROP FUNCTION test_fail_decision()`);
    }
    // The leftover jobs of the failed run are drained as workers would: they skip, nothing else is written.
    await workRunHere(run.id, { pollMs: 50 });
    const failed = await runRow(run.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.message).toMatch(/chunk 1: injected decision write failure/);
    expect(failed.decisions).toBe(first.decisions);
    const before = await chunkRows(run.id);
    expect(before[0]!.status).toBe('SUCCEEDED');
    expect(before[1]).toMatchObject({ status: 'FAILED', attempts: 1 });
    for (const c of before.slice(2)) expect(c.status).toBe('CANCELLED');

    const resumed = await resumeRun(run.id, actor);
    expect(resumed).toEqual({ resumed: true, chunks: run.chunksTotal - 1 });
    const reopened = await runRow(run.id);
    expect(reopened).toMatchObject({
      status: 'RUNNING',
      message: null,
      cancelRequested: false,
      finishedAt: null,
    });
    const after = await chunkRows(run.id);
    expect(after[0]!.status).toBe('SUCCEEDED');
    for (const c of after.slice(1)) expect(c).toMatchObject({ status: 'QUEUED', attempts: 0, message: null });
    const jobs = await pool().query<{ key: string }>(
      `SELECT singleton_key AS key FROM pgboss.job WHERE name = 'score-chunk' AND data->>'runId' = $1
          AND state = 'created' ORDER BY (data->>'idx')::int`,
      [run.id],
    );
    expect(jobs.rows.map((j) => j.key)).toEqual(after.slice(1).map((c) => `${run.id}:${c.idx}:r1`));
    const audit = await pool().query(
      `SELECT "actorId", details FROM "AuditLog" WHERE action = 'scoring.run.resume' AND target = $1`,
      [run.id],
    );
    expect(audit.rows).toEqual([
      { actorId: actor.id, details: expect.objectContaining({ chunks: run.chunksTotal - 1, resume: 1 }) },
    ]);

    await workRunHere(run.id, { pollMs: 50 });
    const { calls } = await expectCompleteLedger(run.id, expected);
    // A fresh book: every alert of this first run was opened by it.
    expect((await runRow(run.id)).alertsOpened).toBe(calls);
    expect((await chunkRows(run.id)).every((c) => c.status === 'SUCCEEDED')).toBe(true);
  });

  it('refuses to resume a SUCCEEDED run (409, nothing queued) and an unknown id (404)', async () => {
    await expect(resumeRun(failedRunId, actor)).rejects.toMatchObject({
      code: 'scoring.notResumable',
      status: 409,
    });
    await expect(resumeRun(randomUUID(), actor)).rejects.toMatchObject({
      code: 'scoring.runNotFound',
      status: 404,
    });
    // The route answers the same, as the API's conflict shape.
    signInAs(actor.id);
    try {
      const res = await resumeRoute.POST(
        new Request(`http://localhost/api/v1/scoring/runs/${failedRunId}/resume`, { method: 'POST' }),
        { params: Promise.resolve({ id: failedRunId }) },
      );
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('CONFLICT');
    } finally {
      signInAs(null);
    }
    const queued = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'score-chunk' AND state = 'created'`,
    );
    expect(queued.rows[0]!.n).toBe(0);
  });

  it('resumes a run CANCELLED before any chunk started: back to QUEUED, then completes', async () => {
    const month = '2026-07';
    const expected = await population(month);
    const run = await createBatchRun({ asOfMonth: month, chunkClients: 100, origin: 'test' }, null);
    await cancelRun(run.id, actor);
    // The cancelled run's jobs are drained: each chunk stays CANCELLED, no decision written.
    await workRunHere(run.id, { pollMs: 50 });
    expect((await runRow(run.id)).decisions).toBe(0);
    expect((await chunkRows(run.id)).every((c) => c.status === 'CANCELLED')).toBe(true);

    expect(await resumeRun(run.id, actor)).toEqual({ resumed: true, chunks: run.chunksTotal });
    expect(await runRow(run.id)).toMatchObject({
      status: 'QUEUED',
      cancelRequested: false,
      finishedAt: null,
    });
    await workRunHere(run.id, { pollMs: 50 });
    await expectCompleteLedger(run.id, expected);
  });

  it('refuses to resume a cancelled run while another run of its month, model and policy is open (409)', async () => {
    const month = '2026-05';
    const expected = await population(month);
    const old = await createBatchRun({ asOfMonth: month, chunkClients: 100, origin: 'test' }, null);
    await cancelRun(old.id, actor);
    await workRunHere(old.id, { pollMs: 50 });
    // Cancelled: a new run of the month may start; the old one may not come back beside it.
    const fresh = await createBatchRun({ asOfMonth: month, chunkClients: 100, origin: 'test' }, null);
    await expect(resumeRun(old.id, actor)).rejects.toMatchObject({
      code: 'scoring.runInProgress',
      status: 409,
      params: { month, id: fresh.id },
    });
    expect((await runRow(old.id)).status).toBe('CANCELLED');
    await workRunHere(fresh.id, { pollMs: 50 });
    // One decision per client for the month, all from the new run (its alerts are left to the other tests:
    // a newer month's run refreshes the open alerts of an older one).
    const per = await pool().query<{ run: string; n: number; d: number }>(
      `SELECT "runId" AS run, count(*)::int AS n, count(DISTINCT "clientId")::int AS d FROM "Decision"
        WHERE "asOfMonth" = $1 GROUP BY 1`,
      [month],
    );
    expect(per.rows).toEqual([{ run: fresh.id, n: expected, d: expected }]);
  });

  // Last: the command closes the pool and the queue when it ends, as it does in its own process.
  it('npm run score -- --resume RUN_ID --json resumes a cancelled run and works it to the end', async () => {
    expect(() => parseArgs(['--resume', 'not-a-uuid'])).toThrow(/run id/);
    expect(() => parseArgs(['--resume', randomUUID(), '--as-of', '2026-08'])).toThrow(/cannot be combined/);
    const month = '2026-08';
    const expected = await population(month);
    const run = await createBatchRun({ asOfMonth: month, chunkClients: 100, origin: 'test' }, null);
    await runChunk({ runId: run.id, idx: 0 });
    await cancelRun(run.id, actor);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runScoreCli(['--resume', run.id, '--json'], {
      stdout: (x) => out.push(x),
      stderr: (x) => err.push(x),
    });
    expect(err.join('\n')).not.toMatch(/Error/);
    expect(code).toBe(0);
    const result = JSON.parse(out.join(''));
    expect(result).toMatchObject({
      runId: run.id,
      resumedChunks: run.chunksTotal - 1,
      status: 'SUCCEEDED',
      asOfMonth: month,
      clients: expected,
      decisions: expected,
    });
    await expectCompleteLedger(run.id, expected);
    const audit = await pool().query(
      `SELECT "actorId", details->>'via' AS via FROM "AuditLog" WHERE action = 'scoring.run.resume' AND target = $1`,
      [run.id],
    );
    expect(audit.rows).toEqual([{ actorId: null, via: 'cli' }]);
    // Resuming it again is refused with the catalogue's message, exit 1.
    const again: string[] = [];
    expect(
      await runScoreCli(['--resume', run.id], { stdout: () => undefined, stderr: (x) => again.push(x) }),
    ).toBe(1);
    expect(again.join('\n')).toMatch(/Only a failed or cancelled run can be resumed: this one is finished/);
  });
});
