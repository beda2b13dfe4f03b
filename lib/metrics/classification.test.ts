import { describe, expect, it } from 'vitest';
import {
  auc,
  binOf,
  confusionAt,
  deciles,
  gini,
  histogram,
  ks,
  logLoss,
  psi,
  PSI_EPSILON,
} from '@/lib/metrics/classification';

describe('auc / gini', () => {
  it('counts the share of correctly ordered positive-negative pairs', () => {
    // Pairs (pos, neg): (0.35, 0.1) ok, (0.35, 0.4) wrong, (0.8, 0.1) ok, (0.8, 0.4) ok -> 3/4.
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(gini([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.5, 12);
  });

  it('counts a tied positive-negative pair as one half (average rank)', () => {
    // Pairs: (0.5, 0.2) 1, (0.5, 0.5) 0.5, (0.9, 0.2) 1, (0.9, 0.5) 1 -> 3.5/4.
    expect(auc([0.2, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBeCloseTo(0.875, 12);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for an inverted one', () => {
    expect(auc(new Float32Array([0.1, 0.2, 0.8, 0.9]), new Uint8Array([0, 0, 1, 1]))).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('returns NaN, without throwing, when only one class is present', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(auc([0.1, 0.2], [0, 0])).toBeNaN();
    expect(auc([], [])).toBeNaN();
    expect(gini([0.3], [0])).toBeNaN();
  });

  it('rejects NaN scores, bad labels and length mismatch with the row named', () => {
    expect(() => auc([0.1, NaN], [0, 1])).toThrow(/row 1: score is NaN/);
    expect(() => auc([0.1, 0.2], [0, 2])).toThrow(/row 1: label must be 0 or 1/);
    expect(() => auc([0.1], [0, 1])).toThrow(/1 rows but labels has 2/);
  });
});

describe('ks', () => {
  it('is the largest gap between class score CDFs', () => {
    // Ascending: 0.1 (neg) -> gap 0.5; 0.35 (pos) -> 0; 0.4 (neg) -> 0.5; 0.8 (pos) -> 0.
    expect(ks([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.5, 12);
    expect(ks([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
  });

  it('moves tied scores together', () => {
    expect(ks([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0);
  });

  it('returns NaN when a class is absent', () => {
    expect(ks([0.1, 0.9], [1, 1])).toBeNaN();
  });
});

describe('confusionAt', () => {
  it('flags score >= threshold as positive', () => {
    const c = confusionAt([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.35);
    expect(c).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0, recall: 1, precision: 2 / 3 });
  });

  it('gives NaN precision when nothing is flagged and NaN recall without positives', () => {
    const none = confusionAt([0.1, 0.2], [1, 0], 0.5);
    expect(none.precision).toBeNaN();
    expect(none.recall).toBe(0);
    expect(confusionAt([0.9], [0], 0.5).recall).toBeNaN();
  });
});

describe('logLoss', () => {
  it('averages -log of the probability given to the true class', () => {
    expect(logLoss([0.8, 0.25], [1, 0])).toBeCloseTo((-Math.log(0.8) - Math.log(0.75)) / 2, 12);
    expect(Number.isFinite(logLoss([0], [1]))).toBe(true);
  });
});

describe('binOf / histogram', () => {
  it('puts v in the first bin whose cut is >= v and NaN apart', () => {
    expect(binOf(-5, [0, 10])).toBe(0);
    expect(binOf(0, [0, 10])).toBe(0);
    expect(binOf(0.5, [0, 10])).toBe(1);
    expect(binOf(11, [0, 10])).toBe(2);
    expect(binOf(NaN, [0, 10])).toBe(-1);
    expect(histogram([-1, 0, 5, 20, NaN], [0, 10])).toEqual({ counts: [2, 1, 1], missing: 1, total: 5 });
  });
});

describe('deciles', () => {
  it('gives 9 interpolated cut points with one tenth of the rows per bin', () => {
    const d = deciles([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // Linear interpolation: the d-th cut is 1 + 0.9 d.
    d.cuts.forEach((c, i) => expect(c).toBeCloseTo(1 + 0.9 * (i + 1), 12));
    expect(d.proportions).toHaveLength(11);
    d.proportions.slice(0, 10).forEach((p) => expect(p).toBeCloseTo(0.1, 12));
    expect(d.missingShare).toBe(0);
    expect(d.proportions[10]).toBe(0);
  });

  it('ignores NaN for the cuts and reports the missing share', () => {
    const d = deciles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, NaN]);
    expect(d.cuts[0]).toBeCloseTo(1.9, 12);
    expect(d.missingShare).toBeCloseTo(2 / 12, 12);
    expect(d.proportions[0]).toBeCloseTo(1 / 12, 12);
    expect(d.proportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('reflects ties: a constant column has everything in the first bin', () => {
    const d = deciles([3, 3, 3, 3]);
    expect(d.cuts.every((c) => c === 3)).toBe(true);
    expect(d.proportions[0]).toBe(1);
  });

  it('does not crash on all-NaN or empty input', () => {
    const d = deciles([NaN, NaN]);
    expect(d.cuts.every((c) => Number.isNaN(c))).toBe(true);
    expect(d.missingShare).toBe(1);
    expect(d.proportions[10]).toBe(1);
    expect(deciles([]).missingShare).toBe(0);
  });
});

describe('psi', () => {
  it('is 0 when the actual distribution matches the reference', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i % 17) * 1.5);
    expect(psi(deciles(values), values)).toBeCloseTo(0, 12);
  });

  it('sums (a - e) ln(a / e) over bins', () => {
    const reference = { cuts: [0], proportions: [0.5, 0.5, 0] };
    const expected = (0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5);
    expect(psi(reference, [-1, 1, 1, 1])).toBeCloseTo(expected, 12);
  });

  it('uses a separate missing bin and epsilon for empty bins', () => {
    const reference = { cuts: [0], proportions: [0.5, 0.5, 0] };
    const e = PSI_EPSILON;
    const expected = (e - 0.5) * Math.log(e / 0.5) + 0 + (0.5 - e) * Math.log(0.5 / e);
    expect(psi(reference, [NaN, 1])).toBeCloseTo(expected, 12);
    expect(Number.isFinite(psi(reference, [NaN, NaN]))).toBe(true);
  });

  it('rejects a reference without the missing bin and returns NaN for no data', () => {
    expect(() => psi({ cuts: [0], proportions: [0.5, 0.5] }, [1])).toThrow(/expected 3/);
    expect(psi({ cuts: [0], proportions: [0.5, 0.5, 0] }, [])).toBeNaN();
  });
});
