// The PostgreSQL job queue (pg-boss 10, schema 'pgboss'): one started instance per process, the queues it
// owns and how jobs are sent. Any number of processes share the queues; a crashed worker's job expires and
// is retried.
import 'server-only';
import PgBoss from 'pg-boss';
import { databaseUrl } from '@/lib/db';
import { TIME_ZONE } from '@/lib/i18n/locales';
import { log, withLogContext } from '@/lib/log';

export const PGBOSS_SCHEMA = 'pgboss';
export const TRAIN_QUEUE = 'train-model';

/**
 * Training can take minutes; a job still active after this long is taken as abandoned (its worker died) and
 * retried, up to retryLimit times.
 */
export const TRAIN_QUEUE_OPTIONS: Omit<PgBoss.Queue, 'name'> = {
  retryLimit: 2,
  retryDelay: 30,
  expireInSeconds: 2 * 60 * 60,
  retentionMinutes: 7 * 24 * 60,
};

export interface TrainJobData {
  trainingJobId: string;
}

/** One chunk of a batch scoring run (lib/scoring/batch.ts). */
export const SCORE_QUEUE = 'score-chunk';

export interface ScoreChunkJob {
  runId: string;
  idx: number;
}

/**
 * A chunk takes seconds; one still active after expireInSeconds was taken by a worker that died and is
 * retried (PROATIVA_SCORE_EXPIRE_SECONDS shortens it for fault tests). Retries back off; the chunk row counts
 * attempts so the last failure marks the run FAILED with its reason.
 */
export const SCORE_QUEUE_OPTIONS = {
  retryLimit: 4,
  retryDelay: 2,
  retryBackoff: true,
  expireInSeconds: Number(process.env.PROATIVA_SCORE_EXPIRE_SECONDS) || 300,
} as const;

/**
 * The monthly batch run (lib/jobs/score-schedule.ts): a pg-boss schedule sends one job on the 2nd of each month
 * at 06:00 Brasília time, once the previous month's statements have landed. The job only creates the run (its
 * chunks go to SCORE_QUEUE), so it takes a second; an attempt that fails (database down) is retried every 10
 * minutes for an hour, and the handler skips a month already scored, so a retry never starts a second run.
 */
export const SCORE_MONTHLY_QUEUE = 'score-monthly';
export const SCORE_MONTHLY_CRON = '0 6 2 * *';
export const SCORE_MONTHLY_TZ = TIME_ZONE;
export const SCORE_MONTHLY_QUEUE_OPTIONS = {
  retryLimit: 6,
  retryDelay: 600,
  expireInSeconds: 15 * 60,
  retentionMinutes: 24 * 60,
} as const;

/**
 * Monitoring computations (lib/monitoring/compute.ts): on demand (POST /api/v1/monitoring/runs) and on the
 * daily, weekly and monthly schedules (lib/jobs/monitoring-worker.ts). A computation takes seconds to a minute;
 * it upserts, so a retry after a crash simply recomputes.
 */
export const MONITORING_QUEUE = 'monitoring';
export const MONITORING_QUEUE_OPTIONS = {
  retryLimit: 3,
  retryDelay: 60,
  expireInSeconds: 30 * 60,
  retentionMinutes: 7 * 24 * 60,
} as const;

export interface MonitoringJob {
  monitoringRunId: string;
}

/**
 * The offer outbox (lib/engagement/dispatch.ts, lib/jobs/dispatch-worker.ts): a schedule sends one job a minute;
 * the job drains due QUEUED offers in batches. The Offer rows are the job's visible state (outbox view on
 * /campaigns). A retry is safe: rows are claimed with FOR UPDATE SKIP LOCKED and sent with an idempotency key.
 */
export const OFFER_DISPATCH_QUEUE = 'offer-dispatch';
export const OFFER_DISPATCH_CRON = '* * * * *';
export const OFFER_DISPATCH_QUEUE_OPTIONS = {
  retryLimit: 2,
  retryDelay: 30,
  expireInSeconds: 10 * 60,
  retentionMinutes: 24 * 60,
  policy: 'singleton',
} as const;

const g = globalThis as unknown as {
  __proativaBoss?: { url: string; boss: Promise<PgBoss> };
  __proativaBossSettleGuard?: boolean;
};

/**
 * pg-boss 10 does not await the complete()/fail() it calls after a work handler returns (manager.js onFetch),
 * so when the database is unreachable at that moment (a restart) the rejection is unhandled and Node ends the
 * process: the worker, or the web server that works queues in-process. Those rejections are logged instead
 * (the job stays active, expires and is retried; every handler is idempotent). Any other unhandled rejection
 * still ends the process as before, unless another listener (Next's server) already handles them.
 */
export function isUnsettledJobError(reason: unknown): boolean {
  const stack = reason instanceof Error ? (reason.stack ?? '') : '';
  return /pg-boss[\\/]src[\\/]manager\.js/.test(stack) && /Manager\.(complete|fail)\b/.test(stack);
}

function guardJobSettle(): void {
  if (g.__proativaBossSettleGuard) return;
  g.__proativaBossSettleGuard = true;
  const listener = (reason: unknown) => {
    if (isUnsettledJobError(reason)) {
      log.error({ err: reason, component: 'pg-boss' }, 'could not record a job outcome (it will be retried)');
      return;
    }
    if (process.listenerCount('unhandledRejection') > 1) return;
    throw reason;
  };
  process.on('unhandledRejection', listener);
}

async function start(url: string): Promise<PgBoss> {
  guardJobSettle();
  const maintenance = Number(process.env.PROATIVA_JOBS_MAINTENANCE_SECONDS) || undefined;
  const boss = new PgBoss({
    connectionString: url,
    schema: PGBOSS_SCHEMA,
    max: 4,
    // Expired jobs (their worker died) are found by the maintenance pass; fault tests run it more often.
    ...(maintenance
      ? { maintenanceIntervalSeconds: maintenance, monitorStateIntervalSeconds: maintenance }
      : {}),
  });
  // pg-boss reports connection trouble as events; without a listener Node would crash the process.
  boss.on('error', (err) => log.error({ err, component: 'pg-boss' }, 'job queue error'));
  await boss.start();
  await boss.createQueue(TRAIN_QUEUE, { name: TRAIN_QUEUE, ...TRAIN_QUEUE_OPTIONS });
  await boss.createQueue(SCORE_QUEUE, {
    name: SCORE_QUEUE,
    ...SCORE_QUEUE_OPTIONS,
    retentionMinutes: 24 * 60,
  });
  await boss.createQueue(SCORE_MONTHLY_QUEUE, { name: SCORE_MONTHLY_QUEUE, ...SCORE_MONTHLY_QUEUE_OPTIONS });
  await boss.createQueue(MONITORING_QUEUE, { name: MONITORING_QUEUE, ...MONITORING_QUEUE_OPTIONS });
  await boss.createQueue(OFFER_DISPATCH_QUEUE, {
    name: OFFER_DISPATCH_QUEUE,
    ...OFFER_DISPATCH_QUEUE_OPTIONS,
  });
  return boss;
}

/** The started pg-boss instance of this process (started on first use, against DATABASE_URL). */
export function getBoss(): Promise<PgBoss> {
  const url = databaseUrl();
  const cached = g.__proativaBoss;
  if (cached && cached.url === url) return cached.boss;
  const boss = start(url);
  g.__proativaBoss = { url, boss };
  boss.catch(() => {
    if (g.__proativaBoss?.boss === boss) g.__proativaBoss = undefined;
  });
  return boss;
}

/**
 * Subscribes this process to a queue: the one way a worker here consumes jobs. Each job is handled inside its
 * log context, so every line it writes carries its pg-boss id and queue, whichever process runs it.
 */
export function workQueue<T>(
  boss: PgBoss,
  queue: string,
  options: PgBoss.WorkOptions,
  handle: (job: PgBoss.Job<T>) => Promise<void>,
): Promise<string> {
  return boss.work<T>(queue, options, async (jobs) => {
    for (const job of jobs) await withLogContext({ jobId: job.id, queue }, () => handle(job));
  });
}

/** Queues a training job; returns pg-boss's job id. */
export async function enqueueTraining(trainingJobId: string): Promise<string> {
  const boss = await getBoss();
  const id = await boss.send(TRAIN_QUEUE, { trainingJobId } satisfies TrainJobData, {
    singletonKey: trainingJobId,
  });
  if (!id) throw new Error(`training job ${trainingJobId} is already queued`);
  return id;
}

/** Stops this process's pg-boss (workers finish their current job first, up to timeoutMs). */
export async function stopBoss(timeoutMs = 30_000): Promise<void> {
  const cached = g.__proativaBoss;
  g.__proativaBoss = undefined;
  if (!cached) return;
  const boss = await cached.boss.catch(() => null);
  await boss?.stop({ graceful: true, wait: true, timeout: timeoutMs });
}
