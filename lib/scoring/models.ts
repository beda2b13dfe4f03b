// A model version loaded for scoring, once per process: its ONNX Runtime session (which computes yProba) and
// its TreeEnsemble (which TreeSHAP explains), keyed by version id. A run keeps the version it started with,
// so everything here is by id, never "whatever the champion is now".
import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { getScorer, type OnnxScorer } from '@/lib/ml/scorer';
import type { TreeEnsemble } from '@/lib/ml/tree-model';
import { assertExplainable } from '@/lib/ml/treeshap';

export interface ScoringModel {
  id: string;
  name: string;
  version: number;
  featureNames: string[];
  featureSetVersion: string;
  scorer: OnnxScorer;
  /** The trees TreeSHAP explains (null when the version came without them: no reason codes then). */
  ensemble: TreeEnsemble | null;
  /** For each model input column, its index in FEATURE_NAMES (the feature store's order). */
  sourceIndex: Int32Array;
}

const g = globalThis as unknown as { __proativaScoringModels?: Map<string, Promise<ScoringModel>> };
// On globalThis: Next builds instrumentation and routes as separate module graphs; one load per process.
const loaded = (g.__proativaScoringModels ??= new Map<string, Promise<ScoringModel>>());

async function load(id: string): Promise<ScoringModel> {
  const row = await db.modelVersion.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      version: true,
      featureNames: true,
      featureSetVersion: true,
      onnx: true,
      lightgbmText: true,
    },
  });
  if (!row) throw new AppError('model.notFound', { id }, 404);
  const sourceIndex = Int32Array.from(row.featureNames.map((f) => FEATURE_NAMES.indexOf(f)));
  if (sourceIndex.some((i) => i < 0)) {
    throw new AppError('scoring.featuresMismatch', { model: `${row.name} v${row.version}` }, 422);
  }
  let ensemble: TreeEnsemble | null = null;
  if (row.lightgbmText) {
    ensemble = parseLightGbmText(row.lightgbmText);
    assertExplainable(ensemble);
  }
  const scorer = await getScorer(`model:${row.id}`, row.onnx);
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    featureNames: row.featureNames,
    featureSetVersion: row.featureSetVersion ?? 'fs-v1',
    scorer,
    ensemble,
    sourceIndex,
  };
}

export function scoringModel(id: string): Promise<ScoringModel> {
  let p = loaded.get(id);
  if (!p) {
    p = load(id);
    loaded.set(id, p);
    p.catch(() => loaded.delete(id));
  }
  return p;
}

/** The champion's id, or null when none is promoted. */
export async function championId(): Promise<string | null> {
  const row = await db.modelVersion.findFirst({ where: { status: 'CHAMPION' }, select: { id: true } });
  return row?.id ?? null;
}

/** Feature-store rows (FEATURE_NAMES order, n x F) reordered into the model's input order. */
export function toModelInput(m: ScoringModel, X: Float64Array, n: number): Float64Array {
  const F = FEATURE_NAMES.length;
  const k = m.sourceIndex.length;
  let identity = k === F;
  for (let j = 0; j < k && identity; j++) identity = m.sourceIndex[j] === j;
  if (identity) return X;
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) out[r * k + j] = X[r * F + m.sourceIndex[j]!]!;
  return out;
}
