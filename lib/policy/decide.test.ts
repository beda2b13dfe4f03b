import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandOf, compareBands, decide, preferredChannel, type ClientContact } from '@/lib/policy/decide';
import {
  BANDS,
  DEFAULT_POLICY,
  DIGITAL_CHANNELS,
  parsePolicy,
  PolicyError,
  type DecisionPolicy,
} from '@/lib/policy/policy';

const none = { app: false, email: false, sms: false, whatsapp: false };
const client = (consents: Partial<typeof none> = {}, doNotCall?: boolean): ClientContact => ({
  consents: { ...none, ...consents },
  ...(doNotCall === undefined ? {} : { doNotCall }),
});

function policyWith(
  moderate: number,
  critical: number,
  channelPreference = ['APP', 'WHATSAPP', 'SMS', 'EMAIL'],
) {
  return parsePolicy({
    ...DEFAULT_POLICY,
    version: 2,
    thresholds: { moderate, critical },
    bands: { ...DEFAULT_POLICY.bands, MODERATE: { action: 'DIGITAL_OFFER', channelPreference } },
  });
}

/** Any policy the schema admits. */
const arbPolicy: fc.Arbitrary<DecisionPolicy> = fc
  .record({
    a: fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
    b: fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
    channels: fc.shuffledSubarray([...DIGITAL_CHANNELS], { minLength: 1 }),
    share: fc.double({ min: 0, max: 0.5, noNaN: true }),
  })
  .filter(({ a, b }) => a !== b)
  .map(({ a, b, channels, share }) =>
    parsePolicy({
      ...DEFAULT_POLICY,
      thresholds: { moderate: Math.min(a, b), critical: Math.max(a, b) },
      bands: { ...DEFAULT_POLICY.bands, MODERATE: { action: 'DIGITAL_OFFER', channelPreference: channels } },
      holdoutShare: share,
    }),
  );

const arbClient: fc.Arbitrary<ClientContact> = fc.record(
  {
    consents: fc.record({
      app: fc.boolean(),
      email: fc.boolean(),
      sms: fc.boolean(),
      whatsapp: fc.boolean(),
    }),
    doNotCall: fc.boolean(),
  },
  { requiredKeys: ['consents'] },
);

const score = fc.double({ min: 0, max: 1, noNaN: true });

describe('bandOf', () => {
  it('puts the thresholds themselves in the higher band (>= 0.20 MODERATE, >= 0.50 CRITICAL)', () => {
    expect(bandOf(0.2, DEFAULT_POLICY)).toBe('MODERATE');
    expect(bandOf(0.5, DEFAULT_POLICY)).toBe('CRITICAL');
    expect(bandOf(0.19999999999999998, DEFAULT_POLICY)).toBe('LOW');
    expect(bandOf(0.49999999999999994, DEFAULT_POLICY)).toBe('MODERATE');
    expect(bandOf(0, DEFAULT_POLICY)).toBe('LOW');
    expect(bandOf(1, DEFAULT_POLICY)).toBe('CRITICAL');
  });

  it.each([
    NaN,
    -0.01,
    1.0000001,
    Infinity,
    -Infinity,
    '0.3' as unknown as number,
    undefined as unknown as number,
  ])('refuses the score %s with a typed error', (bad) => {
    try {
      bandOf(bad, DEFAULT_POLICY);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).code).toBe('policy.invalidScore');
      expect((e as PolicyError).status).toBe(422);
      expect((e as PolicyError).params.value).toBe(String(bad));
    }
  });

  it('never lowers the band when the score rises (property)', () => {
    fc.assert(
      fc.property(arbPolicy, score, score, (policy, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(BANDS.indexOf(bandOf(lo, policy))).toBeLessThanOrEqual(BANDS.indexOf(bandOf(hi, policy)));
      }),
    );
  });

  it('never lowers the band when a threshold is lowered (property)', () => {
    fc.assert(
      fc.property(arbPolicy, score, fc.double({ min: 0, max: 1, noNaN: true }), (policy, x, f) => {
        const lower = {
          ...policy,
          thresholds: { ...policy.thresholds, moderate: policy.thresholds.moderate * f },
        };
        expect(BANDS.indexOf(bandOf(x, lower))).toBeGreaterThanOrEqual(BANDS.indexOf(bandOf(x, policy)));
      }),
    );
  });
});

describe('decide', () => {
  it('sends CRITICAL to a portfolio manager by phone', () => {
    expect(decide(0.8, client(), DEFAULT_POLICY, false)).toEqual({
      band: 'CRITICAL',
      action: 'MANAGER_CALL',
      channel: 'PHONE',
      reason: null,
    });
  });

  it('sends MODERATE a digital offer on the first consented channel of the preference list', () => {
    expect(decide(0.3, client({ sms: true, email: true }), DEFAULT_POLICY, false)).toEqual({
      band: 'MODERATE',
      action: 'DIGITAL_OFFER',
      channel: 'SMS',
      reason: null,
    });
    expect(decide(0.3, client({ app: true, whatsapp: true }), DEFAULT_POLICY, false).channel).toBe('APP');
    const emailFirst = policyWith(0.2, 0.5, ['EMAIL', 'APP']);
    expect(decide(0.3, client({ app: true, email: true }), emailFirst, false).channel).toBe('EMAIL');
    // A consent to a channel the policy does not list does not count.
    expect(decide(0.3, client({ sms: true }), emailFirst, false)).toMatchObject({
      action: 'NONE',
      reason: 'NO_CONSENT',
    });
  });

  it('takes no action for MODERATE without any consent, saying why', () => {
    expect(decide(0.3, client(), DEFAULT_POLICY, false)).toEqual({
      band: 'MODERATE',
      action: 'NONE',
      channel: 'NONE',
      reason: 'NO_CONSENT',
    });
  });

  it('takes no action for LOW', () => {
    expect(decide(0.05, client({ app: true }), DEFAULT_POLICY, false)).toEqual({
      band: 'LOW',
      action: 'NONE',
      channel: 'NONE',
      reason: null,
    });
  });

  it('keeps the band of a holdout client but takes no action', () => {
    for (const [p, band] of [
      [0.9, 'CRITICAL'],
      [0.3, 'MODERATE'],
      [0.1, 'LOW'],
    ] as const) {
      expect(decide(p, client({ app: true }), DEFAULT_POLICY, true)).toEqual({
        band,
        action: 'NONE',
        channel: 'NONE',
        reason: 'HOLDOUT',
      });
    }
  });

  it('offers a CRITICAL client on the do-not-call list the digital offer instead of a call', () => {
    expect(decide(0.7, client({ whatsapp: true }, true), DEFAULT_POLICY, false)).toEqual({
      band: 'CRITICAL',
      action: 'DIGITAL_OFFER',
      channel: 'WHATSAPP',
      reason: 'DO_NOT_CALL',
    });
    expect(decide(0.7, client({}, true), DEFAULT_POLICY, false)).toEqual({
      band: 'CRITICAL',
      action: 'NONE',
      channel: 'NONE',
      reason: 'NO_CONSENT',
    });
    expect(decide(0.7, client({}, false), DEFAULT_POLICY, false).action).toBe('MANAGER_CALL');
  });

  it('never throws on a valid score, client and policy, and never contacts without consent (property)', () => {
    fc.assert(
      fc.property(score, arbClient, arbPolicy, fc.boolean(), (p, c, policy, holdout) => {
        const d = decide(p, c, policy, holdout);
        expect(d.band).toBe(bandOf(p, policy));
        if (holdout) expect(d.action).toBe('NONE');
        if (d.action === 'DIGITAL_OFFER') {
          expect(d.channel).toBe(preferredChannel(c, policy));
          expect(d.channel).not.toBeNull();
        }
        if (d.action === 'MANAGER_CALL') expect(c.doNotCall).not.toBe(true);
        expect(d.action === 'NONE').toBe(d.channel === 'NONE');
      }),
    );
  });

  it('refuses an invalid score like bandOf', () => {
    expect(() => decide(NaN, client(), DEFAULT_POLICY, true)).toThrow(PolicyError);
  });
});

describe('compareBands', () => {
  it('counts bands now and under the proposal, with the transitions between them', () => {
    const scores = Float64Array.from([0.05, 0.15, 0.19, 0.2, 0.3, 0.45, 0.5, 0.9]);
    const proposed = policyWith(0.15, 0.45);
    const c = compareBands(scores, DEFAULT_POLICY, proposed);
    expect(c.total).toBe(8);
    expect(c.current).toEqual({ LOW: 3, MODERATE: 3, CRITICAL: 2 });
    expect(c.proposed).toEqual({ LOW: 1, MODERATE: 4, CRITICAL: 3 });
    expect(c.transitions).toEqual({
      LOW: { LOW: 1, MODERATE: 2, CRITICAL: 0 },
      MODERATE: { LOW: 0, MODERATE: 2, CRITICAL: 1 },
      CRITICAL: { LOW: 0, MODERATE: 0, CRITICAL: 2 },
    });
  });

  it('agrees with bandOf for every score, and the matrix sums to the counts (property)', () => {
    fc.assert(
      fc.property(fc.array(score, { maxLength: 200 }), arbPolicy, arbPolicy, (list, a, b) => {
        const c = compareBands(Float64Array.from(list), a, b);
        for (const from of BANDS) {
          expect(c.current[from]).toBe(list.filter((p) => bandOf(p, a) === from).length);
          expect(c.proposed[from]).toBe(list.filter((p) => bandOf(p, b) === from).length);
          for (const to of BANDS) {
            expect(c.transitions[from][to]).toBe(
              list.filter((p) => bandOf(p, a) === from && bandOf(p, b) === to).length,
            );
          }
        }
      }),
    );
  });

  it('names the position of an invalid score', () => {
    try {
      compareBands([0.1, 0.2, NaN], DEFAULT_POLICY, DEFAULT_POLICY);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).params).toEqual({ value: 'NaN', index: 2 });
    }
  });

  it('handles no scores at all', () => {
    const c = compareBands(new Float64Array(0), DEFAULT_POLICY, DEFAULT_POLICY);
    expect(c.current).toEqual({ LOW: 0, MODERATE: 0, CRITICAL: 0 });
    expect(c.total).toBe(0);
  });
});
