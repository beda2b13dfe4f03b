// Reads of registered versions without their (large) model bytes: the summary every page and handler shows,
// and its JSON columns (card, parity) parsed back into their types.
import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { readJsonColumn } from '@/lib/json-column';
import type { ModelCard } from '@/lib/models/card';
import { UUID_RE } from '@/lib/validations/common';
import { modelCardSchema, storedParitySchema, type StoredParity } from '@/lib/validations/model-card';

/** Everything but the (large) model bytes. */
export const MODEL_SUMMARY = {
  id: true,
  name: true,
  version: true,
  status: true,
  sourceFormat: true,
  sourceFileName: true,
  sha256: true,
  featureSetVersion: true,
  featureNames: true,
  card: true,
  parity: true,
  trainingJobId: true,
  createdAt: true,
  promotedAt: true,
  retiredAt: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.ModelVersionSelect;

export type ModelSummary = Prisma.ModelVersionGetPayload<{ select: typeof MODEL_SUMMARY }>;

/** Version ids are uuids; anything else is simply unknown (never a database error). */
export const isModelId = (id: string) => UUID_RE.test(id);

export async function listModels(): Promise<ModelSummary[]> {
  return db.modelVersion.findMany({
    select: MODEL_SUMMARY,
    orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
  });
}

export async function getModel(id: string): Promise<ModelSummary | null> {
  if (!isModelId(id)) return null;
  return db.modelVersion.findUnique({ where: { id }, select: MODEL_SUMMARY });
}

/**
 * The card of a stored version. A malformed card is logged and replaced by the minimal card the row itself
 * vouches for (its name and features), so pages still show the version instead of failing.
 */
export function parseModelCard(
  json: unknown,
  row: { id: string; name: string; featureNames: string[] },
): ModelCard {
  return readJsonColumn(modelCardSchema, json, { column: 'ModelVersion.card', id: row.id }, () => ({
    name: row.name,
    featureNames: [...row.featureNames],
  }));
}

/** The stored parity check; a malformed one is shown as not passed, never as a pass it cannot prove. */
export function parseParity(json: unknown, row: { id: string }): StoredParity {
  return readJsonColumn(storedParitySchema, json, { column: 'ModelVersion.parity', id: row.id }, () => ({
    rows: 0,
    maxAbsDiff: Number.NaN,
    ok: false,
    tolerance: 0,
    checkedAt: '',
  }));
}
