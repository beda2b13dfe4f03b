// Reads for the Modelos pages (data scientists and admins), each checking 'models:view' itself.
import 'server-only';
import { cache } from 'react';
import { db } from '@/lib/db';
import { authorize } from '@/lib/auth/session';
import {
  compareModels,
  getModel,
  listModels,
  parseModelCard,
  parseParity,
  RegistryError,
  type ModelComparison,
  type ModelSummary,
  type StoredParity,
} from '@/lib/models/registry';
import type { ModelCard } from '@/lib/models/card';
import { UUID_RE } from '@/lib/validations/common';

export interface ModelView extends Omit<ModelSummary, 'card' | 'parity'> {
  card: ModelCard;
  parity: StoredParity;
}

const view = (m: ModelSummary): ModelView => ({
  ...m,
  card: parseModelCard(m.card, m),
  parity: parseParity(m.parity, m),
});

export async function getModelVersions(): Promise<ModelView[]> {
  await authorize('models:view');
  return (await listModels()).map(view);
}

/** One version, or null for an unknown or malformed id. Cached per request: the page and its title both read it. */
export const getModelVersion = cache(async (id: string): Promise<ModelView | null> => {
  await authorize('models:view');
  const m = await getModel(id);
  return m ? view(m) : null;
});

/** Whether a version exists (false for a malformed id): one indexed lookup, for the 404 above the skeleton. */
export async function modelVersionExists(id: string): Promise<boolean> {
  await authorize('models:view');
  if (!UUID_RE.test(id)) return false;
  return (await db.modelVersion.count({ where: { id } })) > 0;
}

/** The champion's name and version (what a promotion would retire), or null when there is none. */
export async function getChampionName(): Promise<{ id: string; name: string; version: number } | null> {
  await authorize('models:view');
  return db.modelVersion.findFirst({
    where: { status: 'CHAMPION' },
    select: { id: true, name: true, version: true },
  });
}

/** Two versions side by side, or null when either id is unknown or malformed (the page answers 404). */
export async function getModelComparison(aId: string, bId: string): Promise<ModelComparison | null> {
  await authorize('models:view');
  try {
    return await compareModels(aId, bId);
  } catch (e) {
    if (e instanceof RegistryError && e.reason === 'not-found') return null;
    throw e;
  }
}

/** JSON shape of a version for /api/v1/models (dates as ISO strings, no bytes). */
export function modelJson(m: ModelSummary) {
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    status: m.status,
    sourceFormat: m.sourceFormat,
    sourceFileName: m.sourceFileName,
    sha256: m.sha256,
    featureSetVersion: m.featureSetVersion,
    featureNames: m.featureNames,
    card: m.card,
    parity: m.parity,
    trainingJobId: m.trainingJobId,
    createdAt: m.createdAt.toISOString(),
    createdBy: m.createdBy ? { id: m.createdBy.id, name: m.createdBy.name } : null,
    promotedAt: m.promotedAt?.toISOString() ?? null,
    retiredAt: m.retiredAt?.toISOString() ?? null,
    links: {
      self: `/api/v1/models/${m.id}`,
      source: `/api/v1/models/${m.id}/download?kind=source`,
      onnx: `/api/v1/models/${m.id}/download?kind=onnx`,
      lightgbm: `/api/v1/models/${m.id}/download?kind=lightgbm`,
    },
  };
}
