import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auc } from '@/lib/metrics/classification';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { predictRawForTest } from '@/lib/ml/train/test-predict';
import { loadUciSplit } from '@/lib/ml/train/uci';

const sharedData = path.resolve(process.cwd(), '../shared/data');
const csv = path.join(sharedData, 'uci/UCI_Credit_Card.csv');
const exists = fs.existsSync(csv);

// The UCI file lives in the shared data folder beside the repository; a clone elsewhere has no shared
// data, so this benchmark-quality check is skipped there.
describe.skipIf(!exists)('trainGbdt on UCI Default of Credit Card Clients (ID % 5 == 0 held out)', () => {
  it('reaches the test AUC of established GBDT libraries with LightGBM-like defaults', () => {
    const data = loadUciSplit(csv);
    expect(data.train.nRows).toBe(24000);
    expect(data.test.nRows).toBe(6000);
    expect(data.featureNames).toHaveLength(23);
    const result = trainGbdt({ ...data.train, featureNames: data.featureNames }, {});
    const testAuc = auc(predictRawForTest(result.ensemble, data.test.X, data.test.nRows), data.test.y);
    console.log(
      `UCI credit default: test AUC ${testAuc.toFixed(4)}, ${result.ensemble.trees.length} trees, ` +
        `training ${result.trainingMillis.toFixed(0)} ms`,
    );
    // LightGBM, XGBoost and scikit-learn reach 0.784-0.789 on this split.
    expect(testAuc).toBeGreaterThanOrEqual(0.78);
    expect(result.ensemble.trees).toHaveLength(100);
    const top = Object.entries(result.importanceGain).sort((a, b) => b[1] - a[1])[0]![0];
    // The latest repayment status dominates every published model of this data.
    expect(top).toBe('PAY_0');
    const trainPred = predictRawForTest(result.ensemble, data.train.X, data.train.nRows);
    expect(Array.from(trainPred)).toEqual(Array.from(result.trainRawScores));
  });
});
