import { describe, expect, it } from 'vitest';
import { auc } from '@/lib/metrics/classification';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { OnnxScorer } from '@/lib/ml/onnx/ort-scorer';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import {
  cardJson,
  modelCardMarkdown,
  parseParamList,
  trainModel,
  type TrainModelInput,
} from '@/lib/ml/train-model';

const NF = 6;
const train = syntheticCredit(4000, NF, 1);
const valid = syntheticCredit(1500, NF, 2);
const oot = syntheticCredit(1500, NF, 3);

function input(overrides: Partial<TrainModelInput> = {}): TrainModelInput {
  return {
    train,
    valid,
    oot,
    featureNames: train.featureNames,
    params: { numIterations: 60, numLeaves: 7, learningRate: 0.1, earlyStoppingRounds: 10, seed: 7 },
    meta: {
      name: 'synthetic',
      trainWindow: { from: '2025-04', to: '2025-12' },
      validWindow: { from: '2026-01', to: '2026-02' },
      ootWindow: { from: '2026-03', to: '2026-05' },
      featureSetVersion: 'synthetic-v1',
      reproduce: 'npm run model -- train train.csv --label y --out out',
    },
    ...overrides,
  };
}

describe('trainModel', () => {
  const iterations: number[] = [];
  const model = trainModel(input({ onIteration: (it) => iterations.push(it.iteration) }));
  const { card } = model;

  it('reports every boosting round and keeps the best validation iteration', () => {
    expect(iterations[0]).toBe(1);
    expect(iterations.length).toBeGreaterThanOrEqual(card.training!.bestIteration!);
    expect(card.numTrees).toBe(card.training!.bestIteration);
  });

  it('measures validation and out-of-time performance at the policy thresholds', () => {
    for (const [m, data] of [
      [card.metrics!.validation!, valid],
      [card.metrics!.outOfTime!, oot],
    ] as const) {
      expect(m.rows).toBe(data.nRows);
      expect(m.positives).toBe(data.y.reduce((a, b) => a + b, 0));
      const proba = predictProbaBatch(model.ensemble, data.X, data.nRows, NF);
      expect(m.auc).toBeCloseTo(auc(proba, data.y), 12);
      expect(m.auc).toBeGreaterThan(0.75);
      expect(m.gini).toBeCloseTo(2 * m.auc - 1, 12);
      expect(m.ks).toBeGreaterThan(0.3);
      expect(m.atThreshold.map((t) => t.threshold)).toEqual([0.2, 0.5]);
      const [at20, at50] = m.atThreshold;
      // A lower threshold flags more clients and catches more defaulters.
      expect(at20!.flaggedShare).toBeGreaterThan(at50!.flaggedShare);
      expect(at20!.recall).toBeGreaterThanOrEqual(at50!.recall);
      const flagged = proba.filter((p) => p >= 0.2).length;
      expect(at20!.flaggedShare).toBeCloseTo(flagged / data.nRows, 12);
    }
  });

  it('ranks features by gain with shares summing to one, the informative ones first', () => {
    const imp = card.importanceGain!;
    expect(imp.map((i) => i.feature).sort()).toEqual([...train.featureNames].sort());
    for (let i = 1; i < imp.length; i++) expect(imp[i - 1]!.gain).toBeGreaterThanOrEqual(imp[i]!.gain);
    expect(imp.reduce((s, i) => s + i.share, 0)).toBeCloseTo(1, 12);
    expect(['f0', 'f1']).toContain(imp[0]!.feature);
  });

  it('keeps training facts and reference deciles of each feature and of the score', () => {
    expect(card.training).toMatchObject({
      rows: train.nRows,
      seed: 7,
      trainWindow: { from: '2025-04', to: '2025-12' },
      ootWindow: { from: '2026-03', to: '2026-05' },
      params: { num_leaves: '7', learning_rate: '0.1', seed: '7' },
    });
    expect(card.training!.trainingMillis).toBeGreaterThan(0);
    expect(card.featureSetVersion).toBe('synthetic-v1');
    const f1 = card.reference!.features.f1!;
    expect(f1.cuts).toHaveLength(9);
    expect(f1.proportions).toHaveLength(11);
    expect(f1.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(f1.missingShare).toBeGreaterThan(0.05); // the synthetic f1 is missing for ~10% of rows
    expect(f1.count).toBe(train.nRows);
    expect(card.reference!.score!.cuts[4]).toBeGreaterThan(0);
    expect(card.reference!.score!.cuts[4]).toBeLessThan(1);
  });

  it('writes LightGBM text and ONNX that score exactly like the trained trees', async () => {
    const reparsed = parseLightGbmText(model.lightgbmText);
    const expected = predictProbaBatch(model.ensemble, oot.X, oot.nRows, NF);
    const fromText = predictProbaBatch(reparsed, oot.X, oot.nRows, NF);
    const scorer = await OnnxScorer.create(model.onnx);
    try {
      const fromOnnx = await scorer.scoreBatch(oot.X, oot.nRows);
      let maxText = 0;
      let maxOnnx = 0;
      for (let i = 0; i < oot.nRows; i++) {
        maxText = Math.max(maxText, Math.abs(fromText[i]! - expected[i]!));
        maxOnnx = Math.max(maxOnnx, Math.abs(fromOnnx[i]! - expected[i]!));
      }
      expect(maxText).toBe(0);
      expect(maxOnnx).toBeLessThanOrEqual(1e-6);
    } finally {
      await scorer.release();
    }
  });

  it('renders a readable Markdown card', () => {
    const md = modelCardMarkdown(card, [['Purpose', ['Testing.']]]);
    expect(md).toContain('# Model card: synthetic');
    expect(md).toContain('## Purpose');
    expect(md).toMatch(/\| out of time \| 1500 \|/);
    expect(md).toContain('npm run model -- train train.csv');
  });

  it('gives byte-identical artefacts for the same data and seed when time is not recorded', () => {
    const a = trainModel(input({ meta: { ...input().meta, recordTrainingTime: false } }));
    const b = trainModel(input({ meta: { ...input().meta, recordTrainingTime: false } }));
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(a.lightgbmText).toBe(b.lightgbmText);
    expect(cardJson(a.card)).toBe(cardJson(b.card));
    expect(a.card.training!.trainingMillis).toBeUndefined();
  });

  it('refuses data whose shape does not match the feature names, naming the sample', () => {
    expect(() =>
      trainModel(input({ oot: { X: new Float32Array(5), y: new Uint8Array(1), nRows: 1 } })),
    ).toThrow(/out-of-time data: X has 5 values; expected 1 rows x 6 features/);
  });
});

describe('parseParamList', () => {
  it('accepts LightGBM names, aliases and camelCase names', () => {
    expect(parseParamList('num_leaves=15, learning_rate=0.05,n_estimators=200,seed=3')).toEqual({
      numLeaves: 15,
      learningRate: 0.05,
      numIterations: 200,
      seed: 3,
    });
    expect(parseParamList('minDataInLeaf=50,boost_from_average=false')).toEqual({
      minDataInLeaf: 50,
      boostFromAverage: false,
    });
  });

  it('names the unknown key or the bad value', () => {
    expect(() => parseParamList('num_trees=5')).toThrow('unknown parameter "num_trees"');
    expect(() => parseParamList('num_leaves=abc')).toThrow('num_leaves="abc" is not a number');
    expect(() => parseParamList('num_leaves=1')).toThrow(/numLeaves must be >= 2/);
    expect(() => parseParamList('num_leaves')).toThrow('"num_leaves" is not key=value');
  });
});
