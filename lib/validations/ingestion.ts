// Schemas of the JSON an ingestion batch keeps (IngestionBatch.message and .details, IngestionRejection.params),
// parsed where batches are read so a malformed row is logged and shown plainly instead of being cast.
import { z } from 'zod';

export const messageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

export const ingestMessageSchema = z.object({
  code: z.templateLiteral(['ingest.', z.string()]),
  params: messageParamsSchema.optional(),
});

/** IngestionBatch.message: the sentences of the batch's outcome. */
export const batchMessageSchema = z.array(ingestMessageSchema);

const counts = z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number() });

/** IngestionBatch.details. Warnings written before they became codes are plain strings. */
export const batchDetailsSchema = z.looseObject({
  tables: z.record(z.string(), counts).optional(),
  warnings: z.array(z.union([ingestMessageSchema, z.string()])).optional(),
});
export type BatchDetails = z.output<typeof batchDetailsSchema>;

// --- The ingestion API (/api/v1/ingest/...): what the handlers parse and answer, for the OpenAPI description.

/** The kinds POST /api/v1/ingest/{kind} takes (lib/ingest/store's IngestionKindName; openapi.ts checks both). */
export const INGESTION_KIND_NAMES = ['clients', 'statements', 'bureau', 'outcomes', 'uci'] as const;

/** Largest page of GET /api/v1/ingest/batches. */
export const BATCHES_MAX_PAGE_SIZE = 100;

export const batchListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(BATCHES_MAX_PAGE_SIZE).default(20),
});

export const ingestKindParams = z.object({
  kind: z
    .enum(INGESTION_KIND_NAMES)
    .describe(
      'What the file holds; uci is the UCI credit-card default data set (CSV only), feeding three tables.',
    ),
});

/** The upload's query as lib/ingest/upload.ts reads it (by hand: an unknown format is a 400 naming it). */
export const ingestUploadQuery = z.object({
  format: z
    .enum(['csv', 'ndjson'])
    .optional()
    .describe(
      'Overrides the Content-Type: csv, or ndjson (one JSON object per line). Default from Content-Type.',
    ),
  fileName: z.string().max(255).optional().describe('Shown in the batch history (last path component kept).'),
});

export const rejectionsParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,17}$/)
    .describe("The batch's id (a positive integer)."),
});

const ingestionKind = z.enum(INGESTION_KIND_NAMES);

export const publicRejectionSchema = z.object({
  line: z.number().int().describe('Line of the file (the header is line 1 in CSV).'),
  field: z.string().describe('The field, or "(row)" for the whole row.'),
  code: z.string().describe('Stable reason code, e.g. ingest.value.notANumber.'),
  params: messageParamsSchema,
  reason: z.string().describe("The reason in the caller's language."),
});

export const ingestReportSchema = z
  .object({
    batchId: z.string(),
    kind: ingestionKind,
    status: z.enum(['COMPLETED', 'FAILED']),
    fileName: z.string().nullable(),
    format: z.enum(['csv', 'ndjson']),
    bytes: z.number().int(),
    received: z.number().int().describe('Data rows read from the file.'),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int().describe('Rows identical to what was stored (idempotent re-upload).'),
    rejected: z.number().int().describe('Rows rejected; each may have several entries in rejections.'),
    details: z
      .record(z.string(), counts)
      .optional()
      .describe('Per-table counts when one file feeds several (uci).'),
    durationMs: z.number(),
    rejections: z
      .array(publicRejectionSchema)
      .describe('The first 1,000 rejections; all are in rejectionsUrl.'),
    rejectionsTruncated: z.boolean(),
    rejectionsUrl: z.string().describe('The full rejection report as CSV.'),
    warnings: z.array(z.string()),
    message: z.string().describe("The outcome in the caller's language."),
  })
  .meta({ id: 'IngestReport' });

/** A FAILED batch answered as JSON: the error envelope plus the report of what was read and stored. */
export const ingestFailureSchema = z
  .object({
    error: z.object({
      code: z.enum(['PAYLOAD_TOO_LARGE', 'UNPROCESSABLE', 'INTERNAL']),
      message: z.string(),
    }),
    report: ingestReportSchema,
  })
  .meta({ id: 'IngestFailure' });

/** The lines of the NDJSON answer (Accept: application/x-ndjson), one JSON object per line. */
export const ingestProgressLineSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('progress'),
      bytes: z.number().int().describe('Bytes of the body received so far.'),
      received: z.number().int(),
      stored: z.number().int(),
      rejected: z.number().int(),
    }),
    z.object({
      type: z.literal('report'),
      report: ingestReportSchema,
      error: z
        .object({
          status: z.union([z.literal(413), z.literal(422), z.literal(500)]),
          code: z.enum(['PAYLOAD_TOO_LARGE', 'UNPROCESSABLE', 'INTERNAL']),
          message: z.string(),
        })
        .optional()
        .describe('Only for a FAILED batch: the status and code the JSON answer would have had.'),
    }),
    z.object({
      type: z.literal('error'),
      error: z.object({ code: z.literal('INTERNAL'), status: z.literal(500), message: z.string() }),
    }),
  ])
  .meta({
    id: 'IngestProgressLine',
    description:
      'One line of the progress stream: a progress line at most every 250 ms while the file is read and ' +
      'stored, then exactly one report line (or an error line if the server failed). The HTTP status is 200 ' +
      'once streaming starts: a failed batch is told by report.status and error.',
  });

export const batchSummarySchema = z.object({
  id: z.string(),
  kind: ingestionKind,
  source: z.string().describe('upload, api, cli or demo.'),
  format: z.string(),
  fileName: z.string().nullable(),
  status: z.enum(['RUNNING', 'COMPLETED', 'FAILED']),
  actorName: z.string(),
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime().nullable(),
  bytes: z.number().int(),
  received: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  tables: z.record(z.string(), counts).nullable(),
  warnings: z.array(z.string()),
  message: z.string().nullable(),
  rejectionsUrl: z.string(),
});

export const batchPageSchema = z.object({
  batches: z.array(batchSummarySchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
