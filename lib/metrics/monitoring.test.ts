// Null-safe rates, PSI with empty bins and the minimum-sample guard, intervals.
import { describe, expect, it } from 'vitest';
import { psi } from '@/lib/metrics/classification';
import {
  binCounts,
  psiFromCounts,
  psiVerdict,
  rateDifference,
  recallPrecision,
  wilson,
} from '@/lib/metrics/monitoring';

describe('recallPrecision', () => {
  it('counts at p >= threshold', () => {
    const r = recallPrecision([0.1, 0.2, 0.3, 0.5], [0, 1, 0, 1], 0.2);
    expect(r).toMatchObject({ tp: 2, fp: 1, fn: 0, tn: 1, recall: 1, precision: 2 / 3 });
  });
  it('is null, not NaN, with no positives or nothing flagged', () => {
    expect(recallPrecision([0.5, 0.6], [0, 0], 0.2).recall).toBeNull();
    expect(recallPrecision([0.1, 0.05], [1, 0], 0.2).precision).toBeNull();
    expect(recallPrecision([], [], 0.2)).toMatchObject({ recall: null, precision: null });
  });
});

describe('psiFromCounts', () => {
  const ref = { cuts: [1, 2], proportions: [0.3, 0.4, 0.3, 0] };
  it('matches classification.psi, empty bins floored at 1e-4 (bin k holds cuts[k-1] < v <= cuts[k])', () => {
    const values = [...new Array(300).fill(0.5), ...new Array(700).fill(1.5)]; // bin 2 and missing empty
    const counts = binCounts(values, ref.cuts);
    expect(counts).toEqual([300, 700, 0, 0]);
    const r = psiFromCounts(ref, counts, 500);
    expect(r.psi).toBeCloseTo(psi(ref, values), 12);
    const byHand = (0.7 - 0.4) * Math.log(0.7 / 0.4) + (1e-4 - 0.3) * Math.log(1e-4 / 0.3);
    expect(r.psi).toBeCloseTo(byHand, 12);
    expect(r.verdict).toBe('act');
    expect(binCounts([1], ref.cuts)).toEqual([1, 0, 0, 0]); // a value on a cut belongs to the bin below
    expect(binCounts([NaN], ref.cuts)).toEqual([0, 0, 0, 1]);
  });
  it('gives no verdict below the minimum sample, and null PSI when empty', () => {
    const r = psiFromCounts(ref, [100, 100, 100, 0], 500);
    expect(r.psi).not.toBeNull();
    expect(r.verdict).toBeNull();
    expect(psiFromCounts(ref, [0, 0, 0, 0]).psi).toBeNull();
  });
  it('bands the verdict', () => {
    expect(psiVerdict(0.05)).toBe('stable');
    expect(psiVerdict(0.1)).toBe('watch');
    expect(psiVerdict(0.25)).toBe('watch');
    expect(psiVerdict(0.26)).toBe('act');
  });
});

describe('intervals', () => {
  it('wilson holds the proportion and is null for n = 0', () => {
    const w = wilson(20, 100)!;
    expect(w.low).toBeLessThan(0.2);
    expect(w.high).toBeGreaterThan(0.2);
    expect(w.low).toBeCloseTo(0.1333, 3);
    expect(wilson(0, 0)).toBeNull();
  });
  it('rateDifference', () => {
    const d = rateDifference(30, 100, 20, 100)!;
    expect(d.diff).toBeCloseTo(0.1, 12);
    expect(d.high - d.diff).toBeCloseTo(1.96 * Math.sqrt(0.21 / 100 + 0.16 / 100), 3);
  });
});
