// Schemas of the JSON stored on ModelVersion (the model card and the parity check), parsed where they are read
// (lib/models/registry/read.ts) so a malformed row is found and logged instead of flowing through the app as a
// cast. Unknown keys are kept: cards written by a newer trainer must survive a round trip through an older reader.
import { z } from 'zod';
import type { ModelCard, SplitMetrics } from '@/lib/models/card';

const window = z.object({ from: z.string(), to: z.string() });

const splitMetrics = z.looseObject({
  rows: z.number(),
  positives: z.number(),
  auc: z.number(),
  gini: z.number(),
  ks: z.number(),
  atThreshold: z.array(
    z.looseObject({
      threshold: z.number(),
      recall: z.number(),
      precision: z.number(),
      flaggedShare: z.number(),
    }),
  ),
}) satisfies z.ZodType<SplitMetrics>;

const distribution = z.looseObject({
  cuts: z.array(z.number()),
  proportions: z.array(z.number()),
  missingShare: z.number(),
  count: z.number(),
});

export const modelCardSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  numTrees: z.number().optional(),
  featureNames: z.array(z.string()),
  featureSetVersion: z.string().nullable().optional(),
  importanceGain: z
    .array(z.looseObject({ feature: z.string(), gain: z.number(), share: z.number() }))
    .optional(),
  training: z
    .looseObject({
      algorithm: z.string(),
      params: z.record(z.string(), z.unknown()),
      trainWindow: window.optional(),
      validWindow: window.optional(),
      ootWindow: window.optional(),
      rows: z.number().optional(),
      bestIteration: z.number().optional(),
      trainingMillis: z.number().optional(),
      seed: z.number().optional(),
      reproduce: z.string().optional(),
    })
    .optional(),
  metrics: z
    .looseObject({ validation: splitMetrics.optional(), outOfTime: splitMetrics.optional() })
    .optional(),
  reference: z
    .looseObject({
      features: z.record(z.string(), distribution),
      score: distribution.optional(),
    })
    .optional(),
  notes: z.array(z.string()).optional(),
}) satisfies z.ZodType<ModelCard>;

/** A card given at registration (trainer output, models/model-card.json): every field optional. */
export const partialModelCardSchema = modelCardSchema.partial();

export interface StoredParity {
  rows: number;
  maxAbsDiff: number;
  ok: boolean;
  tolerance: number;
  checkedAt: string;
}

export const storedParitySchema = z.looseObject({
  rows: z.number(),
  maxAbsDiff: z.number(),
  ok: z.boolean(),
  tolerance: z.number(),
  checkedAt: z.string(),
}) satisfies z.ZodType<StoredParity>;
