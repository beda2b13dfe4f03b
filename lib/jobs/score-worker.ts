// The score-chunk queue's worker: every process that runs it (the web server, `npm run worker`, the score
// CLI) takes chunks of batch runs one at a time; two processes on two cores double the throughput.
import 'server-only';
import type PgBoss from 'pg-boss';
import { SCORE_QUEUE, workQueue, type ScoreChunkJob } from '@/lib/jobs/queue';
import { runChunk } from '@/lib/scoring/batch';

export async function startScoreWorker(boss: PgBoss): Promise<string> {
  return workQueue<ScoreChunkJob>(
    boss,
    SCORE_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async (job) => {
      await runChunk(job.data);
    },
  );
}
