// A standalone job worker (`npm run worker`): connects to DATABASE_URL (or the embedded PostgreSQL of this
// folder), applies migrations, and works the train-model queue until SIGINT/SIGTERM. Run as many as needed.

import { openDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { resetEnvCache } from '@/lib/env';

async function main() {
  const log = (s: string) => process.stderr.write(`[worker] ${s}\n`);
  const database = await openDatabase(log);
  await migrate(database.url, { log });
  process.env.DATABASE_URL = database.url;
  resetEnvCache();
  // Imported after DATABASE_URL is set: lib/db reads it on first use.
  const { getBoss, stopBoss, TRAIN_QUEUE } = await import('@/lib/jobs/queue');
  const { startTrainingWorker } = await import('@/lib/jobs/train-worker');
  const { closeDb, pool } = await import('@/lib/db');
  const { failAbandonedWork } = await import('@/lib/jobs/recover');
  const abandoned = await failAbandonedWork(pool());
  if (abandoned.batches || abandoned.trainingJobs) {
    log(
      `marked ${abandoned.batches} interrupted batch(es) and ${abandoned.trainingJobs} abandoned training job(s) FAILED`,
    );
  }
  await startTrainingWorker(await getBoss());
  log(`listening on the ${TRAIN_QUEUE} queue (Ctrl-C to stop)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing the current job, then stopping…`);
    await stopBoss();
    await closeDb();
    await database.close();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`[worker] error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
