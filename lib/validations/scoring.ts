// Inputs of batch scoring: starting a run (page form, POST /api/v1/scoring/runs) and listing runs.
import { z } from 'zod';
import { uuid, yearMonth } from '@/lib/validations/common';
import { runSummarySchema } from '@/lib/scoring/summary';

export const startRunSchema = z.object({
  asOfMonth: yearMonth,
  chunkClients: z.coerce.number().int().min(100).max(200_000).optional(),
});

export const runIdSchema = z.object({ id: uuid });

export const listRunsQuery = z.object({
  kind: z.enum(['BATCH', 'REALTIME']).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'invalidFormat')
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional(),
});

// --- Answers of /api/v1/scoring/runs (lib/data/scoring.ts RunView; lib/api/openapi.ts checks both), for the
// OpenAPI description.

export const runSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(['BATCH', 'REALTIME']),
    status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']),
    asOfMonth: z.string(),
    day: z.string().nullable().describe('REALTIME runs: the day (YYYY-MM-DD) the run collects.'),
    modelVersionId: z.string().uuid(),
    modelVersion: z.string().describe('name vN.'),
    policyVersion: z.number().int().describe('The policy version the run started with (kept to the end).'),
    featureSetVersion: z.string(),
    clientsTotal: z.number().int(),
    clientsDone: z.number().int(),
    chunksTotal: z.number().int(),
    chunksDone: z.number().int(),
    decisions: z.number().int().describe('Decisions written (one per client).'),
    unchanged: z
      .number()
      .int()
      .describe('Clients whose decision for the same model and policy already existed.'),
    holdout: z.number().int(),
    alertsOpened: z.number().int(),
    alertsRefreshed: z.number().int(),
    offersQueued: z.number().int(),
    featuresComputed: z.number().int().describe('Clients whose features were computed (no stored snapshot).'),
    origin: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string().datetime(),
    startedAt: z.string().datetime().nullable(),
    finishedAt: z.string().datetime().nullable(),
    message: z.string().nullable(),
    rate: z.number().nullable().describe('Clients per second since the first chunk started.'),
    secondsLeft: z.number().nullable().describe('At the current rate; null when unknown or finished.'),
    summary: runSummarySchema
      .nullable()
      .describe('Counts and share per band, holdout, histogram and the previous run, once finished.'),
  })
  .meta({ id: 'ScoringRun' });

export const runListResponseSchema = z.object({ runs: z.array(runSchema) });
