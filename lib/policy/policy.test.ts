import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  DEFAULT_POLICY,
  decisionPolicySchema,
  parsePolicy,
  policyFromRow,
  policyToRow,
  type DecisionPolicy,
} from '@/lib/policy/policy';
import { fieldErrorsOf } from '@/lib/validations/issues';

/** A policy as untyped input, so tests can put anything anywhere. */
interface Draft {
  [key: string]: unknown;
  thresholds: { moderate: unknown; critical: unknown };
  bands: { CRITICAL: unknown; MODERATE: { action: unknown; channelPreference: unknown }; LOW: unknown };
}

/** The default policy with some fields replaced. */
function variant(change: (p: Draft) => void): unknown {
  const p = structuredClone(DEFAULT_POLICY) as unknown as Draft;
  change(p);
  return p;
}

function issuesOf(input: unknown) {
  const r = decisionPolicySchema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('decision policy schema', () => {
  it('accepts the default policy v1 with the validated thresholds, 5% holdout and 3-month window', () => {
    const p = parsePolicy(DEFAULT_POLICY);
    expect(p).toEqual(DEFAULT_POLICY);
    expect(p.thresholds).toEqual({ moderate: 0.2, critical: 0.5 });
    expect(p.bands.CRITICAL).toEqual({ action: 'MANAGER_CALL', channel: 'PHONE' });
    expect(p.bands.MODERATE.channelPreference).toEqual(['APP', 'WHATSAPP', 'SMS', 'EMAIL']);
    expect(p.holdoutShare).toBe(0.05);
    expect(p.performanceWindowMonths).toBe(3);
    expect(Object.isFrozen(DEFAULT_POLICY.thresholds)).toBe(true);
  });

  it.each([
    [
      'a threshold of 0',
      (p: Draft) => (p.thresholds.moderate = 0),
      'thresholds.moderate',
      'policy.thresholdRange',
    ],
    [
      'a threshold of 1',
      (p: Draft) => (p.thresholds.critical = 1),
      'thresholds.critical',
      'policy.thresholdRange',
    ],
    [
      'a NaN threshold',
      (p: Draft) => (p.thresholds.critical = NaN),
      'thresholds.critical',
      'policy.thresholdRange',
    ],
    [
      'a threshold given as text',
      (p: Draft) => (p.thresholds.moderate = '0.2'),
      'thresholds.moderate',
      'policy.thresholdRange',
    ],
    [
      'moderate above critical',
      (p: Draft) => (p.thresholds = { moderate: 0.6, critical: 0.5 }),
      'thresholds.critical',
      'policy.thresholdOrder',
    ],
    [
      'equal thresholds',
      (p: Draft) => (p.thresholds = { moderate: 0.3, critical: 0.3 }),
      'thresholds.critical',
      'policy.thresholdOrder',
    ],
    [
      'a holdout over half',
      (p: Draft) => (p.holdoutShare = 0.51),
      'holdoutShare',
      'policy.holdoutShareRange',
    ],
    [
      'a negative holdout',
      (p: Draft) => (p.holdoutShare = -0.01),
      'holdoutShare',
      'policy.holdoutShareRange',
    ],
    [
      'a window of 0 months',
      (p: Draft) => (p.performanceWindowMonths = 0),
      'performanceWindowMonths',
      'policy.windowRange',
    ],
    [
      'a window of 13 months',
      (p: Draft) => (p.performanceWindowMonths = 13),
      'performanceWindowMonths',
      'policy.windowRange',
    ],
    [
      'a fractional window',
      (p: Draft) => (p.performanceWindowMonths = 2.5),
      'performanceWindowMonths',
      'policy.windowRange',
    ],
    ['version 0', (p: Draft) => (p.version = 0), 'version', 'policy.version'],
    ['an empty salt', (p: Draft) => (p.holdoutSalt = ''), 'holdoutSalt', 'policy.holdoutSalt'],
    ['a salt with spaces', (p: Draft) => (p.holdoutSalt = 'v 2'), 'holdoutSalt', 'policy.holdoutSalt'],
    [
      'phone as a digital channel',
      (p: Draft) => (p.bands.MODERATE.channelPreference = ['APP', 'PHONE']),
      'bands.MODERATE.channelPreference.1',
      'policy.channelInvalid',
    ],
    [
      'an unknown channel',
      (p: Draft) => (p.bands.MODERATE.channelPreference = ['TELEGRAM']),
      'bands.MODERATE.channelPreference.0',
      'policy.channelInvalid',
    ],
    [
      'no digital channel',
      (p: Draft) => (p.bands.MODERATE.channelPreference = []),
      'bands.MODERATE.channelPreference',
      'policy.channelsRequired',
    ],
    [
      'a repeated channel',
      (p: Draft) => (p.bands.MODERATE.channelPreference = ['SMS', 'APP', 'SMS']),
      'bands.MODERATE.channelPreference',
      'policy.channelDuplicate',
    ],
    [
      'CRITICAL sent a digital offer',
      (p: Draft) => (p.bands.CRITICAL = { action: 'DIGITAL_OFFER', channel: 'PHONE' }),
      'bands.CRITICAL.action',
      'policy.bandAction',
    ],
    [
      'LOW given a channel',
      (p: Draft) => (p.bands.LOW = { action: 'NONE', channel: 'SMS' }),
      'bands.LOW.channel',
      'policy.bandAction',
    ],
  ])('refuses %s, naming the field', (_label, change, path, message) => {
    expect(issuesOf(variant(change))).toContainEqual({ path, message });
  });

  it('refuses unknown fields instead of silently dropping them', () => {
    const r = decisionPolicySchema.safeParse(variant((p) => (p.holdoutPercent = 5)));
    expect(r.error!.issues).toContainEqual(
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['holdoutPercent'] }),
    );
  });

  it('throws a ZodError whose issues the edge translates per field', () => {
    const bad = variant((p) => (p.thresholds.moderate = 2));
    expect(() => parsePolicy(bad)).toThrow(ZodError);
    const r = decisionPolicySchema.safeParse(bad);
    const fields = fieldErrorsOf(r.error!, 'en');
    expect(Object.keys(fields)).toEqual(['thresholds.moderate']);
    expect(fields['thresholds.moderate']![0]).toEqual(expect.any(String));
  });
});

describe('policy rows', () => {
  it('round-trips through the DecisionPolicy columns', () => {
    const p: DecisionPolicy = parsePolicy(
      variant((q) => {
        q.version = 4;
        q.thresholds = { moderate: 0.18, critical: 0.45 };
        q.bands.MODERATE.channelPreference = ['WHATSAPP', 'EMAIL'];
        q.holdoutShare = 0.1;
      }),
    );
    const row = policyToRow(p);
    expect(row).toEqual({
      version: 4,
      moderateThreshold: 0.18,
      criticalThreshold: 0.45,
      holdoutShare: 0.1,
      holdoutSalt: 'v1',
      performanceWindowMonths: 3,
      channelPreference: ['WHATSAPP', 'EMAIL'],
    });
    expect(policyFromRow(row)).toEqual(p);
  });

  it('refuses a stored row the schema would not admit (edited by hand)', () => {
    const row = { ...policyToRow(DEFAULT_POLICY), criticalThreshold: 0.1 };
    expect(() => policyFromRow(row)).toThrow(ZodError);
  });
});
