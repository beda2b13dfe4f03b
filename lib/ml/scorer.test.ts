import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, getScorer } from '@/lib/ml/scorer';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { ensembleToOnnx } from '@/lib/ml/onnx/export';
import { predictProbaBatch } from '@/lib/ml/tree-eval';

const fixture = parseLightGbmText(
  fs.readFileSync(
    path.resolve(import.meta.dirname, 'test-fixtures/missing-and-categorical.model.txt'),
    'utf8',
  ),
);

describe('OnnxScorer', () => {
  it('is created once per key and reads input name and width from the model', async () => {
    const bytes = ensembleToOnnx(fixture, { zipmap: true, inputName: 'client_features' });
    const a = await getScorer('fixture-v1', bytes);
    const b = await getScorer('fixture-v1', bytes);
    expect(b).toBe(a);
    expect(a.inputName).toBe('client_features');
    expect(a.numFeatures).toBe(9);
  });

  it('scores batches larger than one chunk, in row order, matching the reference evaluator', async () => {
    const scorer = await getScorer('fixture-plain', ensembleToOnnx(fixture, { zipmap: false }));
    const nRows = CHUNK_ROWS + 1234;
    const values = [NaN, 0, 1e-36, 0.5, -0.5, 1.5, 2, 3, 33, -1, 0.7, 4.5];
    const data = Float32Array.from(
      { length: nRows * 9 },
      (_, i) => values[(i * 7 + Math.floor(i / 13)) % values.length]!,
    );
    const got = await scorer.scoreBatch(data, nRows);
    const want = predictProbaBatch(fixture, data, nRows, 9);
    let maxDiff = 0;
    for (let r = 0; r < nRows; r++) maxDiff = Math.max(maxDiff, Math.abs(got[r]! - want[r]!));
    expect(got).toHaveLength(nRows);
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('refuses a buffer shorter than nRows x features', async () => {
    const scorer = await getScorer('fixture-plain', ensembleToOnnx(fixture, { zipmap: false }));
    await expect(scorer.scoreBatch(new Float32Array(10), 2)).rejects.toThrow(/expected 2 rows x 9 features/);
  });
});
