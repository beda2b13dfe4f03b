import { describe, expect, it } from 'vitest';
import { auc } from '@/lib/metrics/classification';
import { trainGbdt, type TrainData } from '@/lib/ml/train/gbdt';
import { Rng } from '@/lib/ml/train/random';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { predictRawForTest, sigmoid } from '@/lib/ml/train/test-predict';
import { DECISION_DEFAULT_LEFT, missingTypeOf, type Tree } from '@/lib/ml/tree-model';

/** Builds row-major data from per-row feature arrays. */
function table(rows: number[][], y: number[], names?: string[]): TrainData {
  const nF = rows[0]!.length;
  return {
    X: Float32Array.from(rows.flat()),
    nRows: rows.length,
    featureNames: names ?? Array.from({ length: nF }, (_, f) => `x${f}`),
    y: Uint8Array.from(y),
  };
}

function depthOf(tree: Tree, node = 0): number {
  if (tree.numLeaves === 1) return 0;
  const child = (c: number) => (c < 0 ? 1 : 1 + depthOf(tree, c));
  return Math.max(child(tree.leftChild[node]!), child(tree.rightChild[node]!));
}

describe('trainGbdt on small synthetic problems', () => {
  it('learns an obvious split on the informative feature', () => {
    const rng = new Rng(7);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      // 10 distinct values per class, 20 rows each, so every value has a bin of its own.
      const x0 = (i < 200 ? 0 : 0.6) + (i % 10) * 0.04;
      rows.push([rng.nextFloat(), x0]);
      y.push(i < 200 ? 0 : 1);
    }
    const { ensemble } = trainGbdt(table(rows, y), { numIterations: 1, numLeaves: 2 });
    const tree = ensemble.trees[0]!;
    expect(tree.numLeaves).toBe(2);
    expect(tree.splitFeature).toEqual([1]);
    const below = Math.max(...rows.filter((_, i) => y[i] === 0).map((r) => Math.fround(r[1]!)));
    const above = Math.min(...rows.filter((_, i) => y[i] === 1).map((r) => Math.fround(r[1]!)));
    expect(tree.threshold[0]).toBeGreaterThanOrEqual(below);
    expect(tree.threshold[0]).toBeLessThan(above);
    const pred = predictRawForTest(ensemble, Float32Array.from(rows.flat()), rows.length);
    expect(auc(pred, y)).toBe(1);
  });

  it('learns where NaN belongs: with the high values on one problem, with the low ones on another', () => {
    const make = (nanLabel: 0 | 1) => {
      const rng = new Rng(11);
      const rows: number[][] = [];
      const y: number[] = [];
      for (let i = 0; i < 600; i++) {
        const r = rng.nextFloat();
        if (r < 0.25) {
          rows.push([NaN]);
          y.push(nanLabel);
        } else {
          const v = rng.nextFloat();
          rows.push([v]);
          y.push(v > 0.5 ? 1 : 0);
        }
      }
      return table(rows, y);
    };
    for (const nanLabel of [0, 1] as const) {
      const data = make(nanLabel);
      const { ensemble } = trainGbdt(data, { numIterations: 1, numLeaves: 2 });
      const tree = ensemble.trees[0]!;
      expect(missingTypeOf(tree.decisionType[0]!)).toBe('NaN');
      const defaultLeft = (tree.decisionType[0]! & DECISION_DEFAULT_LEFT) !== 0;
      // Left holds the low values (label 0): NaN rows labelled 0 must default left, labelled 1 right.
      expect(defaultLeft).toBe(nanLabel === 0);
      const [pNan, pLow, pHigh] = predictRawForTest(ensemble, Float32Array.from([NaN, 0.1, 0.9]), 3);
      expect(pNan).toBe(nanLabel === 1 ? pHigh : pLow);
    }
  });

  it('reproduces its own training scores exactly through the exported trees (NaN, bagging, feature fraction)', () => {
    const data = syntheticCredit(5000, 6, 3);
    const result = trainGbdt(data, {
      numIterations: 25,
      numLeaves: 15,
      baggingFraction: 0.7,
      baggingFreq: 1,
      featureFraction: 0.8,
      seed: 5,
    });
    const pred = predictRawForTest(result.ensemble, data.X, data.nRows);
    expect(Array.from(pred)).toEqual(Array.from(result.trainRawScores));
    expect(result.ensemble.trees).toHaveLength(25);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const data = syntheticCredit(3000, 5, 1);
    const params = {
      numIterations: 10,
      baggingFraction: 0.6,
      baggingFreq: 2,
      featureFraction: 0.6,
      seed: 42,
    };
    const a = JSON.stringify(trainGbdt(data, params).ensemble);
    const b = JSON.stringify(trainGbdt(data, params).ensemble);
    const c = JSON.stringify(trainGbdt(data, { ...params, seed: 43 }).ensemble);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('respects num_leaves, max_depth and min_data_in_leaf', () => {
    const data = syntheticCredit(4000, 6, 2);
    const few = trainGbdt(data, { numIterations: 5, numLeaves: 4, minDataInLeaf: 50 }).ensemble;
    for (const tree of few.trees) {
      expect(tree.numLeaves).toBeLessThanOrEqual(4);
      expect(Math.min(...tree.leafCount!)).toBeGreaterThanOrEqual(50);
    }
    expect(few.trees.some((t) => t.numLeaves === 4)).toBe(true);
    const shallow = trainGbdt(data, { numIterations: 5, numLeaves: 31, maxDepth: 2 }).ensemble;
    for (const tree of shallow.trees) {
      expect(depthOf(tree)).toBeLessThanOrEqual(2);
      expect(tree.numLeaves).toBeLessThanOrEqual(4);
    }
  });

  it('stops early when validation AUC stops improving and keeps the best trees', () => {
    const train = syntheticCredit(3000, 5, 4);
    const valid = syntheticCredit(1500, 5, 5);
    const seen: number[] = [];
    const result = trainGbdt(
      train,
      { numIterations: 500, numLeaves: 63, minDataInLeaf: 5, learningRate: 0.3, earlyStoppingRounds: 5 },
      { valid, onIteration: (it) => seen.push(it.iteration) },
    );
    expect(result.history.length).toBeLessThan(500);
    expect(result.history.length).toBe(result.bestIteration + 5);
    expect(result.ensemble.trees).toHaveLength(result.bestIteration);
    const aucs = result.history.map((h) => h.validAuc!);
    expect(Math.max(...aucs)).toBe(aucs[result.bestIteration - 1]);
    expect(seen).toEqual(result.history.map((h) => h.iteration));
    const validPred = predictRawForTest(result.ensemble, valid.X, valid.nRows);
    expect(auc(validPred, valid.y)).toBeCloseTo(aucs[result.bestIteration - 1]!, 12);
    // The kept trees' training scores are the ones tracked for the best round.
    const trainPred = predictRawForTest(result.ensemble, train.X, train.nRows);
    expect(Array.from(trainPred)).toEqual(Array.from(result.trainRawScores));
  });

  it('stops when shouldStop says so and reports progress each round', () => {
    const data = syntheticCredit(1000, 4, 6);
    let rounds = 0;
    const result = trainGbdt(
      data,
      { numIterations: 50 },
      { onIteration: () => rounds++, shouldStop: () => rounds >= 3 },
    );
    expect(result.ensemble.trees).toHaveLength(3);
    expect(result.bestIteration).toBe(3);
    expect(result.history.every((h) => Number.isFinite(h.trainLoss))).toBe(true);
    expect(result.history[2]!.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
  });

  it('starts from the log-odds of the label mean, stored in the first tree as LightGBM does', () => {
    // 30 positives of 100 rows and min_data_in_leaf above half the rows: no split is possible.
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const y = rows.map((_, i) => (i < 30 ? 1 : 0));
    const result = trainGbdt(table(rows, y), { minDataInLeaf: 60 });
    expect(result.ensemble.trees).toHaveLength(1);
    const tree = result.ensemble.trees[0]!;
    expect(tree.numLeaves).toBe(1);
    expect(tree.leafValue[0]).toBeCloseTo(Math.log(0.3 / 0.7), 12);
    expect(sigmoid(predictRawForTest(result.ensemble, Float32Array.from([5]), 1)[0]!)).toBeCloseTo(0.3, 12);
  });

  it('fills every field the LightGBM text writer needs', () => {
    const data = syntheticCredit(2000, 5, 8);
    const { ensemble, importanceGain, importanceSplit } = trainGbdt(data, { numIterations: 3, numLeaves: 7 });
    expect(ensemble.featureNames).toEqual(data.featureNames);
    expect(ensemble.objective).toEqual({ name: 'binary', sigmoid: 1 });
    expect(ensemble.averageOutput).toBe(false);
    expect(ensemble.featureInfos).toHaveLength(5);
    for (const info of ensemble.featureInfos!) expect(info).toMatch(/^\[-?[\d.e+-]+:-?[\d.e+-]+\]$/);
    expect(ensemble.parameters).toMatchObject({ num_leaves: '7', learning_rate: '0.1', objective: 'binary' });
    ensemble.trees.forEach((tree, t) => {
      const k = tree.numLeaves - 1;
      for (const arr of [
        tree.splitFeature,
        tree.splitGain,
        tree.threshold,
        tree.decisionType,
        tree.leftChild,
        tree.rightChild,
        tree.internalValue!,
        tree.internalCount!,
        tree.internalWeight!,
      ]) {
        expect(arr).toHaveLength(k);
      }
      for (const arr of [tree.leafValue, tree.leafCount!, tree.leafWeight!])
        expect(arr).toHaveLength(tree.numLeaves);
      expect(tree.internalCount![0]).toBe(2000);
      expect(tree.leafCount!.reduce((a, b) => a + b, 0)).toBe(2000);
      expect(tree.splitGain.every((g) => g > 0)).toBe(true);
      // The first tree carries the initial score, so LightGBM records its shrinkage as 1.
      expect(tree.shrinkage).toBe(t === 0 ? 1 : 0.1);
    });
    const splits = ensemble.trees.reduce((n, t) => n + t.numLeaves - 1, 0);
    expect(Object.values(importanceSplit).reduce((a, b) => a + b, 0)).toBe(splits);
    expect(importanceGain.f0).toBeGreaterThan(importanceGain.f4!);
  });

  it('rejects bad input with the row, feature or parameter named', () => {
    const ok = table(
      [
        [1, 2],
        [3, 4],
      ],
      [0, 1],
    );
    expect(() => trainGbdt({ ...ok, y: Uint8Array.from([0, 2]) })).toThrow(
      /training row 1: label must be 0 or 1/,
    );
    expect(() => trainGbdt({ ...ok, X: Float32Array.from([1, 2, Infinity, 4]) })).toThrow(
      /row 1, feature "x0": value is Infinity/,
    );
    expect(() => trainGbdt({ ...ok, y: Uint8Array.from([1, 1]) })).toThrow(/only one class/);
    expect(() => trainGbdt({ ...ok, nRows: 3 })).toThrow(/expected nRows \* features/);
    expect(() => trainGbdt(ok, { numLeaves: 1 })).toThrow(/numLeaves must be >= 2/);
    expect(() => trainGbdt(ok, { learningRate: 0 })).toThrow(/learningRate must be > 0/);
    expect(() => trainGbdt(ok, { earlyStoppingRounds: 3 })).toThrow(/needs a validation set/);
    expect(() => trainGbdt(ok, {}, { valid: { ...ok, y: Uint8Array.from([0, 0]) } })).toThrow(
      /validation labels contain only one class/,
    );
    expect(() => trainGbdt(ok, { bogus: 1 } as never)).toThrow(/unknown training parameter "bogus"/);
  });
});
