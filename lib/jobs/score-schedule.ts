// The monthly batch-scoring schedule: a pg-boss cron entry (SCORE_MONTHLY_QUEUE, the 2nd at 06:00 Brasília
// time) whose job starts a batch run for the last complete month with the champion and the active policy, and
// the worker that handles it. The job only creates the run; its chunks go to the score-chunk workers like any
// run started from the page. PROATIVA_MONTHLY_SCORING=0 removes the schedule.
import 'server-only';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { pool } from '@/lib/db';
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import {
  SCORE_MONTHLY_CRON,
  SCORE_MONTHLY_QUEUE,
  SCORE_MONTHLY_QUEUE_OPTIONS,
  SCORE_MONTHLY_TZ,
  workQueue,
} from '@/lib/jobs/queue';
import { lastCompleteMonth } from '@/lib/jobs/score-schedule-month';
import { log } from '@/lib/log';
import { getActivePolicy } from '@/lib/policy/store';
import { createBatchRun } from '@/lib/scoring/batch';
import { championId } from '@/lib/scoring/models';

/** Why the schedule did not start a run this time (each is logged). */
export type MonthlySkipReason =
  'noChampion' | 'noPolicy' | 'noStatements' | 'noClients' | 'alreadyScored' | 'inProgress';

export type MonthlyOutcome =
  | { asOfMonth: string; started: { runId: string; clients: number } }
  | { asOfMonth: string; skipped: MonthlySkipReason; runId?: string };

/** Serializes monthly decisions across processes (two deliveries of one job must not both create a run). */
export const MONTHLY_LOCK = 0x73636d6f; // 'scmo'

async function decide(c: pg.PoolClient, asOfMonth: string): Promise<MonthlyOutcome> {
  const skip = (skipped: MonthlySkipReason, extra: { runId?: string } = {}): MonthlyOutcome => {
    const level = skipped === 'noChampion' || skipped === 'noPolicy' ? 'warn' : 'info';
    log[level]({ asOfMonth, reason: skipped, ...extra }, 'monthly scoring skipped');
    return { asOfMonth, skipped, ...extra };
  };
  const modelVersionId = await championId();
  if (!modelVersionId) return skip('noChampion');
  const policy = await getActivePolicy(c);
  if (!policy) return skip('noPolicy');
  const statements = await c.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "MonthlyStatement" WHERE "referenceMonth" = $1) AS any`,
    [asOfMonth],
  );
  if (!statements.rows[0]?.any) return skip('noStatements');
  // Same month, same model, same policy: a finished run makes a new one pointless (it would only report every
  // client unchanged); a queued or running one is this job's own earlier attempt or someone's manual run.
  const prior = await c.query<{ id: string; status: string }>(
    `SELECT id, status FROM "ScoringRun"
      WHERE kind = 'BATCH' AND "asOfMonth" = $1 AND "modelVersionId" = $2 AND "policyVersion" = $3
        AND status IN ('SUCCEEDED', 'QUEUED', 'RUNNING')
      ORDER BY (status = 'SUCCEEDED') DESC, "createdAt" DESC LIMIT 1`,
    [asOfMonth, modelVersionId, policy.version],
  );
  const p = prior.rows[0];
  if (p) return skip(p.status === 'SUCCEEDED' ? 'alreadyScored' : 'inProgress', { runId: p.id });
  try {
    const run = await createBatchRun(
      { asOfMonth, modelVersionId, policyVersion: policy.version, origin: 'schedule' },
      null,
    );
    log.info(
      { asOfMonth, runId: run.id, clients: run.clientsTotal, policyVersion: policy.version },
      'monthly scoring run started',
    );
    return { asOfMonth, started: { runId: run.id, clients: run.clientsTotal } };
  } catch (e) {
    // Statements exist but none is current (every account late): nothing to score, and retrying will not help.
    if (isAppError(e) && e.code === 'scoring.noClients') return skip('noClients');
    // Someone started the same run by hand between the check above and this one.
    if (isAppError(e) && e.code === 'scoring.runInProgress') {
      return skip('inProgress', { runId: String(e.params.id) });
    }
    throw e;
  }
}

/**
 * The job's work, callable directly (tests, an operator's script): scores the last complete month as of `at`
 * (the job's creation time, so a retry hours later names the same month) unless there is nothing to do.
 * Throws only for failures worth a retry (the database unreachable, a model that cannot load).
 */
export async function runMonthlyScoring(at: Date = new Date()): Promise<MonthlyOutcome> {
  const asOfMonth = lastCompleteMonth(at);
  const c = await pool().connect();
  let broken: Error | undefined;
  try {
    await c.query('SELECT pg_advisory_lock($1::bigint)', [MONTHLY_LOCK]);
    try {
      return await decide(c, asOfMonth);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1::bigint)', [MONTHLY_LOCK]).catch((e: Error) => {
        broken = e; // a connection that may still hold the lock is discarded, never reused
      });
    }
  } finally {
    c.release(broken);
  }
}

export function monthlyScoringEnabled(): boolean {
  return env().PROATIVA_MONTHLY_SCORING !== '0';
}

/**
 * Registers the schedule (idempotent: pg-boss keeps one entry per queue name, and every process may call this)
 * and works its queue in this process. With PROATIVA_MONTHLY_SCORING=0 the entry is removed instead, for every
 * process sharing the database: set the variable the same way on all of them.
 */
export async function startMonthlyScoring(boss: PgBoss): Promise<boolean> {
  if (!monthlyScoringEnabled()) {
    await boss.unschedule(SCORE_MONTHLY_QUEUE);
    log.info({ queue: SCORE_MONTHLY_QUEUE }, 'monthly scoring schedule off (PROATIVA_MONTHLY_SCORING=0)');
    return false;
  }
  await boss.schedule(
    SCORE_MONTHLY_QUEUE,
    SCORE_MONTHLY_CRON,
    {},
    {
      tz: SCORE_MONTHLY_TZ,
      retryLimit: SCORE_MONTHLY_QUEUE_OPTIONS.retryLimit,
      retryDelay: SCORE_MONTHLY_QUEUE_OPTIONS.retryDelay,
      expireInSeconds: SCORE_MONTHLY_QUEUE_OPTIONS.expireInSeconds,
    },
  );
  await workQueue<object>(
    boss,
    SCORE_MONTHLY_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 30, includeMetadata: true },
    async (job) => {
      const created = (job as PgBoss.JobWithMetadata<object>).createdOn;
      await runMonthlyScoring(created ? new Date(created) : new Date());
    },
  );
  return true;
}
