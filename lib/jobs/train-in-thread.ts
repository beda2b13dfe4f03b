// Runs trainModel in a worker thread (lib/jobs/train-thread.ts) and resolves with its artefacts. The thread loads
// the TypeScript sources through tsx, so it works the same under `next start`, tsx scripts and vitest.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IterationReport } from '@/lib/ml/train/gbdt';
import type { TrainModelInput } from '@/lib/ml/train-model';
import type { ModelCard } from '@/lib/models/card';

export type ThreadMessage =
  | { type: 'iteration'; it: IterationReport }
  | {
      type: 'done';
      onnx: Uint8Array;
      lightgbmText: string;
      card: ModelCard;
      history: { iteration: number; trainLoss: number; validAuc?: number }[];
      bestIteration: number;
      trainingMillis: number;
    };

export type ThreadResult = Omit<Extract<ThreadMessage, { type: 'done' }>, 'type'>;

/**
 * Source file of the thread and tsx's ESM loader API, resolved from the project root at run time: Next bundles
 * server code into .next/, so import.meta.url would not point at the sources.
 */
function threadBootstrap(root = process.cwd()): string {
  const entry = path.join(root, 'lib/jobs/train-thread.ts');
  if (!fs.existsSync(entry)) throw new Error(`training thread source not found at ${entry}`);
  const tsxCjs = createRequire(path.join(root, 'package.json')).resolve('tsx/esm/api');
  const tsxEsm = tsxCjs.replace(/index\.cjs$/, 'index.mjs');
  return [
    `const { register } = await import(${JSON.stringify(pathToFileURL(tsxEsm).href)});`,
    'register();',
    `await import(${JSON.stringify(pathToFileURL(entry).href)});`,
  ].join('\n');
}

/** Trains in a worker thread; onIteration runs on the calling thread after each boosting round. */
export function trainModelInThread(
  input: Omit<TrainModelInput, 'onIteration' | 'shouldStop'>,
  onIteration?: (it: IterationReport) => void,
): Promise<ThreadResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(threadBootstrap(), { eval: true, workerData: input });
    worker.on('message', (m: ThreadMessage) => {
      if (m.type === 'iteration') onIteration?.(m.it);
      else {
        settled = true;
        const { type: _type, ...rest } = m;
        resolve(rest);
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the training thread exited with code ${code} before finishing`));
    });
  });
}
