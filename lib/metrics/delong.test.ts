// DeLong's fast algorithm against the published Hanley & McNeil (1982) CT rating data and against the
// direct O(m n) structural-components definition (DeLong, DeLong & Clarke-Pearson 1988), ties included.
import { describe, expect, it } from 'vitest';
import { auc } from '@/lib/metrics/classification';
import { delong, midranks } from '@/lib/metrics/delong';

// Hanley & McNeil (1982), Radiology 143:29-36, Table 1: 109 CT images rated 1..5 (definitely normal ..
// definitely abnormal); 58 truly normal, 51 truly abnormal. Published area 0.893, SE 0.032 (their formula).
function hanleyMcNeil() {
  const normal = [33, 6, 6, 11, 2];
  const abnormal = [3, 2, 2, 11, 33];
  const s: number[] = [];
  const y: number[] = [];
  normal.forEach((c, r) => {
    for (let k = 0; k < c; k++) {
      s.push(r + 1);
      y.push(0);
    }
  });
  abnormal.forEach((c, r) => {
    for (let k = 0; k < c; k++) {
      s.push(r + 1);
      y.push(1);
    }
  });
  return { s, y };
}

function bruteDeLongVariance(s: number[], y: number[]): number {
  const X = s.filter((_, i) => y[i] === 1);
  const Y = s.filter((_, i) => y[i] === 0);
  const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = X.map((x) => Y.reduce((t, v) => t + psi(x, v), 0) / Y.length);
  const v01 = Y.map((v) => X.reduce((t, x) => t + psi(x, v), 0) / X.length);
  const variance = (a: number[]) => {
    const m = a.reduce((t, v) => t + v, 0) / a.length;
    return a.reduce((t, v) => t + (v - m) ** 2, 0) / (a.length - 1);
  };
  return variance(v10) / X.length + variance(v01) / Y.length;
}

describe('midranks', () => {
  it('averages the ranks of ties', () => {
    expect(Array.from(midranks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
  });
});

describe('delong', () => {
  it('reproduces Hanley & McNeil: AUC 0.893 and a standard error near their 0.032', () => {
    const { s, y } = hanleyMcNeil();
    const r = delong(s, y)!;
    expect(r.auc).toBeCloseTo(0.8932, 4);
    expect(r.auc).toBeCloseTo(auc(s, y), 12);
    // DeLong's nonparametric SE is close to, not equal to, the exponential approximation they published.
    expect(Math.sqrt(r.variance)).toBeGreaterThan(0.025);
    expect(Math.sqrt(r.variance)).toBeLessThan(0.036);
    expect(r.low).toBeCloseTo(r.auc - 1.96 * Math.sqrt(r.variance), 3);
  });

  it('equals the direct structural-components variance, with heavy ties', () => {
    const { s, y } = hanleyMcNeil();
    expect(delong(s, y)!.variance).toBeCloseTo(bruteDeLongVariance(s, y), 12);
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const s2: number[] = [];
    const y2: number[] = [];
    for (let i = 0; i < 400; i++) {
      const yy = rnd() < 0.3 ? 1 : 0;
      y2.push(yy);
      s2.push(Math.round((rnd() + 0.4 * yy) * 20) / 20); // coarse scores: many ties
    }
    expect(delong(s2, y2)!.variance).toBeCloseTo(bruteDeLongVariance(s2, y2), 12);
    expect(delong(s2, y2)!.auc).toBeCloseTo(auc(s2, y2), 12);
  });

  it('is null when a class is absent', () => {
    expect(delong([0.1, 0.2], [0, 0])).toBeNull();
  });
});
