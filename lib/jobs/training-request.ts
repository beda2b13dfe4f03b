// What a training job asks for (stored as TrainingJob.params): as-of windows and hyper-parameters, validated with
// zod for the server action, the API and the worker alike, and mapped to the trainer's parameters.

import { z } from 'zod';
import type { GbdtParams } from '@/lib/ml/train/params';
import { YEAR_MONTH_RE, yearMonth } from '@/lib/validations/common';
import { DEFAULT_MODEL_NAME, modelNameSchema } from '@/lib/validations/models';

const windowSchema = z
  .object({ from: yearMonth, to: yearMonth })
  .refine((w) => w.from <= w.to, { error: 'training.windowOrder', path: ['to'] });

/**
 * A number typed in a form in either locale: "0,05" (pt-BR) and "0.05" are the same value. Only one
 * separator and no grouping, so "1.000" is never silently read as a thousand or as one.
 */
const NUMBER_TEXT_RE = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;
export function parseLocaleNumber(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  return NUMBER_TEXT_RE.test(s) ? Number(s.replace(',', '.')) : v;
}

// The type error gets its own key; range errors fall through to the generic min/max messages with limits.
const notANumber = (iss: { code: string; expected?: string }) =>
  iss.code === 'invalid_type' ? (iss.expected === 'int' ? 'wholeNumber' : 'invalidNumber') : undefined;
const decimal = (max: number) =>
  z.preprocess(parseLocaleNumber, z.number({ error: notANumber }).gt(0, { error: 'positive' }).max(max));
const integer = (min: number, max: number) =>
  z.preprocess(parseLocaleNumber, z.number({ error: notANumber }).int().min(min).max(max));

export const trainingHyperParamsSchema = z.object({
  num_leaves: integer(2, 1024).default(15),
  learning_rate: decimal(1).default(0.05),
  num_iterations: integer(1, 5000).default(300),
  min_data_in_leaf: integer(1, 1_000_000).default(100),
  feature_fraction: decimal(1).default(1),
  /** Share of rows drawn for each tree (LightGBM bagging_fraction with bagging_freq 1); 1 = no bagging. */
  bagging: decimal(1).default(1),
  /** Rounds without validation improvement before stopping; 0 disables (needs a validation window). */
  early_stopping_round: integer(0, 1000).default(30),
  seed: integer(0, 2 ** 32 - 1).default(1),
});

/** The hyper-parameters a request gets when it names none (what the training form starts with). */
export const DEFAULT_HYPER_PARAMS = trainingHyperParamsSchema.parse({});

export const trainingRequestSchema = z
  .object({
    name: modelNameSchema.default(DEFAULT_MODEL_NAME),
    trainWindow: windowSchema,
    validWindow: windowSchema.optional(),
    ootWindow: windowSchema.optional(),
    params: trainingHyperParamsSchema.default(DEFAULT_HYPER_PARAMS),
  })
  .superRefine(
    (r, ctx) => {
      if (r.validWindow && r.validWindow.from <= r.trainWindow.to) {
        ctx.addIssue({ code: 'custom', path: ['validWindow', 'from'], message: 'training.validAfterTrain' });
      }
      const after = r.validWindow?.to ?? r.trainWindow.to;
      if (r.ootWindow && r.ootWindow.from <= after) {
        ctx.addIssue({ code: 'custom', path: ['ootWindow', 'from'], message: 'training.ootAfterValid' });
      }
    },
    // Zod skips this when any field failed; the form should still show a window error next to a bad number,
    // so it runs whenever the windows themselves are usable months.
    { when: ({ value }) => windowsAreMonths(value) },
  );

function windowsAreMonths(value: unknown): boolean {
  const r = value as Record<string, { from?: unknown; to?: unknown } | undefined> | null;
  const ok = (w: { from?: unknown; to?: unknown } | undefined) =>
    w === undefined || [w.from, w.to].every((m) => typeof m === 'string' && YEAR_MONTH_RE.test(m));
  return !!r && !!r.trainWindow && ok(r.trainWindow) && ok(r.validWindow) && ok(r.ootWindow);
}

export type TrainingRequest = z.infer<typeof trainingRequestSchema>;

/** The trainer parameters of a request; early stopping only applies with a validation window. */
export function gbdtParamsOf(r: TrainingRequest): Partial<GbdtParams> {
  const p = r.params;
  return {
    numLeaves: p.num_leaves,
    learningRate: p.learning_rate,
    numIterations: p.num_iterations,
    minDataInLeaf: p.min_data_in_leaf,
    featureFraction: p.feature_fraction,
    baggingFraction: p.bagging,
    baggingFreq: p.bagging < 1 ? 1 : 0,
    earlyStoppingRounds: r.validWindow ? p.early_stopping_round : 0,
    seed: p.seed,
  };
}

/** The flat form fields of the training panel (trainFrom, trainTo, validFrom, …, num_leaves, …) as a request. */
export function requestFromForm(input: unknown): unknown {
  if (!input || typeof input !== 'object') return input;
  const form = input as Record<string, unknown>;
  // An empty input means "not given" (the default applies); anything else goes to the schema as typed.
  const s = (k: string) => {
    const v = form[k];
    if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
    return v === null || v === undefined ? undefined : v;
  };
  const win = (a: string, b: string) => (s(a) || s(b) ? { from: s(a) ?? '', to: s(b) ?? '' } : undefined);
  const params: Record<string, unknown> = {};
  for (const k of Object.keys(trainingHyperParamsSchema.shape)) {
    const v = s(k);
    if (v !== undefined) params[k] = v;
  }
  return {
    ...(s('name') ? { name: s('name') } : {}),
    trainWindow: win('trainFrom', 'trainTo') ?? { from: '', to: '' },
    validWindow: win('validFrom', 'validTo'),
    ootWindow: win('ootFrom', 'ootTo'),
    params,
  };
}

/** Zod issue paths of a request mapped back to the form's field names, for errors next to each field. */
export function formFieldOf(issuePath: readonly PropertyKey[]): string {
  const [a, b] = issuePath.map(String);
  if (a === 'params' && b) return b;
  const prefix = { trainWindow: 'train', validWindow: 'valid', ootWindow: 'oot' }[a ?? ''];
  if (prefix) return `${prefix}${b === 'from' ? 'From' : 'To'}`;
  return a ?? 'form';
}
