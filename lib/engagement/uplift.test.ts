// Uplift vs the holdout on the default rate (lib/engagement/stats.ts upliftVsHoldout) against values worked out
// by hand from the formulas: Wilson score interval per group, then Newcombe's hybrid score interval of the
// difference (holdout minus treated): low = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), high = d + sqrt((u1 - p1)^2 +
// (p2 - l2)^2). And why a variant has no uplift (upliftReasonOf).
import { describe, expect, it } from 'vitest';
import { upliftReasonOf, upliftVsHoldout, wilson } from './stats';

describe('uplift vs holdout (default rate, Newcombe 95% CI)', () => {
  it('holdout 30/200 defaulted, treated 18/200: +6.0 p.p. (-0.42 to 12.47)', () => {
    // Wilson 30/200 = 0.1071..0.2061, 18/200 = 0.0577..0.1378 (z = 1.96).
    expect(wilson(30, 200)!.low).toBeCloseTo(0.107136, 5);
    expect(wilson(30, 200)!.high).toBeCloseTo(0.206056, 5);
    expect(wilson(18, 200)!.low).toBeCloseTo(0.057687, 5);
    expect(wilson(18, 200)!.high).toBeCloseTo(0.137766, 5);
    // d = 0.15 - 0.09 = 0.06; low = 0.06 - sqrt(0.042864^2 + 0.047766^2) = -0.004179;
    // high = 0.06 + sqrt(0.056056^2 + 0.032313^2) = 0.124702: not significant (the interval spans 0).
    const u = upliftVsHoldout(30, 200, 18, 200)!;
    expect(u.estimate).toBeCloseTo(0.06, 10);
    expect(u.low).toBeCloseTo(-0.004179, 5);
    expect(u.high).toBeCloseTo(0.124702, 5);
  });

  it('no default among 40 treated vs 12/80 in the holdout: +15 p.p. (4.26 to 24.41)', () => {
    // Wilson 0/40 = 0..0.087622; 12/80 = 0.08794..0.244132.
    const u = upliftVsHoldout(12, 80, 0, 40)!;
    expect(u.estimate).toBeCloseTo(0.15, 10);
    expect(u.low).toBeCloseTo(0.042627, 5);
    expect(u.high).toBeCloseTo(0.244132, 5);
  });

  it('a variant that defaults more than the holdout has a negative uplift', () => {
    // 5/50 holdout, 9/60 treated: d = 0.10 - 0.15 = -0.05, CI -0.174693..0.082929.
    const u = upliftVsHoldout(5, 50, 9, 60)!;
    expect(u.estimate).toBeCloseTo(-0.05, 10);
    expect(u.low).toBeCloseTo(-0.174693, 5);
    expect(u.high).toBeCloseTo(0.082929, 5);
  });

  it('is null when either group has no matured outcome', () => {
    expect(upliftVsHoldout(0, 0, 3, 40)).toBeNull();
    expect(upliftVsHoldout(3, 40, 0, 0)).toBeNull();
  });
});

describe('why a variant has no uplift', () => {
  it('names the first missing piece: sends, holdout, holdout outcomes, then the variant’s outcomes', () => {
    expect(upliftReasonOf({ sends: 0, matured: 0 }, { decisions: 0, matured: 0 })).toBe('noSends');
    expect(upliftReasonOf({ sends: 10, matured: 4 }, { decisions: 0, matured: 0 })).toBe('noHoldout');
    expect(upliftReasonOf({ sends: 10, matured: 4 }, { decisions: 7, matured: 0 })).toBe('holdoutNotMatured');
    expect(upliftReasonOf({ sends: 10, matured: 0 }, { decisions: 7, matured: 5 })).toBe('variantNotMatured');
    expect(upliftReasonOf({ sends: 10, matured: 4 }, { decisions: 7, matured: 5 })).toBeNull();
  });
});
