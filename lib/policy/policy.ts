// A decision policy version as data: thresholds, what each band does, the holdout (control group) and the
// performance window. Pure: the schema that admits a policy, the default v1 and the mapping to its table row.
import { z } from 'zod';
import { AppError, type ErrorParams } from '@/lib/errors';

export const BANDS = ['LOW', 'MODERATE', 'CRITICAL'] as const;
export type Band = (typeof BANDS)[number];

export const ACTIONS = ['NONE', 'MANAGER_CALL', 'DIGITAL_OFFER'] as const;
export type DecisionAction = (typeof ACTIONS)[number];

export const CHANNELS = ['NONE', 'PHONE', 'APP', 'EMAIL', 'SMS', 'WHATSAPP'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channels a MODERATE offer can go through, each gated by the client's consent. */
export const DIGITAL_CHANNELS = ['APP', 'WHATSAPP', 'SMS', 'EMAIL'] as const;
export type DigitalChannel = (typeof DIGITAL_CHANNELS)[number];

/** Errors of the policy domain; the code is a key under `errors.` (errors.policy.invalidScore). */
export type PolicyErrorCode =
  'policy.invalidScore' | 'policy.invalidHoldoutShare' | 'policy.invalidClientKey';

export class PolicyError extends AppError {
  override name = 'PolicyError';
  constructor(
    override readonly code: PolicyErrorCode,
    params: ErrorParams = {},
  ) {
    super(code, params, 422);
  }
}

// Messages are keys of the `validation` namespace (validation.policy.*), translated by fieldErrorsOf.
const threshold = z
  .number({ error: 'policy.thresholdRange' })
  .gt(0, { error: 'policy.thresholdRange' })
  .lt(1, { error: 'policy.thresholdRange' });

const literal = <T extends string>(value: T) => z.literal(value, { error: 'policy.bandAction' });

const isThreshold = (x: unknown) => typeof x === 'number' && x > 0 && x < 1;

export const decisionPolicySchema = z
  .object({
    version: z
      .number({ error: 'policy.version' })
      .int({ error: 'policy.version' })
      .min(1, { error: 'policy.version' })
      .max(2_147_483_647, { error: 'policy.version' }),
    thresholds: z
      .object({ moderate: threshold, critical: threshold })
      .strict()
      // Only once both are valid thresholds: a bad one gets its own range message, not a second one.
      .refine((t) => !(isThreshold(t.moderate) && isThreshold(t.critical)) || t.moderate < t.critical, {
        error: 'policy.thresholdOrder',
        path: ['critical'],
      }),
    bands: z
      .object({
        // What CRITICAL and LOW do is the product (DESIGN.md), not a setting: only MODERATE's channels vary.
        CRITICAL: z
          .object(
            { action: literal('MANAGER_CALL'), channel: literal('PHONE') },
            { error: 'policy.bandAction' },
          )
          .strict(),
        MODERATE: z
          .object({
            action: literal('DIGITAL_OFFER'),
            channelPreference: z
              .array(z.enum(DIGITAL_CHANNELS, { error: 'policy.channelInvalid' }), {
                error: 'policy.channelsRequired',
              })
              .min(1, { error: 'policy.channelsRequired' })
              .refine((cs) => new Set(cs).size === cs.length, { error: 'policy.channelDuplicate' }),
          })
          .strict(),
        LOW: z
          .object({ action: literal('NONE'), channel: literal('NONE') }, { error: 'policy.bandAction' })
          .strict(),
      })
      .strict(),
    holdoutShare: z
      .number({ error: 'policy.holdoutShareRange' })
      .min(0, { error: 'policy.holdoutShareRange' })
      .max(0.5, { error: 'policy.holdoutShareRange' }),
    holdoutSalt: z
      .string({ error: 'policy.holdoutSalt' })
      .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'policy.holdoutSalt' }),
    performanceWindowMonths: z
      .number({ error: 'policy.windowRange' })
      .int({ error: 'policy.windowRange' })
      .min(1, { error: 'policy.windowRange' })
      .max(12, { error: 'policy.windowRange' }),
  })
  .strict();

export type DecisionPolicy = z.infer<typeof decisionPolicySchema>;

/** Validates a policy; throws the ZodError (its issues carry the field paths and message keys). */
export function parsePolicy(input: unknown): DecisionPolicy {
  return decisionPolicySchema.parse(input);
}

/** Version 1: the thresholds of the validated model (DESIGN.md), a 5% control group, a 3-month window. */
export const DEFAULT_POLICY: DecisionPolicy = Object.freeze({
  version: 1,
  thresholds: Object.freeze({ moderate: 0.2, critical: 0.5 }),
  bands: Object.freeze({
    CRITICAL: Object.freeze({ action: 'MANAGER_CALL', channel: 'PHONE' } as const),
    MODERATE: Object.freeze({
      action: 'DIGITAL_OFFER' as const,
      channelPreference: Object.freeze(['APP', 'WHATSAPP', 'SMS', 'EMAIL']) as DigitalChannel[],
    }),
    LOW: Object.freeze({ action: 'NONE', channel: 'NONE' } as const),
  }),
  holdoutShare: 0.05,
  holdoutSalt: 'v1',
  performanceWindowMonths: 3,
});

/** The DecisionPolicy table's policy columns (prisma/schema.prisma), without the approval workflow fields. */
export interface DecisionPolicyColumns {
  version: number;
  moderateThreshold: number;
  criticalThreshold: number;
  holdoutShare: number;
  holdoutSalt: string;
  performanceWindowMonths: number;
  channelPreference: readonly string[];
}

export function policyToRow(policy: DecisionPolicy): DecisionPolicyColumns {
  return {
    version: policy.version,
    moderateThreshold: policy.thresholds.moderate,
    criticalThreshold: policy.thresholds.critical,
    holdoutShare: policy.holdoutShare,
    holdoutSalt: policy.holdoutSalt,
    performanceWindowMonths: policy.performanceWindowMonths,
    channelPreference: [...policy.bands.MODERATE.channelPreference],
  };
}

/** A stored row as a validated policy: a row that the schema would refuse (edited by hand) throws. */
export function policyFromRow(row: DecisionPolicyColumns): DecisionPolicy {
  return parsePolicy({
    version: row.version,
    thresholds: { moderate: row.moderateThreshold, critical: row.criticalThreshold },
    bands: {
      CRITICAL: DEFAULT_POLICY.bands.CRITICAL,
      MODERATE: { action: 'DIGITAL_OFFER', channelPreference: [...row.channelPreference] },
      LOW: DEFAULT_POLICY.bands.LOW,
    },
    holdoutShare: row.holdoutShare,
    holdoutSalt: row.holdoutSalt,
    performanceWindowMonths: row.performanceWindowMonths,
  });
}
