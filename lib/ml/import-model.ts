// Model import for the registry: detects LightGBM text vs ONNX, builds the ONNX bytes to serve, and refuses
// a model unless onnxruntime and an independent TypeScript evaluation agree on a deterministic sample.

import type { TreeEnsemble } from '@/lib/ml/tree-model';
import { LightGbmParseError, parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import { ensembleToOnnx, float32AtOrBelow } from '@/lib/ml/onnx/export';
import { exposeProbabilityTensor, inspectOnnx } from '@/lib/ml/onnx/inspect';
import { compileOnnxEnsemble, evaluateOnnxEnsemble } from '@/lib/ml/onnx/evaluate';
import { OnnxFormatError } from '@/lib/ml/onnx/proto';
import { OnnxScorer } from '@/lib/ml/onnx/ort-scorer';

export const PARITY_ROWS = 512;
export const PARITY_TOLERANCE = 1e-6;

export type ModelImportErrorCode = 'unknown-format' | 'invalid-model' | 'unsupported-model' | 'parity-failed';

export class ModelImportError extends Error {
  constructor(
    readonly code: ModelImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelImportError';
  }
}

export interface ParityResult {
  rows: number;
  maxAbsDiff: number;
  ok: boolean;
}

export interface ImportedModel {
  format: 'lightgbm-text' | 'onnx';
  originalBytes: Uint8Array;
  /** The ONNX model to run (probability tensor output, no ZipMap). */
  servingOnnx: Uint8Array;
  ensemble?: TreeEnsemble;
  featureNames: string[];
  /** false when an ONNX upload carries no feature names and they were generated as Column_<i>. */
  featureNamesFromModel: boolean;
  numFeatures: number;
  inputName: string;
  parity: ParityResult;
}

function looksLikeLightGbmText(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 256))
    .replace(/^\uFEFF/, '');
  return /^\s*tree\s*\r?\n/.test(head) || /^\s*version=v\d/.test(head);
}

/** Deterministic 32-bit PRNG (mulberry32): the parity sample must be the same on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nextFloat32Up(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  if (x === 0) return 1.401298464324817e-45;
  if (x > 0) u[0] = u[0]! + 1;
  else u[0] = u[0]! - 1;
  return f[0]!;
}

/**
 * Synthetic rows that exercise every split: values exactly at each threshold and one float32 step above,
 * NaN, zeros and near-zeros, integers (categories) and values spread across each feature's split range.
 */
export function parityRows(
  thresholdsByFeature: number[][],
  nFeatures: number,
  nRows = PARITY_ROWS,
): Float32Array {
  const rand = rng(0x5eed);
  const data = new Float32Array(nRows * nFeatures);
  const pools = thresholdsByFeature.map((ts) => {
    const finite = ts.filter((t) => Number.isFinite(t));
    const pool: number[] = [];
    for (const t of finite) {
      const tf = float32AtOrBelow(t);
      pool.push(tf, nextFloat32Up(tf));
    }
    const lo = finite.length ? Math.min(...finite) : -1;
    const hi = finite.length ? Math.max(...finite) : 1;
    return { pool, lo, hi };
  });
  const special = [NaN, 0, -0, 1e-36, -1e-36, 1, 2, 3, -1];
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nFeatures; f++) {
      const { pool, lo, hi } = pools[f] ?? { pool: [], lo: -1, hi: 1 };
      const u = rand();
      let v: number;
      if (u < 0.45 && pool.length) v = pool[Math.floor(rand() * pool.length)]!;
      else if (u < 0.6) v = special[Math.floor(rand() * special.length)]!;
      else {
        const span = hi - lo || 1;
        v = lo - 0.1 * span + rand() * 1.2 * span;
      }
      data[r * nFeatures + f] = v;
    }
  }
  return data;
}

async function onnxProbabilities(servingOnnx: Uint8Array, data: Float32Array, nRows: number) {
  let scorer: OnnxScorer;
  try {
    scorer = await OnnxScorer.create(servingOnnx);
  } catch (e) {
    throw new ModelImportError('invalid-model', `onnxruntime cannot load the model: ${(e as Error).message}`);
  }
  try {
    return await scorer.scoreBatch(data, nRows);
  } catch (e) {
    throw new ModelImportError(
      'invalid-model',
      `onnxruntime failed to score the parity sample: ${(e as Error).message}`,
    );
  } finally {
    await scorer.release();
  }
}

function compare(onnx: Float64Array, ts: ArrayLike<number>): ParityResult {
  let maxAbsDiff = 0;
  for (let i = 0; i < onnx.length; i++) {
    const d = Math.abs(onnx[i]! - ts[i]!);
    // NaN on either side is a disagreement, never silently skipped.
    maxAbsDiff = Number.isNaN(d) ? Infinity : Math.max(maxAbsDiff, d);
  }
  return { rows: onnx.length, maxAbsDiff, ok: maxAbsDiff <= PARITY_TOLERANCE };
}

function refuseIfMismatch(parity: ParityResult) {
  if (!parity.ok) {
    throw new ModelImportError(
      'parity-failed',
      `ONNX Runtime and the reference evaluation disagree on ${parity.rows} sample rows: max |diff| = ${parity.maxAbsDiff} > ${PARITY_TOLERANCE}; the model is refused`,
    );
  }
}

async function importLightGbm(bytes: Uint8Array): Promise<ImportedModel> {
  let ensemble: TreeEnsemble;
  try {
    ensemble = parseLightGbmText(new TextDecoder().decode(bytes));
  } catch (e) {
    if (e instanceof LightGbmParseError) {
      const unsupported = /not supported|only binary|unsupported/.test(e.message);
      throw new ModelImportError(
        unsupported ? 'unsupported-model' : 'invalid-model',
        `LightGBM model: ${e.message}`,
      );
    }
    throw e;
  }
  const n = ensemble.featureNames.length;
  const servingOnnx = ensembleToOnnx(ensemble, { zipmap: false });
  const byFeature: number[][] = Array.from({ length: n }, () => []);
  for (const t of ensemble.trees) {
    t.splitFeature.forEach((f, k) => {
      if (t.decisionType[k]! & 1) {
        const catIdx = t.threshold[k]!;
        const words = t.catThreshold!.slice(t.catBoundaries![catIdx]!, t.catBoundaries![catIdx + 1]!);
        words.forEach((w, wi) => {
          for (let b = 0; b < 32; b++) if ((w >>> b) & 1) byFeature[f]!.push(wi * 32 + b, wi * 32 + b + 0.5);
        });
      } else byFeature[f]!.push(t.threshold[k]!);
    });
  }
  const data = parityRows(byFeature, n);
  const onnx = await onnxProbabilities(servingOnnx, data, PARITY_ROWS);
  const parity = compare(onnx, predictProbaBatch(ensemble, data, PARITY_ROWS, n));
  refuseIfMismatch(parity);
  return {
    format: 'lightgbm-text',
    originalBytes: bytes,
    servingOnnx,
    ensemble,
    featureNames: ensemble.featureNames,
    featureNamesFromModel: true,
    numFeatures: n,
    inputName: 'input',
    parity,
  };
}

async function importOnnx(bytes: Uint8Array): Promise<ImportedModel> {
  let servingOnnx: Uint8Array;
  let info: ReturnType<typeof inspectOnnx>;
  try {
    servingOnnx = exposeProbabilityTensor(bytes);
    info = inspectOnnx(servingOnnx);
  } catch (e) {
    if (e instanceof OnnxFormatError) throw new ModelImportError('invalid-model', e.message);
    throw e;
  }
  if (!info.treeEnsemble) {
    throw new ModelImportError(
      'unsupported-model',
      'the ONNX model has no TreeEnsembleClassifier node; only binary tree-ensemble classifiers are served',
    );
  }
  if (info.inputType !== 'tensor(float)') {
    throw new ModelImportError(
      'unsupported-model',
      `the model input is ${info.inputType}; a float tensor [N, F] is expected`,
    );
  }
  let compiled: ReturnType<typeof compileOnnxEnsemble>;
  try {
    compiled = compileOnnxEnsemble(info.treeEnsemble);
  } catch (e) {
    if (e instanceof OnnxFormatError) throw new ModelImportError('unsupported-model', e.message);
    throw e;
  }
  const width = info.inputShape[1];
  const n = typeof width === 'number' && width > 0 ? width : compiled.numFeatures;
  if (compiled.numFeatures > n) {
    throw new ModelImportError(
      'invalid-model',
      `the trees use feature ${compiled.numFeatures - 1} but the input has ${n} columns`,
    );
  }
  const byFeature: number[][] = Array.from({ length: n }, () => []);
  info.treeEnsemble.nodesModes.forEach((mode, i) => {
    if (mode !== 'LEAF')
      byFeature[info.treeEnsemble!.nodesFeatureIds[i]!]!.push(info.treeEnsemble!.nodesValues[i]!);
  });
  const data = parityRows(byFeature, n);
  const onnx = await onnxProbabilities(servingOnnx, data, PARITY_ROWS);
  const ts = new Float64Array(PARITY_ROWS);
  for (let r = 0; r < PARITY_ROWS; r++) ts[r] = evaluateOnnxEnsemble(compiled, data, r * n);
  const parity = compare(onnx, ts);
  refuseIfMismatch(parity);
  const named = info.featureNames?.length === n;
  return {
    format: 'onnx',
    originalBytes: bytes,
    servingOnnx,
    featureNames: named ? info.featureNames! : Array.from({ length: n }, (_, i) => `Column_${i}`),
    featureNamesFromModel: named,
    numFeatures: n,
    inputName: info.inputName,
    parity,
  };
}

/** Detects the format (content first, file name as a hint) and imports with the parity check. */
export async function importModel(bytes: Uint8Array, fileName: string): Promise<ImportedModel> {
  if (bytes.length === 0) throw new ModelImportError('unknown-format', `${fileName} is empty`);
  if (looksLikeLightGbmText(bytes)) return importLightGbm(bytes);
  try {
    inspectOnnx(bytes);
  } catch (e) {
    if (e instanceof OnnxFormatError) {
      throw new ModelImportError(
        'unknown-format',
        `${fileName} is neither a LightGBM text model (it should start with "tree") nor an ONNX model (${e.message})`,
      );
    }
    throw e;
  }
  return importOnnx(bytes);
}

export interface FeatureNameCheck {
  ok: boolean;
  missing: string[];
  extra: string[];
  /** Same names in a different order (the ONNX input is positional, so callers must reorder columns). */
  orderDiffers: boolean;
  message: string;
}

/** Compares a model's features with the expected feature set (e.g. the feature store's current version). */
export function checkFeatureNames(modelFeatures: string[], expected: string[]): FeatureNameCheck {
  const modelSet = new Set(modelFeatures);
  const expectedSet = new Set(expected);
  const missing = expected.filter((f) => !modelSet.has(f));
  const extra = modelFeatures.filter((f) => !expectedSet.has(f));
  const ok = missing.length === 0 && extra.length === 0;
  const orderDiffers = ok && modelFeatures.some((f, i) => expected[i] !== f);
  const parts: string[] = [];
  if (missing.length) parts.push(`missing from the model (expected): ${missing.join(', ')}`);
  if (extra.length) parts.push(`extra in the model (not expected): ${extra.join(', ')}`);
  let message: string;
  if (!ok) message = `Feature names do not match: ${parts.join('; ')}`;
  else if (orderDiffers) message = 'Feature names match, in a different order; columns are matched by name';
  else message = 'Feature names match';
  return { ok, missing, extra, orderDiffers, message };
}
