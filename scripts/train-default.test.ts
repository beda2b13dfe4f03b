import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMonths } from '@/lib/domain/raw';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { buildDefaultModel, DEFAULT_MODEL_CONFIG, type DefaultModelConfig } from './train-default';

// A small book with few rounds: the same code path as `npm run model:default`, in a second or two.
const small: DefaultModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  clients: 1200,
  params: { ...DEFAULT_MODEL_CONFIG.params, numIterations: 25, earlyStoppingRounds: 0, minDataInLeaf: 40 },
};

describe('the default model build', () => {
  const a = buildDefaultModel(small);

  it('gives byte-identical files when run twice', () => {
    const b = buildDefaultModel(small);
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(a.lightgbmText).toBe(b.lightgbmText);
    expect(a.cardJson).toBe(b.cardJson);
    expect(a.cardMarkdown).toBe(b.cardMarkdown);
  });

  it('trains on fs-v1 with the documented as-of windows and reports out-of-time metrics', () => {
    const card = JSON.parse(a.cardJson);
    expect(card.featureNames).toEqual(FEATURE_NAMES);
    expect(card.featureSetVersion).toBe('fs-v1');
    expect(card.training.trainWindow).toEqual({ from: '2025-04', to: '2025-12' });
    expect(card.training.validWindow).toEqual({ from: '2026-01', to: '2026-02' });
    expect(card.training.ootWindow).toEqual({ from: '2026-03', to: '2026-05' });
    // The book those months belong to, so registration can rename them after the install's own demo book.
    expect(card.training.book).toEqual({
      startMonth: '2025-01',
      months: 24,
      clients: 1200,
      seed: 2026,
      shiftStartMonth: '2026-06',
    });
    expect(card.training.trainingMillis).toBeUndefined();
    expect(card.metrics.outOfTime.auc).toBeGreaterThan(0.6);
    expect(parseLightGbmText(a.lightgbmText).trees).toHaveLength(25);
    expect(a.cardMarkdown).toContain('| AUC | ');
    expect(a.cardMarkdown).toContain('0.7281');
    // The label is delinquency entry (a missed payment), as in the UCI data behind the validated figures.
    expect(card.description).toContain('misses a payment');
    expect(a.cardMarkdown).not.toContain('90+ days past due');
  });
});

describe('the committed models/model-card.json', () => {
  const card = JSON.parse(fs.readFileSync(path.resolve('models/model-card.json'), 'utf8'));
  const cfg = DEFAULT_MODEL_CONFIG;

  it('names the book of DEFAULT_MODEL_CONFIG and windows that are months of that book', () => {
    expect(card.training.book).toEqual({
      startMonth: cfg.startMonth,
      months: cfg.months,
      clients: cfg.clients,
      seed: cfg.seed,
      shiftStartMonth: addMonths(cfg.startMonth, cfg.months - 7),
    });
    const month = (n: number) => addMonths(cfg.startMonth, n - 1);
    expect(card.training.trainWindow).toEqual({
      from: month(cfg.trainMonths[0]),
      to: month(cfg.trainMonths[1]),
    });
    expect(card.training.validWindow).toEqual({
      from: month(cfg.validMonths[0]),
      to: month(cfg.validMonths[1]),
    });
    expect(card.training.ootWindow).toEqual({ from: month(cfg.ootMonths[0]), to: month(cfg.ootMonths[1]) });
  });
});
