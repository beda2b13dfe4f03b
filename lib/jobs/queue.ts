// The PostgreSQL job queue (pg-boss 10, schema 'pgboss'): one started instance per process, the queues it
// owns and how jobs are sent. Any number of processes share the queues; a crashed worker's job expires and
// is retried.
import 'server-only';
import PgBoss from 'pg-boss';
import { databaseUrl } from '@/lib/db';

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

const g = globalThis as unknown as { __proativaBoss?: { url: string; boss: Promise<PgBoss> } };

async function start(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, schema: PGBOSS_SCHEMA, max: 4 });
  // pg-boss reports connection trouble as events; without a listener Node would crash the process.
  boss.on('error', (e) => console.error('[jobs] pg-boss error:', e instanceof Error ? e.message : e));
  await boss.start();
  await boss.createQueue(TRAIN_QUEUE, { name: TRAIN_QUEUE, ...TRAIN_QUEUE_OPTIONS });
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
