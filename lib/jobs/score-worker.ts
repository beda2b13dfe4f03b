// The score-chunk queue's worker: every process that runs it (the web server, `npm run worker`, the score
// CLI) takes PROATIVA_SCORE_CONCURRENCY chunks of batch runs at a time (default 2): a chunk alternates between
// JavaScript (features, inference, TreeSHAP) and waiting on PostgreSQL (reads, the COPY of its decisions), so
// a second chunk in flight keeps the process and the database busy at once. Two processes on two cores share
// a run the same way; chunk writes are idempotent per (run, client) whichever process takes them.
import 'server-only';
import type PgBoss from 'pg-boss';
import { env } from '@/lib/env';
import { SCORE_QUEUE, workQueue, type ScoreChunkJob } from '@/lib/jobs/queue';
import { runChunk } from '@/lib/scoring/batch';

export async function startScoreWorker(boss: PgBoss): Promise<string[]> {
  const ids: string[] = [];
  // pg-boss runs one handler at a time per work() registration: one registration per chunk in flight.
  for (let i = 0; i < env().PROATIVA_SCORE_CONCURRENCY; i++) {
    ids.push(
      await workQueue<ScoreChunkJob>(
        boss,
        SCORE_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 0.5 },
        async (job) => {
          await runChunk(job.data);
        },
      ),
    );
  }
  return ids;
}
