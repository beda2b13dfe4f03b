// The paired DeLong test of two correlated AUCs against the direct O(m n) structural-components definition
// (DeLong, DeLong & Clarke-Pearson 1988, eq. for the covariance of two AUCs), and its edge cases.
import { describe, expect, it } from 'vitest';
import { delong, delongPaired, normalCdf } from '@/lib/metrics/delong';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Brute-force variance of AUC(b) - AUC(a) from the structural components, ties counting one half. */
function bruteDiffVariance(a: number[], b: number[], y: number[]): number {
  const psi = (u: number, v: number) => (u > v ? 1 : u === v ? 0.5 : 0);
  const pos = y.flatMap((v, i) => (v === 1 ? [i] : []));
  const neg = y.flatMap((v, i) => (v === 0 ? [i] : []));
  const v10 = (s: number[]) => pos.map((i) => neg.reduce((t, j) => t + psi(s[i]!, s[j]!), 0) / neg.length);
  const v01 = (s: number[]) => neg.map((j) => pos.reduce((t, i) => t + psi(s[i]!, s[j]!), 0) / pos.length);
  const cov = (u: number[], v: number[]) => {
    const mu = u.reduce((t, x) => t + x, 0) / u.length;
    const mv = v.reduce((t, x) => t + x, 0) / v.length;
    return u.reduce((t, x, k) => t + (x - mu) * (v[k]! - mv), 0) / (u.length - 1);
  };
  const [a10, b10, a01, b01] = [v10(a), v10(b), v01(a), v01(b)];
  const s10 = cov(a10, a10) + cov(b10, b10) - 2 * cov(a10, b10);
  const s01 = cov(a01, a01) + cov(b01, b01) - 2 * cov(a01, b01);
  return s10 / pos.length + s01 / neg.length;
}

describe('normalCdf', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 6);
  });
});

describe('delongPaired', () => {
  const rnd = lcg(7);
  const y: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 300; i++) {
    const label = rnd() < 0.3 ? 1 : 0;
    y.push(label);
    // b separates better than a; both rounded so ties occur
    a.push(Math.round((rnd() + 0.25 * label) * 20) / 20);
    b.push(Math.round((rnd() + 0.6 * label) * 20) / 20);
  }

  it('equals the structural-components variance and each AUC equals the unpaired DeLong', () => {
    const r = delongPaired(a, b, y)!;
    expect(r.variance).toBeCloseTo(bruteDiffVariance(a, b, y), 12);
    expect(r.a.auc).toBeCloseTo(delong(a, y)!.auc, 12);
    expect(r.b.variance).toBeCloseTo(delong(b, y)!.variance, 12);
    expect(r.diff).toBeCloseTo(r.b.auc - r.a.auc, 12);
    expect(r.z).toBeCloseTo(r.diff / Math.sqrt(r.variance), 12);
    expect(r.pValue).toBeCloseTo(2 * (1 - normalCdf(Math.abs(r.z))), 12);
    expect(r.diff).toBeGreaterThan(0);
    expect(r.pValue).toBeLessThan(0.01);
  });

  it('is symmetric: swapping the models negates the difference and keeps the p-value', () => {
    const r = delongPaired(a, b, y)!;
    const s = delongPaired(b, a, y)!;
    expect(s.diff).toBeCloseTo(-r.diff, 12);
    expect(s.pValue).toBeCloseTo(r.pValue, 12);
  });

  it('gives p = 1 for identical rankings (zero variance of the difference) and null without both classes', () => {
    const same = delongPaired(
      a,
      a.map((v) => v * 2 + 1),
      y,
    )!;
    expect(same.diff).toBe(0);
    expect(same.z).toBe(0);
    expect(same.pValue).toBe(1);
    expect(delongPaired([0.1, 0.2], [0.3, 0.4], [1, 1])).toBeNull();
    expect(() => delongPaired([0.1], [0.2, 0.3], [1, 0])).toThrow(RangeError);
  });
});
