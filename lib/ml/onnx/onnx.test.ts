import fs from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { predictProba, predictProbaBatch } from '@/lib/ml/tree-eval';
import { mulberry32, syntheticEnsemble } from '@/lib/ml/test-fixtures/synthetic';
import type { TreeEnsemble } from '@/lib/ml/tree-model';
import { categoryRuns, ensembleToOnnx, float32AtOrBelow } from '@/lib/ml/onnx/export';
import { exposeProbabilityTensor, inspectOnnx } from '@/lib/ml/onnx/inspect';
import { compileOnnxEnsemble, evaluateOnnxEnsemble, predictOnnxProbaBatch } from '@/lib/ml/onnx/evaluate';
import { OnnxScorer } from '@/lib/ml/onnx/ort-scorer';
import { breastCancerRows, hasLightgbmText, LIGHTGBM_TEXT_DIR } from '@/lib/ml/test-fixtures/shared';

const fixture = parseLightGbmText(
  fs.readFileSync(
    path.resolve(import.meta.dirname, '../test-fixtures/missing-and-categorical.model.txt'),
    'utf8',
  ),
);

/** Rows mixing every edge value of the fixture's splits (thresholds, NaN, +-0, near-zeros, categories). */
function edgeRows(nFeatures: number): Float32Array {
  const values = [
    NaN,
    0,
    -0,
    1e-36,
    -1e-36,
    1e-30,
    0.5,
    -0.5,
    0.3,
    0.6,
    -0.2,
    -0.7,
    1.5,
    1.5000001,
    2,
    1,
    1.9,
    3,
    4.5,
    33,
    100,
    -1,
    0.9,
  ];
  const rows: number[] = [];
  for (let r = 0; r < values.length * 3; r++) {
    for (let f = 0; f < nFeatures; f++) rows.push(values[(r + f * (1 + (r % 3))) % values.length]!);
  }
  return Float32Array.from(rows);
}

async function ortProbabilities(bytes: Uint8Array, data: Float32Array, nRows: number) {
  const scorer = await OnnxScorer.create(bytes);
  try {
    return await scorer.scoreBatch(data, nRows);
  } finally {
    await scorer.release();
  }
}

function tsProbabilities(e: TreeEnsemble, data: Float32Array, nRows: number, n: number) {
  return Array.from({ length: nRows }, (_, r) => predictProba(e, data.subarray(r * n, (r + 1) * n)));
}

describe('ONNX schema', () => {
  it('onnx.json is the descriptor of the shipped onnx.proto', () => {
    const fromProto = protobuf.loadSync(path.resolve(import.meta.dirname, 'onnx.proto')).toJSON();
    const { license, ...json } = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, 'onnx.json'), 'utf8'),
    );
    expect(license).toMatch(/Apache-2.0/);
    expect(json).toEqual(JSON.parse(JSON.stringify(fromProto)));
  });
});

describe('float32 thresholds', () => {
  it('picks the largest float32 at or below the double threshold, so x <= t keeps its answer', () => {
    for (const t of [0.1, -0.1, 114.45, 0.14575000000000002, 1e-40, -1e-40, 3.5e38, 1, 0]) {
      const tf = float32AtOrBelow(t);
      expect(Math.fround(tf)).toBe(tf);
      expect(tf).toBeLessThanOrEqual(t);
      const up = new Float32Array([tf]);
      const bits = new Uint32Array(up.buffer);
      bits[0] = tf > 0 ? bits[0]! + 1 : tf < 0 || Object.is(tf, -0) ? bits[0]! - 1 : 1;
      expect(up[0]!).toBeGreaterThan(t); // the next float32 up is already on the right
    }
  });

  it('merges categories into runs of consecutive integers', () => {
    expect(categoryRuns([26, 2])).toEqual([
      [1, 1],
      [3, 4],
      [33, 33],
    ]);
  });
});

describe('ensembleToOnnx through onnxruntime', () => {
  it.each(['double', 'float'] as const)(
    'reproduces the TypeScript evaluator on every missing-type and categorical edge case (%s attributes)',
    async (precision) => {
      const data = edgeRows(9);
      const n = data.length / 9;
      const bytes = ensembleToOnnx(fixture, { zipmap: false, precision });
      const ort = await ortProbabilities(bytes, data, n);
      const ts = tsProbabilities(fixture, data, n, 9);
      ts.forEach((p, i) => expect(Math.abs(ort[i]! - p)).toBeLessThanOrEqual(1e-6));
      const compiled = compileOnnxEnsemble(inspectOnnx(bytes).treeEnsemble!);
      ts.forEach((p, i) =>
        expect(Math.abs(evaluateOnnxEnsemble(compiled, data, i * 9) - p)).toBeLessThanOrEqual(1e-6),
      );
    },
  );

  it('keeps 1e-6 parity on a 1,500-tree model (leaves summed in double)', async () => {
    const big = syntheticEnsemble(1500, 31, 14);
    const rand = mulberry32(3);
    const n = 1000;
    const data = Float32Array.from({ length: n * 14 }, () => (rand() < 0.03 ? NaN : rand()));
    const ort = await ortProbabilities(ensembleToOnnx(big, { zipmap: false }), data, n);
    const ts = predictProbaBatch(big, data, n, 14);
    let maxDiff = 0;
    for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(ort[i]! - ts[i]!));
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('folds sigmoid != 1 and random-forest averaging into the leaves', async () => {
    const data = edgeRows(9);
    const n = data.length / 9;
    for (const e of [
      { ...fixture, objective: { name: 'binary' as const, sigmoid: 3 } },
      { ...fixture, averageOutput: true },
    ]) {
      const ort = await ortProbabilities(ensembleToOnnx(e, { zipmap: false }), data, n);
      tsProbabilities(e, data, n, 9).forEach((p, i) =>
        expect(Math.abs(ort[i]! - p)).toBeLessThanOrEqual(1e-6),
      );
    }
  });

  it('lays out outputs like onnxmltools, with and without ZipMap, under a custom input name', () => {
    const plain = inspectOnnx(ensembleToOnnx(fixture, { zipmap: false, inputName: 'features' }));
    expect(plain.inputName).toBe('features');
    expect(plain.inputShape).toEqual(['N', 9]);
    expect(plain.outputs).toEqual([
      { name: 'label', type: 'tensor(int64)' },
      { name: 'probabilities', type: 'tensor(float)' },
    ]);
    expect(plain.hasZipMap).toBe(false);
    expect(plain.opsetImports).toContainEqual({ domain: 'ai.onnx.ml', version: 3 });
    expect(plain.treeEnsemble?.postTransform).toBe('LOGISTIC');
    expect(plain.featureNames).toEqual(fixture.featureNames);
    const zip = inspectOnnx(ensembleToOnnx(fixture, { zipmap: true }));
    expect(zip.hasZipMap).toBe(true);
    expect(zip.outputs[1]).toEqual({ name: 'probabilities', type: 'seq(map(int64,tensor(float)))' });
  });

  it('exposeProbabilityTensor removes ZipMap without touching its input and is idempotent', async () => {
    const zipBytes = ensembleToOnnx(fixture, { zipmap: true, inputName: 'x' });
    const before = zipBytes.slice();
    const exposed = exposeProbabilityTensor(zipBytes);
    expect(zipBytes).toEqual(before);
    const info = inspectOnnx(exposed);
    expect(info.hasZipMap).toBe(false);
    expect(info.outputs).toEqual([
      { name: 'label', type: 'tensor(int64)' },
      { name: 'probability_tensor', type: 'tensor(float)' },
    ]);
    expect(exposeProbabilityTensor(exposed)).toEqual(exposed);
    const data = edgeRows(9);
    const n = data.length / 9;
    const a = await ortProbabilities(zipBytes, data, n);
    const b = await ortProbabilities(ensembleToOnnx(fixture, { zipmap: false }), data, n);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('the ONNX-attribute evaluator agrees with onnxruntime', async () => {
    const bytes = ensembleToOnnx(fixture, { zipmap: false });
    const compiled = compileOnnxEnsemble(inspectOnnx(bytes).treeEnsemble!);
    const data = edgeRows(9);
    const n = data.length / 9;
    const ort = await ortProbabilities(bytes, data, n);
    for (let r = 0; r < n; r++) {
      expect(Math.abs(evaluateOnnxEnsemble(compiled, data, r * 9) - ort[r]!)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('rejects bytes that are not ONNX with a clear error', () => {
    expect(() => inspectOnnx(new TextEncoder().encode('tree\nversion=v3\n'))).toThrow(
      /not a valid ONNX model/,
    );
  });
});

// LightGBM's own models and predictions are in ../shared/data, which clones elsewhere do not have.
describe.skipIf(!hasLightgbmText)('shared breast-cancer models through onnxruntime', () => {
  const dir = LIGHTGBM_TEXT_DIR;
  const rows = breastCancerRows();
  const data = Float32Array.from(rows.flat());

  it('DART: onnxruntime reproduces LightGBM predictions to 1e-6', async () => {
    const truth = fs
      .readFileSync(path.join(dir, 'dart_breast_cancer_true_predictions.txt'), 'utf8')
      .trim()
      .split('\n')
      .map(Number);
    const dart = parseLightGbmText(fs.readFileSync(path.join(dir, 'dart_breast_cancer.model.txt'), 'utf8'));
    const ort = await ortProbabilities(ensembleToOnnx(dart, { zipmap: true }), data, rows.length);
    truth.forEach((p, i) => expect(Math.abs(ort[i]! - p)).toBeLessThanOrEqual(1e-6));
  });

  it('GBDT: onnxruntime, the TypeScript evaluator and the ONNX-attribute evaluator agree to 1e-6', async () => {
    const gbdt = parseLightGbmText(fs.readFileSync(path.join(dir, 'gbdt_breast_cancer.model.txt'), 'utf8'));
    const bytes = ensembleToOnnx(gbdt, { zipmap: false, inputName: 'float_input' });
    const ort = await ortProbabilities(bytes, data, rows.length);
    const fromOnnx = predictOnnxProbaBatch(bytes, data, rows.length, 30);
    tsProbabilities(gbdt, data, rows.length, 30).forEach((p, i) => {
      expect(Math.abs(ort[i]! - p)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(fromOnnx[i]! - p)).toBeLessThanOrEqual(1e-6);
    });
  });
});
