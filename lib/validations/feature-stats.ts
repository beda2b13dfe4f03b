// Schema of FeatureRun.stats (per-feature distribution statistics of one computation), parsed where the
// Variáveis page reads it so a malformed row is logged and shown without statistics instead of being cast.
import { z } from 'zod';
import type { FeatureStats } from '@/lib/features/stats';

const nullableNumber = z.number().nullable();

export const featureStatsSchema = z.looseObject({
  clients: z.number(),
  sampleSize: z.number(),
  features: z.array(
    z.looseObject({
      name: z.string(),
      count: z.number(),
      missing: z.number(),
      missingShare: z.number(),
      mean: nullableNumber,
      min: nullableNumber,
      max: nullableNumber,
      quantiles: z.array(z.object({ p: z.number(), value: z.number() })),
      histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
    }),
  ),
}) satisfies z.ZodType<FeatureStats>;
