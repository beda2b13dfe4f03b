// Schemas of the real-time feature API (GET /api/v1/features/{externalId}, POST /api/v1/features): the
// handlers parse with them and the OpenAPI description is generated from them. Each raw record is then
// checked by the ingestion rules (lib/ingest/validate.ts), which name the bad field.
import { z } from 'zod';
import { FEATURE_NAMES, featureDefinitions } from '@/lib/features/fs-v1';
import { KIND_FIELDS, type FieldSpec } from '@/lib/ingest/kinds';
import { text, yearMonth } from '@/lib/validations/common';

const clientExternalId = text(64).min(1);

export const clientFeaturesParams = z.object({
  externalId: clientExternalId.describe("The client's externalId, as ingested."),
});
export const clientFeaturesQuery = z.object({
  asOfMonth: yearMonth.describe('The as-of month M (YYYY-MM): only data known at the end of M is used.'),
});
/** What GET /api/v1/features/{externalId} parses: the path segment and the query together. */
export const clientFeaturesInput = clientFeaturesParams.extend(clientFeaturesQuery.shape);

/** "name (type, optional)" for each field of a kind but the client reference, which the request names once. */
function fieldList(fields: readonly FieldSpec[]): string {
  return fields
    .filter((f) => f.name !== 'clientExternalId')
    .map((f) => `${f.name} (${f.type}${f.nullable ? ', optional' : ''})`)
    .join(', ');
}

const rawRecords = (kind: 'statements' | 'bureau') =>
  z
    .array(z.record(z.string(), z.unknown()))
    .max(600)
    .describe(
      `${kind === 'statements' ? 'Monthly card statements' : 'Credit-bureau (SCR) snapshots'} with the ` +
        `ingestion field names: ${fieldList(KIND_FIELDS[kind])}. Each record is validated by the ingestion ` +
        'rules; every bad field is reported as "<list>[i].<field>".',
    );

export const featuresRequestSchema = z.object({
  asOfMonth: yearMonth.describe('The as-of month M (YYYY-MM).'),
  clientExternalId: clientExternalId
    .default('request')
    .describe('A label for the client in the records (not looked up).'),
  statements: rawRecords('statements'),
  bureau: rawRecords('bureau').default([]),
});

/** The fs-v1 vector by name; a missing value (NaN) is null, since JSON has no NaN. */
export const featureVectorSchema = z
  .object(
    Object.fromEntries(
      featureDefinitions.map((d) => [d.name, z.number().nullable().describe(d.description.en)]),
    ) as Record<string, z.ZodNullable<z.ZodNumber>>,
  )
  .meta({
    id: 'FeatureVector',
    description: `Every feature of the set, in model input order: ${FEATURE_NAMES.join(', ')}.`,
  });

export const computedFeaturesResponseSchema = z.object({
  asOfMonth: z.string(),
  featureSetVersion: z.string().describe('The feature set the values belong to (fs-v1).'),
  features: featureVectorSchema,
});
export type ComputedFeaturesResponse = z.infer<typeof computedFeaturesResponseSchema>;

export const clientFeaturesResponseSchema = computedFeaturesResponseSchema.extend({
  clientExternalId: z.string(),
});
export type ClientFeaturesResponse = z.infer<typeof clientFeaturesResponseSchema>;
