// Schema of the JSON a training job keeps on its row (TrainingJob.progress), parsed where the job is read so
// a malformed row is logged and shown without progress instead of being cast into the panel.
import { z } from 'zod';
import type { TrainingProgress } from '@/lib/jobs/train-worker';

const auc = z.number().nullable();

export const trainingProgressSchema = z.looseObject({
  phase: z.enum(['loading', 'training', 'registering', 'done']),
  iteration: z.number(),
  totalIterations: z.number(),
  validAuc: auc,
  bestIteration: z.number().optional(),
  rows: z.object({ train: z.number(), valid: z.number(), oot: z.number() }).optional(),
  history: z.array(z.object({ iteration: z.number(), validAuc: auc, trainLoss: z.number().nullable() })),
}) satisfies z.ZodType<TrainingProgress>;

/** Query of GET /api/v1/training. Strict, like every API query: `limit=1e20`, `Infinity` or `500` is a 400. */
export const trainingListQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'invalidFormat')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .optional()
    .describe('How many jobs, 1..100 (default 20).'),
});

// The answer of /api/v1/training (lib/jobs/training-jobs.ts trainingJobJson; lib/api/openapi.ts checks both).
export const trainingJobResponseSchema = z
  .object({
    id: z.string().uuid(),
    status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']),
    params: z
      .unknown()
      .describe('The request the job was started with (POST /api/v1/training body, defaults applied).'),
    progress: trainingProgressSchema
      .nullable()
      .describe('Live progress; the list answer leaves history empty (GET the job for it).'),
    message: z.string().nullable().describe('Why it failed, when it did.'),
    model: z
      .object({ id: z.string().uuid(), name: z.string(), version: z.number().int(), status: z.string() })
      .nullable()
      .describe('The version it registered, once done.'),
    createdBy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
    createdAt: z.string().datetime(),
    startedAt: z.string().datetime().nullable(),
    finishedAt: z.string().datetime().nullable(),
  })
  .meta({ id: 'TrainingJob' });

export const trainingJobListResponseSchema = z.object({ jobs: z.array(trainingJobResponseSchema) });
