// Property tests of the decision policy: the band is monotone in yProba and each threshold belongs to the band
// above it exactly; scores outside [0, 1] are refused; the holdout draw is stable, in [0, 1), monotone in the
// share, and its group is near its share.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandOf, decide } from './decide';
import { holdoutDraw, isHoldout } from './holdout';
import { BANDS, DEFAULT_POLICY, PolicyError, type DecisionPolicy } from './policy';

const RANK = { LOW: 0, MODERATE: 1, CRITICAL: 2 } as const;

const policyArb: fc.Arbitrary<DecisionPolicy> = fc
  .tuple(
    fc.double({ min: Number.MIN_VALUE, max: 1, maxExcluded: true, noNaN: true }),
    fc.double({ min: Number.MIN_VALUE, max: 1, maxExcluded: true, noNaN: true }),
  )
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({
    ...DEFAULT_POLICY,
    thresholds: { moderate: Math.min(a, b), critical: Math.max(a, b) },
  }));
const score = fc.double({ min: 0, max: 1, noNaN: true });

describe('bands, property-based', () => {
  it('are monotone in yProba', () => {
    fc.assert(
      fc.property(policyArb, score, score, (p, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(RANK[bandOf(lo, p)]).toBeLessThanOrEqual(RANK[bandOf(hi, p)]);
      }),
      { numRuns: 500 },
    );
  });

  it('put each threshold in the band above it, and the next double below in the band below', () => {
    const below = (x: number) => {
      // The largest double < x (x > 0).
      const f = new Float64Array([x]);
      const i = new BigInt64Array(f.buffer);
      i[0]! -= 1n;
      return f[0]!;
    };
    fc.assert(
      fc.property(policyArb, (p) => {
        const { moderate, critical } = p.thresholds;
        expect(bandOf(critical, p)).toBe('CRITICAL');
        expect(bandOf(moderate, p)).toBe('MODERATE');
        expect(bandOf(below(moderate), p)).toBe('LOW');
        expect(bandOf(below(critical), p)).toBe(below(critical) >= moderate ? 'MODERATE' : 'LOW');
        expect(bandOf(0, p)).toBe('LOW');
        expect(bandOf(1, p)).toBe('CRITICAL');
      }),
      { numRuns: 500 },
    );
  });

  it('refuse a score outside [0, 1] (NaN, Infinity, negative, a string) with a PolicyError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double().filter((x) => !(x >= 0 && x <= 1)),
          fc.constantFrom(NaN, Infinity, -Infinity, -0.000001, 1.000001),
          fc.string().map((s) => s as unknown as number),
          fc.constant(null as unknown as number),
        ),
        (x) => {
          expect(() => bandOf(x, DEFAULT_POLICY)).toThrow(PolicyError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decide keeps the band and acts only outside the holdout', () => {
    const consents = fc.record({
      app: fc.boolean(),
      email: fc.boolean(),
      sms: fc.boolean(),
      whatsapp: fc.boolean(),
    });
    fc.assert(
      fc.property(policyArb, score, consents, fc.boolean(), fc.boolean(), (p, y, c, doNotCall, holdout) => {
        const d = decide(y, { consents: c, doNotCall }, p, holdout);
        expect(d.band).toBe(bandOf(y, p));
        expect(BANDS).toContain(d.band);
        if (holdout) expect(d).toMatchObject({ action: 'NONE', channel: 'NONE', reason: 'HOLDOUT' });
        if (d.band === 'LOW') expect(d.action).toBe('NONE');
        if (d.action === 'MANAGER_CALL') expect(doNotCall).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('holdout, property-based', () => {
  const key = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
  const salt = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);

  it('draws a stable number in [0, 1) per client and salt', () => {
    fc.assert(
      fc.property(key, salt, (k, s) => {
        const u = holdoutDraw(k, s);
        expect(u >= 0 && u < 1).toBe(true);
        expect(holdoutDraw(k, s)).toBe(u);
      }),
      { numRuns: 500 },
    );
  });

  it('only adds clients when the share grows, and respects the share exactly at the draw', () => {
    fc.assert(
      fc.property(
        key,
        salt,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (k, s, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          if (isHoldout(k, s, lo)) expect(isHoldout(k, s, hi)).toBe(true);
          const u = holdoutDraw(k, s);
          expect(isHoldout(k, s, u)).toBe(false); // u < share: a share equal to the draw leaves it out
          expect(isHoldout(k, s, 0)).toBe(false);
          expect(isHoldout(k, s, 1)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('puts about share x N clients in the group (within 4 standard deviations)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.5, noNaN: true }), salt, (share, s) => {
        const n = 4000;
        let k = 0;
        for (let i = 0; i < n; i++) if (isHoldout(`CLI-${i}`, s, share)) k++;
        const sd = Math.sqrt(n * share * (1 - share));
        expect(Math.abs(k - n * share)).toBeLessThan(4 * sd);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a share outside [0, 1] and an empty client key', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double().filter((x) => !(x >= 0 && x <= 1)),
          fc.constant(NaN),
        ),
        (share) => {
          expect(() => isHoldout('C1', 'v1', share)).toThrow(PolicyError);
        },
      ),
      { numRuns: 200 },
    );
    expect(() => holdoutDraw('', 'v1')).toThrow(PolicyError);
  });
});
