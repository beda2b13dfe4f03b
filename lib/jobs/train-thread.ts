// Worker-thread entry of a training job: runs the (synchronous, CPU-bound) trainer off the main thread so the
// process keeps serving requests and writing progress, and streams every boosting round back to it.

import { parentPort, workerData } from 'node:worker_threads';
import { trainModel, type TrainModelInput } from '@/lib/ml/train-model';
import type { ThreadMessage } from '@/lib/jobs/train-in-thread';

const port = parentPort;
if (!port) throw new Error('train-thread.ts must run in a worker thread');
const input = workerData as Omit<TrainModelInput, 'onIteration' | 'shouldStop'>;
const post = (m: ThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const model = trainModel({ ...input, onIteration: (it) => post({ type: 'iteration', it }) });
post(
  {
    type: 'done',
    onnx: model.onnx,
    lightgbmText: model.lightgbmText,
    card: model.card,
    history: model.result.history,
    bestIteration: model.result.bestIteration,
    trainingMillis: model.result.trainingMillis,
  },
  [model.onnx.buffer as ArrayBuffer],
);
