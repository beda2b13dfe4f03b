// Monitoring: the JSON shapes of /api/v1/monitoring/* (the executive and monitoring pages poll exactly these),
// their query filters, and the inputs of the monitoring actions (triggers, firings, runs, retraining).
import { z } from 'zod';
import { text, uuid, yearMonth } from '@/lib/validations/common';

export const periodKindSchema = z.enum(['MONTH', 'WEEK', 'DAY', 'RUN']);
export const cohortSchema = z.enum(['all', 'treated', 'holdout']);

const modelHead = z.object({
  id: z.string().uuid(),
  name: z.string(),
  version: z.number().int(),
  cardAuc: z.number().nullable().describe('The model card’s out-of-time AUC.'),
  threshold: z
    .number()
    .describe('The active policy’s moderate threshold (recall/precision are taken at it).'),
});

// --- GET /api/v1/monitoring/performance
export const performanceQuery = z.object({
  periodKind: z.enum(['MONTH', 'DAY', 'RUN']).default('MONTH'),
  cohort: cohortSchema.default('all'),
  modelVersionId: uuid.optional(),
});

export const performanceItemSchema = z.object({
  periodKind: periodKindSchema,
  period: z.string().describe("'YYYY-MM' (MONTH), 'YYYY-MM-DD' (DAY)."),
  asOfMonth: z.string(),
  cohort: cohortSchema,
  n: z.number().int().describe('Decisions of the period and cohort.'),
  positives: z.number().int().nullable().describe('Defaults among the labelled decisions (matured periods).'),
  matured: z.boolean().describe('At least 95% of the decisions have their outcome.'),
  auc: z.number().nullable(),
  aucLow: z.number().nullable().describe('95% DeLong interval.'),
  aucHigh: z.number().nullable(),
  gini: z.number().nullable(),
  ks: z.number().nullable(),
  recall: z.number().nullable(),
  precision: z.number().nullable(),
  estAuc: z.number().nullable().describe('CBPE estimate (calibrated probabilities on maturing periods).'),
  estRecall: z.number().nullable(),
  estPrecision: z.number().nullable(),
  details: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      'labelled, calibrationMethod, estimated/confusion counts, calibration {bands, deciles}, uplift.',
    ),
});

export const performanceResponseSchema = z.object({
  model: modelHead.nullable(),
  items: z.array(performanceItemSchema),
  computedAt: z.string().nullable(),
});

// --- GET /api/v1/monitoring/drift
export const driftQuery = z.object({
  periodKind: z.enum(['WEEK', 'MONTH']).default('WEEK'),
  feature: z.string().trim().min(1).max(100).optional(),
  modelVersionId: uuid.optional(),
});

export const driftItemSchema = z.object({
  periodKind: periodKindSchema,
  period: z.string().describe("'YYYY-Www' (WEEK) or 'YYYY-MM' (MONTH)."),
  feature: z.string().describe("A feature name, or 'score'."),
  n: z.number().int(),
  psi: z.number().nullable(),
  verdict: z.enum(['stable', 'watch', 'act']).nullable().describe('Null below the minimum sample.'),
  referenceMean: z.number().nullable(),
  currentMean: z.number().nullable(),
  meanShift: z.number().nullable(),
  missingShare: z.number().nullable(),
  shares: z.array(z.number()),
  referenceShares: z.array(z.number()),
  cuts: z.array(z.number()),
});

export const driftResponseSchema = z.object({
  model: modelHead.nullable(),
  features: z.array(z.string()).describe('The champion’s top-5 features by importance.'),
  items: z.array(driftItemSchema),
  computedAt: z.string().nullable().describe('Addition: when the figures were last computed.'),
});

// --- GET /api/v1/monitoring/triggers
export const triggerSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  metric: z.string(),
  comparator: z.string(),
  threshold: z.number(),
  periodKind: periodKindSchema,
  cohort: z.string().nullable(),
  feature: z.string().nullable(),
  minSample: z.number().int(),
  cooldownDays: z.number().int(),
  action: z.enum(['RETRAIN', 'POLICY_REVIEW', 'NOTIFY', 'CHALLENGER_READY']),
  enabled: z.boolean(),
  windowMonths: z
    .number()
    .int()
    .nullable()
    .describe('Matured months a challenger comparison pools (challengerP triggers); null = 3.'),
  updatedAt: z.string(),
});

export const firingSchema = z.object({
  id: z.string(),
  triggerId: z.string().uuid(),
  name: z.string(),
  action: z.string(),
  metric: z.string(),
  period: z.string(),
  subject: z.string(),
  value: z.number(),
  threshold: z.number(),
  firedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackNote: z.string().nullable(),
  retrainingRequestId: z.string().uuid().nullable(),
  /** The retraining request's status (OPEN: it may be launched from the trigger log). */
  retrainingStatus: z.enum(['OPEN', 'TRAINING', 'CHALLENGER_READY', 'CLOSED']).nullable(),
});

export const triggersQuery = z.object({ open: z.enum(['true', 'false']).optional() });

export const triggersResponseSchema = z.object({
  triggers: z.array(triggerSchema),
  items: z.array(firingSchema),
});

// --- Runs
export const monitoringRunSchema = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']),
  modelVersionId: z.string().uuid().nullable(),
  progress: z.record(z.string(), z.unknown()).nullable(),
  message: z.string().nullable(),
  origin: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export const monitoringRunListSchema = z.object({ runs: z.array(monitoringRunSchema) });
export const startMonitoringRunSchema = z.object({
  kind: z.enum(['daily', 'weekly', 'monthly', 'manual']).default('manual'),
  modelVersionId: uuid.optional(),
});

// --- Actions
/** An empty form field (or null) is an absent one: the optional fields below then take their default. */
const blankAsUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const saveTriggerInput = z.object({
  id: z.preprocess(blankAsUndefined, uuid.optional()),
  name: text(80),
  metric: z.enum([
    'auc',
    'gini',
    'ks',
    'recall',
    'precision',
    'estAuc',
    'estRecall',
    'estPrecision',
    'psi',
    'challengerP',
  ]),
  comparator: z.enum(['<', '<=', '>', '>=']),
  threshold: z.coerce.number().min(-10).max(10),
  periodKind: periodKindSchema,
  cohort: z.preprocess(blankAsUndefined, cohortSchema.optional()),
  feature: z.string().trim().max(100).optional(),
  minSample: z.coerce.number().int().min(1).max(10_000_000).default(500),
  cooldownDays: z.coerce.number().int().min(0).max(365).default(7),
  action: z.enum(['RETRAIN', 'POLICY_REVIEW', 'NOTIFY', 'CHALLENGER_READY']),
  /** Matured months a challenger comparison pools (challengerP triggers); empty = the default 3 (stored null). */
  windowMonths: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(24).optional()),
  enabled: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()).default(true),
});

export const firingIdSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'invalidId') });
export const acknowledgeFiringInput = z.object({
  id: z.string().regex(/^\d{1,18}$/, 'invalidId'),
  note: text(500).optional(),
});

export const launchRetrainingInput = z.object({
  requestId: uuid,
  /** Recent matured months to train on (default: the latest 6 matured). */
  from: yearMonth.optional(),
  to: yearMonth.optional(),
});

// --- GET /api/v1/monitoring/compare
export const compareQuery = z.object({
  challenger: uuid.describe('The CANDIDATE or CHALLENGER model version to compare with the champion.'),
  months: z
    .string()
    .trim()
    .max(24 * 8)
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const list = v
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      for (const m of list) {
        if (!yearMonth.safeParse(m).success) {
          ctx.addIssue({ code: 'custom', message: 'invalidYearMonth' });
          return z.NEVER;
        }
      }
      return list;
    })
    .describe("Comma-separated matured as-of months 'YYYY-MM' (default: every matured month)."),
});

const aucCi = z.object({ auc: z.number(), low: z.number(), high: z.number() }).nullable();
const compareFigures = z.object({
  n: z.number().int().describe('Labelled batch decisions of the champion (the same rows for both models).'),
  positives: z.number().int(),
  champion: aucCi,
  challenger: aucCi,
  diff: z.number().nullable().describe('Challenger AUC - champion AUC.'),
  pValue: z.number().nullable().describe('Two-sided p-value of the paired DeLong test.'),
});

export const compareResponseSchema = z.object({
  champion: modelHead.nullable(),
  challenger: modelHead.extend({ status: z.string() }),
  maturedMonths: z.array(z.string()),
  months: z.array(compareFigures.extend({ month: z.string() })),
  pooled: compareFigures.extend({ months: z.array(z.string()) }),
  trigger: z
    .object({
      name: z.string(),
      threshold: z.number(),
      windowMonths: z.number().int(),
      minSample: z.number().int(),
      /** The pooled window's verdict: challenger AUC higher and p below the threshold. */
      beats: z.boolean(),
      window: compareFigures.extend({ months: z.array(z.string()) }),
    })
    .nullable()
    .describe('The CHALLENGER_READY trigger and its verdict on its own window of matured months.'),
  firings: z.array(z.object({ id: z.string(), period: z.string(), value: z.number(), firedAt: z.string() })),
});
