import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { topReasons } from '@/lib/ml/reason-codes';
import { explainRow } from '@/lib/ml/treeshap';

const names = ['atraso_max_3m', 'limite_credito', 'scr_atraso', 'utilizacao_limite_max_3m', 'mes'];

describe('topReasons', () => {
  it('lists the three features pushing risk up the most, largest first, with their values', () => {
    const reasons = topReasons([0.4, -0.9, 0.1, 0.7, 0.05], [3, 5000, 1, 0.98, 11], names);
    expect(reasons).toEqual([
      { feature: 'utilizacao_limite_max_3m', contribution: 0.7, value: 0.98 },
      { feature: 'atraso_max_3m', contribution: 0.4, value: 3 },
      { feature: 'scr_atraso', contribution: 0.1, value: 1 },
    ]);
  });

  it('returns fewer than three when fewer features push risk up, and none for a zero or negative push', () => {
    expect(topReasons([0, -0.2, 0.3, 0, -1], [0, 0, 0, 0, 0], names).map((r) => r.feature)).toEqual([
      'scr_atraso',
    ]);
    expect(topReasons([0, -0.2, 0, 0, -1], [0, 0, 0, 0, 0], names)).toEqual([]);
  });

  it('breaks ties by feature name, so a client always reads the same reasons', () => {
    const reasons = topReasons([0.2, 0.2, 0.2, 0.2, 0.1], [1, 2, 3, 4, 5], names);
    expect(reasons.map((r) => r.feature)).toEqual(['atraso_max_3m', 'limite_credito', 'scr_atraso']);
    const reordered = ['mes', 'scr_atraso', 'atraso_max_3m', 'limite_credito', 'utilizacao_limite_max_3m'];
    expect(topReasons([0.2, 0.2, 0.2, 0.2, 0.2], [1, 2, 3, 4, 5], reordered).map((r) => r.feature)).toEqual([
      'atraso_max_3m',
      'limite_credito',
      'mes',
    ]);
  });

  it('stores a missing value as null (JSON has no NaN) and never ranks a NaN contribution', () => {
    const reasons = topReasons([0.5, NaN, 0.1, 0, 0], [NaN, 1, Infinity, 0, 0], names);
    expect(reasons).toEqual([
      { feature: 'atraso_max_3m', contribution: 0.5, value: null },
      { feature: 'scr_atraso', contribution: 0.1, value: null },
    ]);
    expect(JSON.parse(JSON.stringify(reasons))).toEqual(reasons);
  });

  it('reads one row of a batch at its offset and refuses a row past the end', () => {
    const contributions = [9, 9, 9, 9, 9, 0.1, 0.3, -1, 0.2, 0];
    const values = [0, 0, 0, 0, 0, 1, 2, 3, 4, 5];
    expect(topReasons(contributions, values, names, 3, 5).map((r) => [r.feature, r.value])).toEqual([
      ['limite_credito', 2],
      ['utilizacao_limite_max_3m', 4],
      ['atraso_max_3m', 1],
    ]);
    expect(() => topReasons(contributions, values, names, 3, 6)).toThrow(RangeError);
  });

  it('agrees with sorting every positive contribution (property)', () => {
    const pool = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, 0.25, -0.25)), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 0, max: 5 }),
        (contrib, k) => {
          const featureNames = pool.slice(0, contrib.length);
          const expected = featureNames
            .map((feature, i) => ({ feature, contribution: contrib[i]! }))
            .filter((r) => r.contribution > 0)
            .sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1))
            .slice(0, k)
            .map((r) => r.feature);
          const got = topReasons(contrib, contrib, featureNames, k).map((r) => r.feature);
          expect(got).toEqual(expected);
        },
      ),
    );
  });

  it('explains a default-model client with reasons whose contributions come from TreeSHAP', () => {
    const model = parseLightGbmText(
      fs.readFileSync(path.resolve(process.cwd(), 'models/proativa-default.txt'), 'utf8'),
    );
    // A client using most of the limit, paying the minimum and two months late.
    const row = [2000, 0.97, 1.02, 0.12, 0.05, 3, 1900, 2, 2, 3, 1.4, 4, 1, 20];
    expect(row).toHaveLength(model.featureNames.length);
    const { contributions } = explainRow(model, row);
    const reasons = topReasons(contributions, row, model.featureNames);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) {
      const f = model.featureNames.indexOf(r.feature);
      expect(r.contribution).toBe(contributions[f]);
      expect(r.value).toBe(row[f]);
    }
    const positive = Array.from(contributions)
      .filter((c) => c > 0)
      .sort((a, b) => b - a);
    expect(reasons.map((r) => r.contribution)).toEqual(positive.slice(0, 3));
  });
});
