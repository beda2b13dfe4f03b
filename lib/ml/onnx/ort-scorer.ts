// onnxruntime-node sessions for binary classifiers: one OnnxScorer per model version, cached per process.
// It has no 'server-only' import so tsx scripts (CLI, benchmarks) can use it; app code imports '@/lib/ml/scorer'.

import * as ort from 'onnxruntime-node';
import { exposeProbabilityTensor, inspectOnnx } from './inspect';

/** Rows per session.run: bounds the input/output buffers while keeping per-call overhead negligible. */
export const CHUNK_ROWS = 65_536;

/**
 * Two intra-op threads for the 2-core hosts, without spin-waiting: spinning threads burn a whole core while
 * idle, which doubled CPU time per batch in the benchmark and starves the web process and other workers.
 */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  extra: { session: { intra_op: { allow_spinning: '0' } } },
};

export class OnnxScorer {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly inputName: string,
    readonly numFeatures: number,
    readonly probabilityOutput: string,
  ) {}

  static async create(onnxBytes: Uint8Array): Promise<OnnxScorer> {
    const serving = exposeProbabilityTensor(onnxBytes);
    const info = inspectOnnx(serving);
    const prob = info.outputs.find((o) => o.type === 'tensor(float)' || o.type === 'tensor(double)');
    if (!prob) {
      throw new Error(
        `the model has no probability tensor output (outputs: ${info.outputs.map((o) => `${o.name}: ${o.type}`).join(', ')})`,
      );
    }
    const width = info.inputShape[1];
    let numFeatures = typeof width === 'number' ? width : 0;
    if (!numFeatures && info.treeEnsemble) numFeatures = Math.max(...info.treeEnsemble.nodesFeatureIds) + 1;
    if (!numFeatures) throw new Error('cannot tell the number of input features from the model');
    const session = await ort.InferenceSession.create(serving, SESSION_OPTIONS);
    return new OnnxScorer(session, info.inputName, numFeatures, prob.name);
  }

  /** Positive-class probability per row; data is row-major nRows x numFeatures (NaN = missing). */
  async scoreBatch(data: Float32Array, nRows: number): Promise<Float64Array> {
    const f = this.numFeatures;
    if (data.length < nRows * f) {
      throw new Error(`data has ${data.length} values, expected ${nRows} rows x ${f} features`);
    }
    const out = new Float64Array(nRows);
    for (let start = 0; start < nRows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, nRows - start);
      const input = new ort.Tensor('float32', data.subarray(start * f, (start + n) * f), [n, f]);
      const result = await this.session.run({ [this.inputName]: input }, [this.probabilityOutput]);
      const probs = result[this.probabilityOutput]!;
      const values = probs.data as Float32Array | Float64Array;
      const width = probs.dims[1] ?? 1;
      const col = width >= 2 ? 1 : 0;
      for (let r = 0; r < n; r++) out[start + r] = values[r * width + col]!;
      probs.dispose?.();
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

const scorers = new Map<string, Promise<OnnxScorer>>();

/** One scorer per key (e.g. a model version id) per process; a failed load is not cached. */
export function getScorer(key: string, onnxBytes: Uint8Array): Promise<OnnxScorer> {
  let scorer = scorers.get(key);
  if (!scorer) {
    scorer = OnnxScorer.create(onnxBytes);
    scorers.set(key, scorer);
    scorer.catch(() => scorers.delete(key));
  }
  return scorer;
}
