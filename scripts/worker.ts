// A standalone job worker (`npm run worker`): connects to DATABASE_URL (or the embedded PostgreSQL of this
// folder), applies migrations, and works the job queues (training, batch scoring) until SIGINT/SIGTERM. Run as many as needed.
// It is a server process, not a command that prints a result: it writes the structured log (lib/log.ts), as
// JSON lines whenever its output is not a terminal (a supervisor, a container, a file), each job's lines
// carrying that job's id.

import { openDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { resetEnvCache } from '@/lib/env';

// Decided before lib/log.ts is first imported (below): it reads the variable once.
if (!process.stdout.isTTY && !process.env.LOG_JSON) process.env.LOG_JSON = '1';

let logger: typeof import('@/lib/log').log | undefined;

async function main() {
  const { log } = await import('@/lib/log');
  logger = log;
  const database = await openDatabase((line) => log.info({ component: 'embedded-postgres' }, line.trim()));
  await migrate(database.url, {
    log: (line) => log.info({ component: 'migrate' }, line),
  });
  process.env.DATABASE_URL = database.url;
  resetEnvCache();
  // Imported after DATABASE_URL is set: lib/db reads it on first use.
  const {
    getBoss,
    stopBoss,
    MONITORING_QUEUE,
    OFFER_DISPATCH_QUEUE,
    SCORE_MONTHLY_QUEUE,
    SCORE_QUEUE,
    TRAIN_QUEUE,
  } = await import('@/lib/jobs/queue');
  const { startDispatchWorker } = await import('@/lib/jobs/dispatch-worker');
  const { startMonitoringWorker } = await import('@/lib/jobs/monitoring-worker');
  const { startTrainingWorker } = await import('@/lib/jobs/train-worker');
  const { startScoreWorker } = await import('@/lib/jobs/score-worker');
  const { startMonthlyScoring } = await import('@/lib/jobs/score-schedule');
  const { closeDb, pool } = await import('@/lib/db');
  const { failAbandonedWork } = await import('@/lib/jobs/recover');
  const abandoned = await failAbandonedWork(pool());
  if (abandoned.batches || abandoned.trainingJobs) {
    log.warn(abandoned, 'marked interrupted ingestion batches and abandoned training jobs FAILED');
  }
  // And, whatever their age, batches whose ingesting process died (no session holds their lock).
  const { failInterruptedBatches } = await import('@/lib/ingest/store/liveness');
  await failInterruptedBatches(pool());
  const boss = await getBoss();
  // PROATIVA_WORKER_QUEUES=score-chunk (comma-separated) limits a worker to some queues.
  const only = process.env.PROATIVA_WORKER_QUEUES?.split(',').map((q) => q.trim());
  let queues = [TRAIN_QUEUE, SCORE_QUEUE, SCORE_MONTHLY_QUEUE, MONITORING_QUEUE, OFFER_DISPATCH_QUEUE].filter(
    (q) => !only || only.includes(q),
  );
  if (queues.includes(TRAIN_QUEUE)) await startTrainingWorker(boss);
  if (queues.includes(SCORE_QUEUE)) await startScoreWorker(boss);
  if (queues.includes(MONITORING_QUEUE)) await startMonitoringWorker(boss);
  if (queues.includes(OFFER_DISPATCH_QUEUE)) await startDispatchWorker(boss);
  // The monthly schedule (off with PROATIVA_MONTHLY_SCORING=0); registering it again is harmless.
  if (queues.includes(SCORE_MONTHLY_QUEUE) && !(await startMonthlyScoring(boss))) {
    queues = queues.filter((q) => q !== SCORE_MONTHLY_QUEUE);
  }
  log.info({ queues, pid: process.pid }, 'worker listening (Ctrl-C to stop)');
  // A parent that spawned this worker with an IPC channel (the benchmarks) learns it is subscribed.
  process.send?.({ ready: true, queues });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'finishing the current job, then stopping');
    // A hard deadline past pg-boss's own 30 s: a job or a connection that will not finish never keeps a
    // stopped worker alive (its chunk is retried elsewhere; writes are idempotent).
    setTimeout(() => {
      log.error({ signal }, 'worker did not stop within 45 s; exiting');
      process.exit(1);
    }, 45_000).unref();
    await stopBoss();
    await closeDb();
    await database.close();
    log.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  logger?.fatal({ err: e }, 'worker failed to start');
  // And one plain sentence for whoever started it by hand.
  process.stderr.write(`\nThe worker cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
