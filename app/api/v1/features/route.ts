// Real-time features from a raw history sent in the request (no database read):
// POST /api/v1/features { asOfMonth, statements: [...], bureau: [...] } with the ingestion field names.
import { apiError, handler, readJson } from '@/lib/api/respond';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { featuresRequestSchema, type ComputedFeaturesResponse } from '@/lib/validations/features';
import { computeFeatures, FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { featuresToJson } from '@/lib/features/json';
import { validateObject } from '@/lib/ingest/validate';
import type { RowError } from '@/lib/ingest/kinds';
import type { BureauRecord, StatementRecord } from '@/lib/domain/raw';

export const dynamic = 'force-dynamic';

export const POST = handler('features:view', async (req) => {
  const json = await readJson(req);
  if (!json.ok) return json.response;
  const input = featuresRequestSchema.parse(json.value);
  const errors: (RowError & { list: string })[] = [];
  const statements: StatementRecord[] = [];
  const bureau: BureauRecord[] = [];
  input.statements.forEach((s, i) => {
    const r = validateObject('statements', { clientExternalId: input.clientExternalId, ...s }, i);
    if (r.record) statements.push(r.record);
    else errors.push(...r.errors.map((e) => ({ ...e, list: 'statements' })));
  });
  input.bureau.forEach((b, i) => {
    const r = validateObject('bureau', { clientExternalId: input.clientExternalId, ...b }, i);
    if (r.record) bureau.push(r.record);
    else errors.push(...r.errors.map((e) => ({ ...e, list: 'bureau' })));
  });
  if (errors.length) {
    const locale = localeOfRequest(req);
    return apiError(
      400,
      'INVALID_INPUT',
      translateKey(locale, 'api.features.invalidRecords'),
      errors.map((e) => ({
        path: `${e.list}[${e.line}].${e.field}`,
        message: translateKey(locale, `errors.${e.code}`, e.params),
      })),
    );
  }
  const values = computeFeatures(
    {
      client: { externalId: input.clientExternalId, segment: '', birthDate: null, relationshipStart: '' },
      statements,
      bureau,
    },
    input.asOfMonth,
  );
  return Response.json({
    asOfMonth: input.asOfMonth,
    featureSetVersion: FEATURE_SET_VERSION,
    features: featuresToJson(values),
  } satisfies ComputedFeaturesResponse);
});
