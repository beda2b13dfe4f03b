// Reads for the Modelos pages (data scientists and admins), each checking 'models:view' itself.
import 'server-only';
import { authorize } from '@/lib/auth/session';
import {
  compareModels,
  getModel,
  listModels,
  type ModelSummary,
  type StoredParity,
} from '@/lib/models/registry';
import type { ModelCard } from '@/lib/models/card';

export interface ModelView extends Omit<ModelSummary, 'card' | 'parity'> {
  card: ModelCard;
  parity: StoredParity;
}

const view = (m: ModelSummary): ModelView => ({
  ...m,
  card: m.card as unknown as ModelCard,
  parity: m.parity as unknown as StoredParity,
});

export async function getModelVersions(): Promise<ModelView[]> {
  await authorize('models:view');
  return (await listModels()).map(view);
}

export async function getModelVersion(id: string): Promise<ModelView | null> {
  await authorize('models:view');
  const m = await getModel(id);
  return m ? view(m) : null;
}

export async function getModelComparison(aId: string, bId: string) {
  await authorize('models:view');
  return compareModels(aId, bId);
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
