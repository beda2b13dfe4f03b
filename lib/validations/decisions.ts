// Input schemas of the decision API: real-time scoring (POST /api/v1/score), a client's decision history and
// the month's export. Shared by the handlers and the OpenAPI description. Messages are keys of the
// `validation` namespace.
import { z } from 'zod';
import { pageQuery, text, yearMonth } from '@/lib/validations/common';
import { ACTIONS, BANDS, CHANNELS } from '@/lib/policy/policy';

/**
 * A raw recent history, the shape POST /api/v1/features accepts: the as-of month and the client's statements
 * and bureau snapshots with the ingestion field names (each record is validated by the ingestion rules).
 */
export const rawHistorySchema = z.object({
  asOfMonth: yearMonth,
  clientExternalId: text(64).trim().min(1).optional(),
  statements: z.array(z.record(z.string(), z.unknown()), { error: 'score.statements' }).max(600),
  bureau: z.array(z.record(z.string(), z.unknown()), { error: 'score.bureau' }).max(600).default([]),
});
export type RawHistoryInput = z.infer<typeof rawHistorySchema>;

// The descriptions are the API's documentation (the OpenAPI description is generated from these schemas).
export const scoreRequestSchema = z
  .object({
    externalId: text(64)
      .trim()
      .min(1)
      .optional()
      .describe(
        'A stored client. Features from the feature store as of its latest snapshot month, or computed from ' +
          'its stored history as of its latest statement month when it has no snapshot.',
      ),
    history: rawHistorySchema
      .optional()
      .describe(
        'Instead of externalId: a raw recent history (the body POST /api/v1/features takes). Not stored ' +
          'unless store is true: the answer then has decisionId null.',
      ),
    store: z
      .boolean({ error: 'score.store' })
      .optional()
      .describe(
        'Whether the decision goes into the ledger (the REALTIME run of the day). Default true for ' +
          'externalId, false for a history; with a history, true stores the decision against the existing ' +
          'client named by history.clientExternalId (404 when there is none).',
      ),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.externalId === undefined) === (b.history === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'score.oneOf' });
    }
    if (b.history && b.store === true && b.history.clientExternalId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['history', 'clientExternalId'],
        message: 'score.storeNeedsClient',
      });
    }
  });
export type ScoreRequest = z.infer<typeof scoreRequestSchema>;

export const scoreQuerySchema = z
  .object({
    explain: z
      .enum(['full'], { error: 'score.explain' })
      .optional()
      .describe('full: add contributions (every feature, TreeSHAP log-odds) and baseValue to the answer.'),
  })
  .strict();

/** GET /api/v1/decisions?externalId=&page=&pageSize= */
export const DECISIONS_MAX_PAGE_SIZE = 200;
export const decisionHistoryQuerySchema = z
  .object({
    externalId: text(64).trim().min(1),
    page: pageQuery.optional(),
    pageSize: z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, 'invalidPage')
      .transform(Number)
      .pipe(z.number().int().min(1).max(DECISIONS_MAX_PAGE_SIZE))
      .optional(),
  })
  .strict();

/** GET /api/v1/decisions/export?asOfMonth=YYYY-MM */
export const decisionExportQuerySchema = z.object({ asOfMonth: yearMonth }).strict();

// --- Answers of /api/v1/score and /api/v1/decisions (the handlers type their JSON with these), for the
// OpenAPI description.

const BAND = z.enum(BANDS);
const ACTION = z.enum(ACTIONS);
const CHANNEL = z.enum(CHANNELS);

/** A reason code in business language (lib/decisions/reasons.ts DescribedReason). */
export const describedReasonSchema = z
  .object({
    feature: z.string().describe('The feature name (fs-v1).'),
    contribution: z.number().describe('TreeSHAP contribution to the log-odds (> 0: pushes the risk up).'),
    value: z.number().nullable().describe("The client's value of the feature (null when missing)."),
    label: z.string().describe("The feature's business name in the caller's language."),
    formattedValue: z.string().describe('The value in its unit, in the caller\'s language ("92,0%").'),
    text: z.string().describe('label and value as one sentence.'),
  })
  .meta({ id: 'ReasonCode', description: 'One of the top 3 features pushing the risk up.' });

export const scoreResponseSchema = z
  .object({
    decisionId: z.string().uuid().nullable().describe('The ledger decision; null when nothing was stored.'),
    replayed: z
      .boolean()
      .describe(
        'True when the ledger already held a decision for exactly these inputs (nothing new stored).',
      ),
    externalId: z.string().nullable(),
    asOfMonth: z.string(),
    featureSource: z
      .enum(['store', 'computed', 'request'])
      .describe('Features from the feature store, computed now from the stored history, or the request.'),
    yProba: z.number().min(0).max(1).describe('Probability of default in the performance window.'),
    band: BAND,
    action: ACTION,
    channel: CHANNEL,
    holdout: z.boolean().describe('In the control group: the action is not taken.'),
    reasonCodes: z.array(describedReasonSchema),
    modelVersion: z.string().describe('name vN of the champion that scored.'),
    modelVersionId: z.string().uuid(),
    policyVersion: z.number().int(),
    featureSetVersion: z.string(),
    contributions: z
      .record(z.string(), z.number())
      .optional()
      .describe('explain=full: every feature -> TreeSHAP log-odds contribution.'),
    baseValue: z
      .number()
      .optional()
      .describe('explain=full: the expected log-odds; baseValue + sum(contributions) = logit(yProba).'),
  })
  .meta({ id: 'ScoreDecision' });
export type ScoreResponse = z.infer<typeof scoreResponseSchema>;

export const decisionHistoryResponseSchema = z.object({
  externalId: z.string(),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pages: z.number().int(),
  decisions: z.array(
    z
      .object({
        decisionId: z.string().uuid(),
        runId: z.string().uuid(),
        runKind: z.enum(['BATCH', 'REALTIME']),
        asOfMonth: z.string(),
        decidedAt: z.string().datetime(),
        yProba: z.number(),
        band: BAND,
        action: ACTION,
        channel: CHANNEL,
        holdout: z.boolean(),
        reasonCodes: z.array(describedReasonSchema),
        modelVersion: z.string(),
        modelVersionId: z.string().uuid(),
        policyVersion: z.number().int(),
        featureSetVersion: z.string(),
      })
      .meta({ id: 'Decision' }),
  ),
});
export type DecisionHistoryResponse = z.infer<typeof decisionHistoryResponseSchema>;
