// Runs the job workers inside the web server process (called from instrumentation.ts), so a single `npm start`
// also trains models and scores batch runs; more workers can run elsewhere with `npm run worker`. PROATIVA_IN_PROCESS_WORKER=0 opts out.
import 'server-only';
import { getBoss, SCORE_MONTHLY_QUEUE, SCORE_QUEUE, TRAIN_QUEUE } from '@/lib/jobs/queue';
import { startMonthlyScoring } from '@/lib/jobs/score-schedule';
import { startScoreWorker } from '@/lib/jobs/score-worker';
import { startMonitoringWorker } from '@/lib/jobs/monitoring-worker';
import { startDispatchWorker } from '@/lib/jobs/dispatch-worker';
import { startTrainingWorker } from '@/lib/jobs/train-worker';
import { log } from '@/lib/log';

const g = globalThis as unknown as { __proativaInProcessWorker?: Promise<boolean> };

/** Starts the training worker once per process; failures are logged, never thrown (the web app keeps serving). */
export function startInProcessWorker(): Promise<boolean> {
  if (process.env.PROATIVA_IN_PROCESS_WORKER === '0') return Promise.resolve(false);
  g.__proativaInProcessWorker ??= (async () => {
    try {
      const boss = await getBoss();
      await startTrainingWorker(boss);
      await startScoreWorker(boss);
      await startMonitoringWorker(boss);
      await startDispatchWorker(boss);
      // Its own failure (a schedule that cannot be written) must not undo the workers already listening.
      const monthly = await startMonthlyScoring(boss).catch((e: unknown) => {
        log.error({ err: e, queue: SCORE_MONTHLY_QUEUE }, 'could not register the monthly scoring schedule');
        return false;
      });
      log.info(
        { queues: [TRAIN_QUEUE, SCORE_QUEUE, ...(monthly ? [SCORE_MONTHLY_QUEUE] : [])] },
        'in-process job worker listening',
      );
      return true;
    } catch (e) {
      log.error({ err: e, queue: TRAIN_QUEUE }, 'could not start the in-process job worker');
      g.__proativaInProcessWorker = undefined;
      return false;
    }
  })();
  return g.__proativaInProcessWorker;
}
