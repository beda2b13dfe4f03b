// Real-time features from a raw history sent in the request (no database read):
// POST /api/v1/features { asOfMonth, statements: [...], bureau: [...] } with the ingestion field names.
import { z } from 'zod';
import { apiError, handler, readJson } from '@/lib/api/respond';
import { computeFeatures, FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { featuresToJson } from '@/lib/features/json';
import { validateObject } from '@/lib/ingest/validate';
import type { RowError } from '@/lib/ingest/kinds';
import type { BureauRecord, StatementRecord } from '@/lib/domain/raw';

export const dynamic = 'force-dynamic';

const body = z.object({
  asOfMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be 'YYYY-MM'"),
  clientExternalId: z.string().min(1).max(64).default('request'),
  statements: z.array(z.record(z.string(), z.unknown())).max(600),
  bureau: z.array(z.record(z.string(), z.unknown())).max(600).default([]),
});

export const POST = handler('features:view', async (req) => {
  const json = await readJson(req);
  if (!json.ok) return json.response;
  const input = body.parse(json.value);
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
    return apiError(
      400,
      'INVALID_INPUT',
      'Some history records are invalid.',
      errors.map((e) => ({ path: `${e.list}[${e.line}].${e.field}`, message: e.reason })),
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
  });
});
