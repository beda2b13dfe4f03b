// Work a crashed process left half done: an ingestion batch still RUNNING, or a training job still RUNNING,
// long after any live process could still be on it (a 1 GB file ingests in minutes; pg-boss gives up on a
// training after 2 h and 2 retries). They are marked FAILED with a message instead of staying RUNNING forever.
import type pg from 'pg';
import type { IngestMessage } from '@/lib/ingest/kinds';

export const ABANDONED_AFTER_HOURS = 7;

const INTERRUPTED: IngestMessage[] = [{ code: 'ingest.batch.interrupted', params: {} }];

export async function failAbandonedWork(
  pool: pg.Pool,
  now = new Date(),
  hours = ABANDONED_AFTER_HOURS,
): Promise<{ batches: number; trainingJobs: number }> {
  const cutoff = new Date(+now - hours * 3600_000);
  // A batch's message is stored as codes, translated where it is shown (lib/ingest/messages.ts).
  const batches = await pool.query(
    `UPDATE "IngestionBatch" SET status = 'FAILED', "finishedAt" = $2, message = $3::jsonb
     WHERE status = 'RUNNING' AND "startedAt" < $1`,
    [cutoff, now, JSON.stringify(INTERRUPTED)],
  );
  const jobs = await pool.query(
    `UPDATE "TrainingJob" SET status = 'FAILED', "finishedAt" = $2,
       message = 'Abandoned: the worker running this training stopped and every retry was used. Start the training again.'
     WHERE status IN ('RUNNING', 'QUEUED') AND coalesce("startedAt", "createdAt") < $1`,
    [cutoff, now],
  );
  return { batches: batches.rowCount ?? 0, trainingJobs: jobs.rowCount ?? 0 };
}
