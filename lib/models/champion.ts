// Production scoring through the registry: the champion (drives decisions) and the challengers (shadow scores
// only), each with one cached ONNX Runtime session per version per process; plus the health check.
import 'server-only';
import { db } from '@/lib/db';
import { registerModelHealthCheck } from '@/lib/health';
import { getScorer, type OnnxScorer } from '@/lib/ml/scorer';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { RegistryError } from '@/lib/models/registry';

export interface LoadedModel {
  id: string;
  name: string;
  version: number;
  featureNames: string[];
  scorer: OnnxScorer;
}

export interface ModelScores {
  modelVersionId: string;
  name: string;
  version: number;
  scores: Float64Array;
}

const HEAD = { id: true, name: true, version: true, featureNames: true } as const;

/**
 * Scorer per version id. getScorer caches sessions by key too, but it needs the ONNX bytes; keeping the promise
 * here means the bytes are read from the database once per version per process, not on every call.
 */
const globalForScorers = globalThis as unknown as {
  __proativaModelScorers?: Map<string, Promise<OnnxScorer>>;
};
// On globalThis: Next builds instrumentation.ts (which loads this module for the health check) and the routes as
// separate module graphs; sharing the map keeps it at one session per version per process.
const loaded = (globalForScorers.__proativaModelScorers ??= new Map<string, Promise<OnnxScorer>>());

async function scorerFor(id: string): Promise<OnnxScorer> {
  let p = loaded.get(id);
  if (!p) {
    p = (async () => {
      const row = await db.modelVersion.findUnique({ where: { id }, select: { onnx: true } });
      if (!row) throw new RegistryError('not-found', 'model.gone', { id });
      return getScorer(`model:${id}`, row.onnx);
    })();
    loaded.set(id, p);
    p.catch(() => loaded.delete(id));
  }
  return p;
}

/** The champion with its loaded scorer, or null when no version has been promoted. */
export async function getChampion(): Promise<LoadedModel | null> {
  const row = await db.modelVersion.findFirst({ where: { status: 'CHAMPION' }, select: HEAD });
  if (!row) return null;
  return { ...row, scorer: await scorerFor(row.id) };
}

/**
 * Reorders FEATURE_NAMES-ordered rows into the model's input order. Registration guarantees the same set of
 * names, but a model may list them in another order (the ONNX input is positional).
 */
function toModelOrder(X: Float32Array, nRows: number, featureNames: string[]): Float32Array {
  const n = FEATURE_NAMES.length;
  if (featureNames.length === n && featureNames.every((f, i) => FEATURE_NAMES[i] === f)) return X;
  const source = featureNames.map((f) => FEATURE_NAMES.indexOf(f));
  if (source.some((s) => s < 0)) {
    throw new Error(`the model's features (${featureNames.join(', ')}) are not the fs-v1 features`);
  }
  const out = new Float32Array(nRows * featureNames.length);
  for (let r = 0; r < nRows; r++) {
    for (let j = 0; j < source.length; j++) out[r * source.length + j] = X[r * n + source[j]!]!;
  }
  return out;
}

function checkShape(X: Float32Array, nRows: number) {
  if (!Number.isInteger(nRows) || nRows < 0 || X.length !== nRows * FEATURE_NAMES.length) {
    throw new RangeError(
      `expected ${nRows} rows x ${FEATURE_NAMES.length} fs-v1 features = ${nRows * FEATURE_NAMES.length} values, got ${X.length}`,
    );
  }
}

async function scoreWith(m: Omit<LoadedModel, 'scorer'>, X: Float32Array, nRows: number) {
  const scorer = await scorerFor(m.id);
  const scores = await scorer.scoreBatch(toModelOrder(X, nRows, m.featureNames), nRows);
  return { modelVersionId: m.id, name: m.name, version: m.version, scores };
}

/** Scores rows (row-major, FEATURE_NAMES order, NaN = missing) with the champion. Throws when there is none. */
export async function scoreWithChampion(X: Float32Array, nRows: number): Promise<ModelScores> {
  checkShape(X, nRows);
  const row = await db.modelVersion.findFirst({ where: { status: 'CHAMPION' }, select: HEAD });
  if (!row) {
    throw new RegistryError('invalid-state', 'model.noChampion');
  }
  return scoreWith(row, X, nRows);
}

/**
 * Shadow scores of every challenger on the same rows. A challenger that fails reports its error instead of
 * failing the batch: challengers never drive decisions, so they must never stop the champion's path.
 */
export async function scoreWithChallengers(
  X: Float32Array,
  nRows: number,
): Promise<(ModelScores | (Omit<ModelScores, 'scores'> & { error: string }))[]> {
  checkShape(X, nRows);
  const rows = await db.modelVersion.findMany({
    where: { status: 'CHALLENGER' },
    select: HEAD,
    orderBy: [{ name: 'asc' }, { version: 'asc' }],
  });
  const out: (ModelScores | (Omit<ModelScores, 'scores'> & { error: string }))[] = [];
  // One at a time: sessions already use both cores, so parallel runs would only contend.
  for (const r of rows) {
    try {
      out.push(await scoreWith(r, X, nRows));
    } catch (e) {
      out.push({
        modelVersionId: r.id,
        name: r.name,
        version: r.version,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}

registerModelHealthCheck(async () => {
  const champion = await db.modelVersion.findFirst({ where: { status: 'CHAMPION' }, select: HEAD });
  if (!champion) {
    const registered = await db.modelVersion.count();
    return {
      ok: true,
      loaded: false,
      version: null,
      message: registered
        ? `No champion promoted yet (${registered} version(s) registered).`
        : 'No model registered yet.',
    };
  }
  const v = `${champion.name} v${champion.version}`;
  try {
    await scorerFor(champion.id);
    return { ok: true, loaded: true, version: v, message: `Champion ${v} loaded.` };
  } catch (e) {
    return {
      ok: false,
      loaded: false,
      version: v,
      message: `Champion ${v} failed to load: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
});
