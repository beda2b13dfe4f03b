// Runs the job workers inside the web server process (called from instrumentation.ts), so a single `npm start`
// also trains models; more workers can run elsewhere with `npm run worker`. PROATIVA_IN_PROCESS_WORKER=0 opts out.
import 'server-only';
import { getBoss } from '@/lib/jobs/queue';
import { startTrainingWorker } from '@/lib/jobs/train-worker';

const g = globalThis as unknown as { __proativaInProcessWorker?: Promise<boolean> };

/** Starts the training worker once per process; failures are logged, never thrown (the web app keeps serving). */
export function startInProcessWorker(): Promise<boolean> {
  if (process.env.PROATIVA_IN_PROCESS_WORKER === '0') return Promise.resolve(false);
  g.__proativaInProcessWorker ??= (async () => {
    try {
      await startTrainingWorker(await getBoss());
      console.log('[jobs] in-process worker listening on the train-model queue');
      return true;
    } catch (e) {
      console.error('[jobs] could not start the in-process worker:', e instanceof Error ? e.message : e);
      g.__proativaInProcessWorker = undefined;
      return false;
    }
  })();
  return g.__proativaInProcessWorker;
}
