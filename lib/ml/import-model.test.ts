import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFeatureNames, importModel, ModelImportError } from '@/lib/ml/import-model';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { ensembleToOnnx } from '@/lib/ml/onnx/export';
import { inspectOnnx } from '@/lib/ml/onnx/inspect';
import { decodeModel, encodeModel, TENSOR_FLOAT } from '@/lib/ml/onnx/proto';
import { OnnxScorer } from '@/lib/ml/onnx/ort-scorer';
import { breastCancerRows, hasLightgbmText, LIGHTGBM_TEXT_DIR } from '@/lib/ml/test-fixtures/shared';

const fixturePath = path.resolve(import.meta.dirname, 'test-fixtures/missing-and-categorical.model.txt');
const fixtureBytes = new Uint8Array(fs.readFileSync(fixturePath));
const fixture = parseLightGbmText(fs.readFileSync(fixturePath, 'utf8'));

async function score(onnx: Uint8Array, data: Float32Array, nRows: number) {
  const scorer = await OnnxScorer.create(onnx);
  try {
    return Array.from(await scorer.scoreBatch(data, nRows));
  } finally {
    await scorer.release();
  }
}

/** A graph edit after the trees (probabilities scaled by 0.9): the tree attributes alone no longer tell the output. */
function tamper(onnx: Uint8Array): Uint8Array {
  const model = decodeModel(onnx);
  const graph = model.graph!;
  const trees = graph.node!.find((n) => n.opType === 'TreeEnsembleClassifier')!;
  trees.output = ['label', 'raw_probabilities'];
  graph.initializer = [{ name: 'scale', dataType: TENSOR_FLOAT, dims: [], floatData: [0.9] }];
  graph.node!.push({
    input: ['raw_probabilities', 'scale'],
    output: ['probabilities'],
    opType: 'Mul',
    name: 'tamper',
  });
  return encodeModel(model);
}

describe('importModel', () => {
  it('imports a LightGBM text model, serving ONNX that passed the parity check', async () => {
    const m = await importModel(fixtureBytes, 'model.txt');
    expect(m.format).toBe('lightgbm-text');
    expect(m.featureNames).toEqual(fixture.featureNames);
    expect(m.numFeatures).toBe(9);
    expect(m.ensemble?.trees).toHaveLength(10);
    expect(m.parity.rows).toBe(512);
    expect(m.parity.ok).toBe(true);
    expect(m.parity.maxAbsDiff).toBeLessThanOrEqual(1e-6);
    expect(m.originalBytes).toBe(fixtureBytes);
  });

  it('imports ZipMap and plain ONNX exports of the same trees, with any input name, to the same probabilities', async () => {
    const zip = await importModel(
      ensembleToOnnx(fixture, { zipmap: true, inputName: 'features' }),
      'zip.onnx',
    );
    const plain = await importModel(ensembleToOnnx(fixture, { zipmap: false, inputName: 'X' }), 'plain.onnx');
    expect(zip.format).toBe('onnx');
    expect(zip.inputName).toBe('features');
    expect(plain.inputName).toBe('X');
    expect(inspectOnnx(zip.servingOnnx).hasZipMap).toBe(false);
    expect(zip.featureNames).toEqual(fixture.featureNames);
    expect(zip.featureNamesFromModel).toBe(true);
    const data = Float32Array.from({ length: 9 * 40 }, (_, i) => ((i * 37) % 23) / 7 - 1);
    expect(await score(zip.servingOnnx, data, 40)).toEqual(await score(plain.servingOnnx, data, 40));
  });

  it('refuses a tampered ONNX model whose output no longer follows its trees', async () => {
    const bytes = tamper(ensembleToOnnx(fixture, { zipmap: false }));
    const err = await importModel(bytes, 'tampered.onnx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelImportError);
    expect((err as ModelImportError).code).toBe('parity-failed');
    expect((err as Error).message).toMatch(/disagree on 512 sample rows: max \|diff\| = .* > 0.000001/);
  });

  it('refuses files that are neither format, and non-binary LightGBM models, with typed errors', async () => {
    const junk = await importModel(new TextEncoder().encode('id,score\n1,2\n'), 'data.csv').catch(
      (e: unknown) => e,
    );
    expect((junk as ModelImportError).code).toBe('unknown-format');
    expect((junk as Error).message).toMatch(/data.csv is neither a LightGBM text model .* nor an ONNX model/);
    const text = fs
      .readFileSync(fixturePath, 'utf8')
      .replace('objective=binary sigmoid:1', 'objective=multiclass num_class:3');
    const multi = await importModel(new TextEncoder().encode(text), 'm.txt').catch((e: unknown) => e);
    expect((multi as ModelImportError).code).toBe('unsupported-model');
    expect((multi as Error).message).toMatch(/objective "multiclass num_class:3" is not supported/);
  });
});

describe('checkFeatureNames', () => {
  it('names the missing and extra features', () => {
    const r = checkFeatureNames(['PAY_0', 'LIMIT_BAL', 'AGE_X'], ['LIMIT_BAL', 'PAY_0', 'AGE', 'BILL_AMT1']);
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(['AGE', 'BILL_AMT1']);
    expect(r.extra).toEqual(['AGE_X']);
    expect(r.message).toBe(
      'Feature names do not match: missing from the model (expected): AGE, BILL_AMT1; extra in the model (not expected): AGE_X',
    );
  });

  it('accepts the same names and flags a different order', () => {
    expect(checkFeatureNames(['a', 'b'], ['a', 'b'])).toMatchObject({ ok: true, orderDiffers: false });
    expect(checkFeatureNames(['b', 'a'], ['a', 'b'])).toMatchObject({ ok: true, orderDiffers: true });
  });
});

// The LightGBM-written models are in ../shared/data, absent from clones elsewhere.
describe.skipIf(!hasLightgbmText)('importModel on the shared LightGBM models', () => {
  const dir = LIGHTGBM_TEXT_DIR;
  const rows = breastCancerRows();
  const data = Float32Array.from(rows.flat());

  it('DART text import serves LightGBM predictions to 1e-6; its ONNX re-export imports to the same scores', async () => {
    const truth = fs
      .readFileSync(path.join(dir, 'dart_breast_cancer_true_predictions.txt'), 'utf8')
      .trim()
      .split('\n')
      .map(Number);
    const m = await importModel(
      new Uint8Array(fs.readFileSync(path.join(dir, 'dart_breast_cancer.model.txt'))),
      'dart.txt',
    );
    expect(m.parity.ok).toBe(true);
    const p = await score(m.servingOnnx, data, rows.length);
    truth.forEach((t, i) => expect(Math.abs(p[i]! - t)).toBeLessThanOrEqual(1e-6));
    const again = await importModel(ensembleToOnnx(m.ensemble!, { zipmap: true }), 'dart.onnx');
    expect(await score(again.servingOnnx, data, rows.length)).toEqual(p);
  });

  it('GBDT text import passes parity', async () => {
    const m = await importModel(
      new Uint8Array(fs.readFileSync(path.join(dir, 'gbdt_breast_cancer.model.txt'))),
      'gbdt.txt',
    );
    expect(m.parity).toMatchObject({ rows: 512, ok: true });
    expect(m.numFeatures).toBe(30);
  });
});
