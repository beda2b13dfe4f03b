import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { predictProba, predictProbaBatch, predictRaw } from '@/lib/ml/tree-eval';
import { breastCancerRows, hasLightgbmText, LIGHTGBM_TEXT_DIR } from '@/lib/ml/test-fixtures/shared';

const fixture = parseLightGbmText(
  fs.readFileSync(
    path.resolve(import.meta.dirname, 'test-fixtures/missing-and-categorical.model.txt'),
    'utf8',
  ),
);

/** Which way tree `tree` sends value x: the fixture's tree i adds 2^i/1024 only when it goes right. */
function side(tree: number, x: number): 'L' | 'R' {
  const row = new Array<number>(9).fill(0);
  row[tree] = x;
  const bits = Math.round(predictRaw(fixture, row) * 1024);
  // The other trees see 0; subtract their (independently checked) contribution.
  const zeroRow = new Array<number>(9).fill(0);
  const base = Math.round(predictRaw(fixture, zeroRow) * 1024);
  const mine = ((bits >> tree) & 1) | 0;
  const others = (bits & ~(1 << tree)) === (base & ~(1 << tree));
  if (!others) throw new Error('another tree changed its path');
  return mine ? 'R' : 'L';
}

const cases: [number, string, number, 'L' | 'R'][] = [
  // missing_type None: NaN is treated as 0, then compared.
  [0, 'None dl: NaN -> 0 <= 0.5', NaN, 'L'],
  [0, 'None dl: at threshold', 0.5, 'L'],
  [0, 'None dl: above', 0.6, 'R'],
  [1, 'None right: NaN -> 0 > -0.5', NaN, 'R'],
  [1, 'None right: at threshold', -0.5, 'L'],
  // missing_type Zero: NaN and |x| <= 1e-35 take the default side.
  [2, 'Zero dl: NaN', NaN, 'L'],
  [2, 'Zero dl: 0', 0, 'L'],
  [2, 'Zero dl: 1e-36', 1e-36, 'L'],
  [2, 'Zero dl: 0.7', 0.7, 'R'],
  [2, 'Zero dl: -3', -3, 'L'],
  [3, 'Zero right: NaN', NaN, 'R'],
  [3, 'Zero right: 0 (below threshold, but missing)', 0, 'R'],
  [3, 'Zero right: -1e-36', -1e-36, 'R'],
  [3, 'Zero right: 1e-30 is not zero', 1e-30, 'L'],
  [3, 'Zero right: 0.3', 0.3, 'L'],
  [3, 'Zero right: 0.7', 0.7, 'R'],
  [4, 'Zero dl, t<0: 0 is missing -> left', 0, 'L'],
  [4, 'Zero dl, t<0: 1e-36', 1e-36, 'L'],
  [4, 'Zero dl, t<0: -0.2', -0.2, 'R'],
  [4, 'Zero dl, t<0: -0.7', -0.7, 'L'],
  [4, 'Zero dl, t<0: NaN', NaN, 'L'],
  // missing_type NaN: only NaN is missing.
  [5, 'NaN dl: NaN', NaN, 'L'],
  [5, 'NaN dl: 0', 0, 'L'],
  [5, 'NaN dl: 2', 2, 'R'],
  [6, 'NaN right: NaN', NaN, 'R'],
  [6, 'NaN right: at threshold', 1.5, 'L'],
  [6, 'NaN right: just above', 1.5000001, 'R'],
  // Categorical {1, 3, 4, 33}: category is the truncated value; NaN and negatives go right.
  [7, 'cat: 1', 1, 'L'],
  [7, 'cat: 1.9 truncates to 1', 1.9, 'L'],
  [7, 'cat: 2', 2, 'R'],
  [7, 'cat: 4.5', 4.5, 'L'],
  [7, 'cat: 33 (second bitset word)', 33, 'L'],
  [7, 'cat: 100 beyond the bitset', 100, 'R'],
  [7, 'cat: 0', 0, 'R'],
  [7, 'cat: NaN', NaN, 'R'],
  [7, 'cat: -1', -1, 'R'],
  // Categorical {0, 2}.
  [8, 'cat0: -0.5 truncates to 0', -0.5, 'L'],
  [8, 'cat0: 0.9', 0.9, 'L'],
  [8, 'cat0: 1', 1, 'R'],
  [8, 'cat0: 2', 2, 'L'],
  [8, 'cat0: NaN', NaN, 'R'],
  [8, 'cat0: -1', -1, 'R'],
];

describe('tree-eval: LightGBM decision semantics', () => {
  it.each(cases)('tree %i, %s', (tree, _label, x, expected) => {
    expect(side(tree, x)).toBe(expected);
  });

  it('applies the sigmoid parameter and averages random-forest trees', () => {
    const row = [0.6, 0, 0, 0, 0, 0, 0, 0, 0];
    const raw = predictRaw(fixture, row);
    expect(predictProba({ ...fixture, objective: { name: 'binary', sigmoid: 2 } }, row)).toBeCloseTo(
      1 / (1 + Math.exp(-2 * raw)),
      15,
    );
    const rf = { ...fixture, averageOutput: true };
    expect(predictRaw(rf, row)).toBeCloseTo(raw / fixture.trees.length, 15);
  });

  it('refuses rows narrower than the model', () => {
    expect(() => predictProba(fixture, [1, 2])).toThrow(/needs 9 features/);
  });
});

// The shared LightGBM models and LightGBM's own predictions live outside the repo; a clone elsewhere lacks them.
describe.skipIf(!hasLightgbmText)('tree-eval on the shared breast-cancer models', () => {
  const dir = LIGHTGBM_TEXT_DIR;
  const rows = breastCancerRows();
  const flat = Float64Array.from(rows.flat());

  it('reproduces LightGBM DART predictions to 1e-6', () => {
    const truth = fs
      .readFileSync(path.join(dir, 'dart_breast_cancer_true_predictions.txt'), 'utf8')
      .trim()
      .split('\n')
      .map(Number);
    const dart = parseLightGbmText(fs.readFileSync(path.join(dir, 'dart_breast_cancer.model.txt'), 'utf8'));
    expect(rows).toHaveLength(57);
    const batch = predictProbaBatch(dart, flat, rows.length, 30);
    rows.forEach((r, i) => {
      expect(Math.abs(predictProba(dart, r) - truth[i]!)).toBeLessThanOrEqual(1e-6);
      expect(batch[i]).toBe(predictProba(dart, r));
    });
  });

  it('scores the GBDT model as a sensible classifier (probabilities spread over both classes)', () => {
    const gbdt = parseLightGbmText(fs.readFileSync(path.join(dir, 'gbdt_breast_cancer.model.txt'), 'utf8'));
    const p = predictProbaBatch(gbdt, flat, rows.length, 30);
    expect(p.every((x) => x > 0 && x < 1)).toBe(true);
    expect(p.some((x) => x < 0.2)).toBe(true);
    expect(p.some((x) => x > 0.8)).toBe(true);
  });
});
