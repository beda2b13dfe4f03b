// The JSON columns' schemas accept what the writers store and refuse what they never would; a malformed stored
// value is replaced by the reader's safe fallback instead of being cast into the page.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonColumn, requireJsonColumn } from '@/lib/json-column';
import { modelCardSchema, partialModelCardSchema, storedParitySchema } from './model-card';
import { trainingProgressSchema } from './training';
import { batchDetailsSchema, batchMessageSchema, messageParamsSchema } from './ingestion';
import { featureStatsSchema } from './feature-stats';

const ref = { column: 'T.c', id: '1' };

describe('JSON column schemas', () => {
  it('accepts the shipped default model card, keeping keys it does not know', () => {
    const card = JSON.parse(fs.readFileSync(path.resolve('models/model-card.json'), 'utf8'));
    const parsed = modelCardSchema.parse({ ...card, newerField: { x: 1 } });
    expect(parsed.featureNames).toHaveLength(card.featureNames.length);
    expect(parsed.metrics?.validation?.auc).toBe(card.metrics.validation.auc);
    expect((parsed as Record<string, unknown>).newerField).toEqual({ x: 1 });
  });

  it('replaces a malformed card by the fallback, and says where a job input is malformed', () => {
    const fallback = { name: 'm', featureNames: ['a'] };
    const bad = { name: 'm', featureNames: 'a,b', metrics: { validation: { auc: 'high' } } };
    expect(readJsonColumn(modelCardSchema, bad, ref, () => fallback)).toBe(fallback);
    expect(readJsonColumn(modelCardSchema, null, ref, () => fallback)).toBe(fallback);
    expect(() => requireJsonColumn(storedParitySchema, { rows: 1 }, ref)).toThrow(
      /T\.c of 1 is malformed: maxAbsDiff/,
    );
    expect(partialModelCardSchema.safeParse({ notes: ['x'] }).success).toBe(true);
  });

  it('parses parity, training progress, feature statistics and batch messages as written', () => {
    expect(
      storedParitySchema.parse({
        rows: 512,
        maxAbsDiff: 1e-7,
        ok: true,
        tolerance: 1e-6,
        checkedAt: '2026-01-01',
      }),
    ).toMatchObject({ ok: true });
    expect(
      trainingProgressSchema.parse({
        phase: 'training',
        iteration: 3,
        totalIterations: 100,
        validAuc: null,
        history: [{ iteration: 1, validAuc: 0.7, trainLoss: null }],
      }).history,
    ).toHaveLength(1);
    expect(trainingProgressSchema.safeParse({ phase: 'dreaming', iteration: 0 }).success).toBe(false);
    expect(
      featureStatsSchema.parse({
        clients: 2,
        sampleSize: 2,
        features: [
          {
            name: 'f',
            count: 2,
            missing: 0,
            missingShare: 0,
            mean: 1,
            min: 0,
            max: 2,
            quantiles: [],
            histogram: [],
          },
        ],
      }).features[0]!.name,
    ).toBe('f');
    expect(batchMessageSchema.parse([{ code: 'ingest.batch.noRows' }])).toEqual([
      { code: 'ingest.batch.noRows' },
    ]);
    expect(batchMessageSchema.safeParse([{ code: 'model.notFound' }]).success).toBe(false);
    // Warnings stored before they became codes are plain text, and still read.
    expect(
      batchDetailsSchema.parse({
        warnings: ['Ignored unknown columns: x.', { code: 'ingest.file.unknownColumns' }],
      }).warnings,
    ).toHaveLength(2);
    expect(messageParamsSchema.safeParse({ value: { nested: true } }).success).toBe(false);
  });
});
