// Schemas of the decision policy workflow, shared by the Política page's forms, the server actions and the
// /api/v1/policies handlers: a proposal (rules + note), a version, a rejection. The rules themselves are
// checked by lib/policy/policy.ts's decisionPolicySchema, so a form and the API refuse exactly the same.
import { z } from 'zod';
import { DIGITAL_CHANNELS, decisionPolicySchema } from '@/lib/policy/policy';
import { parseLocaleNumber } from '@/lib/jobs/training-request';
import { text } from '@/lib/validations/common';

/** A version's rules without its number, which the workflow assigns. */
export const policyRulesSchema = decisionPolicySchema.omit({ version: true });
export type PolicyRules = z.infer<typeof policyRulesSchema>;

/** The note every proposal carries (why this change), and every rejection (why not). */
export const policyNote = text(2000).refine((s) => s.trim().length > 0, { error: 'required' });

/** What a data scientist proposes: the whole rule set, in the same shape the API answers with, and a note. */
export const policyProposalSchema = z.object({ rules: policyRulesSchema, note: policyNote }).strict();
export type PolicyProposal = z.infer<typeof policyProposalSchema>;

export const MAX_POLICY_VERSION = 2_147_483_647;

/** A version number from a form field, a route segment or JSON: a whole number 1..2^31-1. */
export const policyVersion = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d{1,10}\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: 'policy.invalidVersion' })
    .int({ error: 'policy.invalidVersion' })
    .min(1, { error: 'policy.invalidVersion' })
    .max(MAX_POLICY_VERSION, { error: 'policy.invalidVersion' }),
);

export const policyVersionInput = z.object({ version: policyVersion });

export const rejectPolicyInput = z.object({ version: policyVersion, note: policyNote });
/** The body of POST /api/v1/policies/{version}/reject. */
export const rejectPolicyBody = z.object({ note: policyNote }).strict();

/**
 * A number typed in the form: a pt-BR or English decimal ("0,20", "0.2") as the fraction itself, or a
 * percentage with its sign ("20%", "12,5%"). Anything else stays as typed, for the schema to refuse by field.
 */
export function parsePolicyNumber(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (s.endsWith('%')) {
    const n = parseLocaleNumber(s.slice(0, -1).trimEnd());
    return typeof n === 'number' ? n / 100 : v;
  }
  return parseLocaleNumber(s);
}

/** The form's fields: one per rule, MODERATE's channels as up to four ranked choices (empty = none). */
export const CHANNEL_CHOICES = ['channel1', 'channel2', 'channel3', 'channel4'] as const;

const channelChoice = z
  .enum(['', ...DIGITAL_CHANNELS], { error: 'policy.channelInvalid' })
  .optional()
  .transform((c) => c || undefined);

/**
 * The propose form (FormData of strings) to a proposal. Fields are only reshaped here; every rule is then
 * checked by the same schema as the API, so all the form's errors come back at once, each on its field.
 */
export const proposePolicyForm = z
  .object({
    moderateThreshold: z.unknown(),
    criticalThreshold: z.unknown(),
    holdoutShare: z.unknown(),
    holdoutSalt: z.unknown(),
    performanceWindowMonths: z.unknown(),
    channel1: channelChoice,
    channel2: channelChoice,
    channel3: channelChoice,
    channel4: channelChoice,
    note: z.unknown(),
  })
  .transform((f) => ({
    rules: {
      thresholds: {
        moderate: parsePolicyNumber(f.moderateThreshold),
        critical: parsePolicyNumber(f.criticalThreshold),
      },
      bands: {
        CRITICAL: { action: 'MANAGER_CALL', channel: 'PHONE' },
        MODERATE: {
          action: 'DIGITAL_OFFER',
          channelPreference: [f.channel1, f.channel2, f.channel3, f.channel4].filter((c) => c !== undefined),
        },
        LOW: { action: 'NONE', channel: 'NONE' },
      },
      holdoutShare: parsePolicyNumber(f.holdoutShare),
      holdoutSalt: typeof f.holdoutSalt === 'string' ? f.holdoutSalt.trim() : f.holdoutSalt,
      performanceWindowMonths: parseLocaleNumber(f.performanceWindowMonths),
    },
    note: f.note ?? '',
  }))
  .pipe(policyProposalSchema);

/** The form field a proposal issue belongs to (the proposal's nested path -> the form's flat name). */
export function proposalFieldOf(path: readonly PropertyKey[]): string {
  const p = path.map(String);
  if (p[0] === 'note') return 'note';
  if (p[0] === 'channel1' || p[0] === 'channel2' || p[0] === 'channel3' || p[0] === 'channel4') {
    return 'channelPreference';
  }
  const [, a, b] = p;
  if (a === 'thresholds') return b === 'critical' ? 'criticalThreshold' : 'moderateThreshold';
  if (a === 'bands') return 'channelPreference';
  return a ?? '_';
}

// --- Answers of /api/v1/policies (lib/policy/store.ts PolicyRecord, lib/policy/impact.ts PolicyImpact;
// lib/api/openapi.ts checks them against those types), for the OpenAPI description.

const isoDate = z.string().datetime();
const bandCounts = z.object({
  LOW: z.number().int(),
  MODERATE: z.number().int(),
  CRITICAL: z.number().int(),
});

export const policyPersonSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['user', 'apiKey', 'unknown']),
    name: z.string().nullable().describe("The user's or key's name; null when neither exists any more."),
  })
  .nullable()
  .describe('Who took the step; null for the system (the default v1 at installation) or a step not taken.');

export const policyRecordSchema = z
  .object({
    version: z.number().int(),
    status: z.enum(['PROPOSED', 'APPROVED', 'ACTIVE', 'RETIRED', 'REJECTED']),
    rules: decisionPolicySchema
      .nullable()
      .describe('The rules (null only for a row hand-edited into something the schema refuses).'),
    note: z.string().describe('Why the version was proposed.'),
    proposedAt: isoDate,
    proposedBy: policyPersonSchema,
    approvedAt: isoDate.nullable(),
    approvedBy: policyPersonSchema,
    activatedAt: isoDate.nullable(),
    activatedBy: policyPersonSchema,
    retiredAt: isoDate.nullable(),
    rejectedAt: isoDate.nullable(),
    rejectedBy: policyPersonSchema,
    rejectionNote: z.string().nullable(),
  })
  .meta({ id: 'DecisionPolicy', description: 'A policy version with its whole lifecycle.' });

export const policyResponseSchema = z.object({ policy: policyRecordSchema });
export const policyListResponseSchema = z.object({ policies: z.array(policyRecordSchema) });
export const activatePolicyResponseSchema = z.object({
  policy: policyRecordSchema,
  retired: z.number().int().nullable().describe('The version that was active before, if any (now RETIRED).'),
});

export const policyImpactResponseSchema = z.object({
  impact: z.object({
    version: z.number().int(),
    run: z
      .object({
        id: z.string().uuid(),
        asOfMonth: z.string(),
        policyVersion: z.number().int(),
        modelVersionId: z.string().uuid(),
        finishedAt: isoDate.nullable(),
      })
      .nullable()
      .describe('The last finished batch run compared against; null until one has finished.'),
    comparison: z
      .object({
        total: z.number().int(),
        current: bandCounts.describe("Clients per band under the run's policy."),
        proposed: bandCounts.describe('Clients per band under this version.'),
        transitions: z
          .object({ LOW: bandCounts, MODERATE: bandCounts, CRITICAL: bandCounts })
          .describe('transitions[from][to]: clients in band from now and in band to under this version.'),
      })
      .nullable(),
    holdout: z
      .object({
        current: z.number().int().describe("The run's control group, as decided."),
        proposed: z.number().int().describe("The control group this version's share and salt would draw."),
        proposedShare: z.number(),
      })
      .nullable(),
  }),
});
