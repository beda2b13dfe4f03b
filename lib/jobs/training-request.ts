// What a training job asks for (stored as TrainingJob.params): as-of windows and hyper-parameters, validated with
// zod for the server action, the API and the worker alike, and mapped to the trainer's parameters.

import { z } from 'zod';
import type { GbdtParams } from '@/lib/ml/train/params';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM');

const windowSchema = z
  .object({ from: month, to: month })
  .refine((w) => w.from <= w.to, { message: 'The first month must not be after the last', path: ['to'] });

export const trainingHyperParamsSchema = z.object({
  num_leaves: z.coerce.number().int().min(2).max(1024).default(15),
  learning_rate: z.coerce.number().gt(0).max(1).default(0.05),
  num_iterations: z.coerce.number().int().min(1).max(5000).default(300),
  min_data_in_leaf: z.coerce.number().int().min(1).max(1_000_000).default(100),
  feature_fraction: z.coerce.number().gt(0).max(1).default(1),
  /** Share of rows drawn for each tree (LightGBM bagging_fraction with bagging_freq 1); 1 = no bagging. */
  bagging: z.coerce.number().gt(0).max(1).default(1),
  /** Rounds without validation improvement before stopping; 0 disables (needs a validation window). */
  early_stopping_round: z.coerce.number().int().min(0).max(1000).default(30),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
});

export const trainingRequestSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,80}$/, 'Letters, digits, dot, dash and underscore (at most 80)')
      .default('proativa-lgbm'),
    trainWindow: windowSchema,
    validWindow: windowSchema.optional(),
    ootWindow: windowSchema.optional(),
    params: trainingHyperParamsSchema.default(trainingHyperParamsSchema.parse({})),
  })
  .superRefine((r, ctx) => {
    if (r.validWindow && r.validWindow.from <= r.trainWindow.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['validWindow', 'from'],
        message: 'The validation window must start after the training window',
      });
    }
    const after = r.validWindow?.to ?? r.trainWindow.to;
    if (r.ootWindow && r.ootWindow.from <= after) {
      ctx.addIssue({
        code: 'custom',
        path: ['ootWindow', 'from'],
        message: 'The out-of-time window must start after the training and validation windows',
      });
    }
  });

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
export function requestFromForm(form: Record<string, unknown>): unknown {
  const s = (k: string) => {
    const v = form[k];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const win = (a: string, b: string) => (s(a) || s(b) ? { from: s(a) ?? '', to: s(b) ?? '' } : undefined);
  const params: Record<string, string> = {};
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
