// CBPE on a perfectly calibrated synthetic set: estimated AUC, recall and precision agree with the realized
// ones within sampling error; isotonic calibration repairs a miscalibrated score.
import { describe, expect, it } from 'vitest';
import { auc } from '@/lib/metrics/classification';
import {
  applyIsotonic,
  chooseCalibration,
  expectedAuc,
  expectedConfusion,
  fitIsotonic,
} from '@/lib/metrics/cbpe';
import { recallPrecision } from '@/lib/metrics/monitoring';

function calibrated(n: number, seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const p: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const pi = Math.min(0.999, rnd() ** 2); // skewed toward low risk, like a credit book
    p.push(pi);
    y.push(rnd() < pi ? 1 : 0);
  }
  return { p, y };
}

describe('CBPE', () => {
  it('estimates realized AUC, recall and precision on calibrated probabilities', () => {
    const { p, y } = calibrated(20_000, 11);
    const est = expectedConfusion(p, 0.2);
    const real = recallPrecision(p, y, 0.2);
    expect(Math.abs(expectedAuc(p)! - auc(p, y))).toBeLessThan(0.015);
    expect(Math.abs(est.recall! - real.recall!)).toBeLessThan(0.015);
    expect(Math.abs(est.precision! - real.precision!)).toBeLessThan(0.015);
  });
  it('is null where undefined', () => {
    expect(expectedAuc([])).toBeNull();
    expect(expectedAuc([0, 0])).toBeNull();
    expect(expectedConfusion([0.1], 0.5).precision).toBeNull();
  });
  it('isotonic regression is monotone and picked for a miscalibrated score', () => {
    const { p, y } = calibrated(5000, 3);
    const squashed = p.map((v) => v * 0.4); // under-predicts by a factor of 2.5
    const m = fitIsotonic(squashed, y);
    for (let k = 1; k < m.ys.length; k++) expect(m.ys[k]!).toBeGreaterThanOrEqual(m.ys[k - 1]!);
    const choice = chooseCalibration(squashed, y);
    expect(choice.method).toBe('isotonic');
    const fixed = squashed.map((v) => applyIsotonic(choice.model!, v));
    const realRecall = recallPrecision(p, y, 0.2).recall!;
    expect(Math.abs(expectedConfusion(fixed, 0.2).recall! - realRecall)).toBeLessThan(0.1);
    expect(chooseCalibration(p, y).method).toBe('none');
  });
});
