// The monthly scoring schedule against a real database and queue with a small demo book (2026-01..2026-06):
// what the job does on the 2nd of a month (starts a run of the last complete month with the champion and the
// active policy), and every case where it must not (no champion, no policy, no statements, no current
// account, a run in progress, the month already scored); and the schedule entry pg-boss keeps, once, in
// Brasília time, removed by PROATIVA_MONTHLY_SCORING=0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { createBatchRun, workRunHere } from '@/lib/scoring/batch';
import { getBoss, SCORE_MONTHLY_QUEUE, stopBoss } from '@/lib/jobs/queue';
import { MONTHLY_LOCK, runMonthlyScoring, startMonthlyScoring } from '@/lib/jobs/score-schedule';

let t: TestDatabase;
let modelId: string;

/** The 2nd of the month after `month`, 06:00 in São Paulo: when the schedule fires to score `month`. */
const firing = (nextMonth: string) => new Date(`${nextMonth}-02T06:00:00-03:00`);

async function runsOf(month: string) {
  const r = await pool().query<{ id: string; status: string; origin: string; createdById: string | null }>(
    `SELECT id, status, origin, "createdById" FROM "ScoringRun" WHERE kind = 'BATCH' AND "asOfMonth" = $1
      ORDER BY "createdAt"`,
    [month],
  );
  return r.rows;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(pool(), { clients: 300, months: 6, today: new Date('2026-07-01T12:00:00Z') });
}, 240_000);

afterAll(async () => {
  delete process.env.PROATIVA_MONTHLY_SCORING;
  resetEnvCache();
  await stopBoss();
  await t.drop();
});

describe('the monthly scoring job', () => {
  it('does nothing without a champion, then without an active policy, and says why', async () => {
    expect(await runMonthlyScoring(firing('2026-07'))).toEqual({
      asOfMonth: '2026-06',
      skipped: 'noChampion',
    });
    const r = await registerDefaultModel(null);
    if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
    modelId = r.id;
    expect(await runMonthlyScoring(firing('2026-07'))).toEqual({ asOfMonth: '2026-06', skipped: 'noPolicy' });
    expect(await runsOf('2026-06')).toEqual([]);
    await ensureDefaultPolicy();
  });

  it('on the 2nd starts a run of the previous month with the champion and the active policy', async () => {
    const out = await runMonthlyScoring(firing('2026-07'));
    expect(out).toMatchObject({ asOfMonth: '2026-06', started: { runId: expect.any(String) } });
    const runId = 'started' in out ? out.started.runId : '';
    const population = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "MonthlyStatement" WHERE "referenceMonth" = '2026-06' AND "monthsPastDue" = 0`,
    );
    expect('started' in out && out.started.clients).toBe(population.rows[0]!.n);
    const row = (
      await pool().query(
        `SELECT status, origin, "createdById", "modelVersionId", "policyVersion" FROM "ScoringRun" WHERE id = $1`,
        [runId],
      )
    ).rows[0];
    expect(row).toEqual({
      status: 'QUEUED',
      origin: 'schedule',
      createdById: null,
      modelVersionId: modelId,
      policyVersion: 1,
    });

    // A second delivery (a retry, a duplicate) while the run is still queued starts nothing new.
    expect(await runMonthlyScoring(firing('2026-07'))).toEqual({
      asOfMonth: '2026-06',
      skipped: 'inProgress',
      runId,
    });
    // The schedule only creates the run; the workers take its chunks like any other run's.
    await workRunHere(runId, { pollMs: 50 });
    expect((await runsOf('2026-06')).map((r) => r.status)).toEqual(['SUCCEEDED']);

    // Later the same day, or on a retry the next morning: the month is already scored.
    for (const at of [new Date('2026-07-02T23:30:00-03:00'), new Date('2026-07-03T06:00:00-03:00')]) {
      expect(await runMonthlyScoring(at)).toEqual({ asOfMonth: '2026-06', skipped: 'alreadyScored', runId });
    }
    expect(await runsOf('2026-06')).toHaveLength(1);
  });

  it('waits while another delivery is deciding, then sees the run it started', async () => {
    // Another process's delivery holds the decision lock: it is between its checks and creating its run.
    const other = await pool().connect();
    try {
      await other.query('SELECT pg_advisory_lock($1::bigint)', [MONTHLY_LOCK]);
      let settled = false;
      const mine = runMonthlyScoring(firing('2026-06')).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      expect(await runsOf('2026-05')).toEqual([]);
      // The other delivery creates its run, then lets go of the lock.
      const theirs = await createBatchRun({ asOfMonth: '2026-05', origin: 'schedule' }, null);
      await other.query('SELECT pg_advisory_unlock($1::bigint)', [MONTHLY_LOCK]);
      expect(await mine).toEqual({ asOfMonth: '2026-05', skipped: 'inProgress', runId: theirs.id });
      expect(await runsOf('2026-05')).toHaveLength(1);
      await workRunHere(theirs.id, { pollMs: 50 });
    } finally {
      other.release();
    }
  });

  it('a cancelled or failed run of the month does not count as scored', async () => {
    await pool().query(`UPDATE "ScoringRun" SET status = 'CANCELLED' WHERE "asOfMonth" = '2026-05'`);
    const out = await runMonthlyScoring(firing('2026-06'));
    expect(out).toMatchObject({ asOfMonth: '2026-05', started: { runId: expect.any(String) } });
    expect((await runsOf('2026-05')).map((r) => r.status)).toEqual(['CANCELLED', 'QUEUED']);
    await workRunHere('started' in out ? out.started.runId : '', { pollMs: 50 });
  });

  it('skips a month without statements and a month where no account is current', async () => {
    expect(await runMonthlyScoring(firing('2026-08'))).toEqual({
      asOfMonth: '2026-07',
      skipped: 'noStatements',
    });
    expect(await runsOf('2026-07')).toEqual([]);
    // Every account late in 2026-01: statements exist, but the scoring population is empty.
    await pool().query(
      `UPDATE "MonthlyStatement" SET "monthsPastDue" = 1 WHERE "referenceMonth" = '2026-01'`,
    );
    expect(await runMonthlyScoring(firing('2026-02'))).toEqual({
      asOfMonth: '2026-01',
      skipped: 'noClients',
    });
    expect(await runsOf('2026-01')).toEqual([]);
  });
});

describe('the schedule entry', () => {
  const entries = async () =>
    (await (await getBoss()).getSchedules()).filter((s) => s.name === SCORE_MONTHLY_QUEUE);

  it('is registered once, on the 2nd at 06:00 in Brasília time, however many processes register it', async () => {
    const boss = await getBoss();
    expect(await startMonthlyScoring(boss)).toBe(true);
    expect(await startMonthlyScoring(boss)).toBe(true);
    const list = await entries();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ cron: '0 6 2 * *', timezone: 'America/Sao_Paulo' });
    await boss.offWork(SCORE_MONTHLY_QUEUE);
  });

  it('is removed by PROATIVA_MONTHLY_SCORING=0', async () => {
    process.env.PROATIVA_MONTHLY_SCORING = '0';
    resetEnvCache();
    expect(await startMonthlyScoring(await getBoss())).toBe(false);
    expect(await entries()).toEqual([]);
  });
});
