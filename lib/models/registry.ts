// The model registry: registers uploaded or trained models (import, feature check, parity, card), and moves
// versions through CANDIDATE → CHALLENGER → CHAMPION → RETIRED with exactly one champion at a time.
import 'server-only';
import crypto from 'node:crypto';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import type { Prisma } from '@/lib/generated/prisma/client';
import { checkFeatureNames, importModel, ModelImportError, PARITY_TOLERANCE } from '@/lib/ml/import-model';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import type { TreeEnsemble } from '@/lib/ml/tree-model';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import type { ModelCard } from '@/lib/models/card';

export type RegistryErrorCode =
  | 'unknown-format'
  | 'invalid-model'
  | 'unsupported-model'
  | 'parity-failed'
  | 'feature-mismatch'
  | 'feature-names-unknown'
  | 'duplicate'
  | 'not-found'
  | 'invalid-state'
  | 'nothing-to-rollback';

/** HTTP status each refusal maps to in /api/v1 (invalid file 400, refused model 422, state conflicts 409). */
export const REGISTRY_ERROR_STATUS: Record<RegistryErrorCode, 400 | 404 | 409 | 422> = {
  'unknown-format': 400,
  'invalid-model': 400,
  'unsupported-model': 422,
  'parity-failed': 422,
  'feature-mismatch': 422,
  'feature-names-unknown': 422,
  duplicate: 409,
  'not-found': 404,
  'invalid-state': 409,
  'nothing-to-rollback': 409,
};

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
  get status() {
    return REGISTRY_ERROR_STATUS[this.code];
  }
}

export interface StoredParity {
  rows: number;
  maxAbsDiff: number;
  ok: boolean;
  tolerance: number;
  checkedAt: string;
}

export interface RegisterModelInput {
  bytes: Uint8Array;
  fileName: string;
  /** Registry name; versions are numbered per name. Default: card.name, else the file name without extension. */
  name?: string;
  card?: Partial<ModelCard>;
  /** LightGBM text of the same model when the trainer has it (an ONNX upload then keeps it for download). */
  lightgbmText?: string;
  trainingJobId?: string;
  /**
   * An ONNX file without feature names (Column_0…) is refused unless the uploader confirms its columns are the
   * fs-v1 features in FEATURE_NAMES order: names cannot be checked, so this is an explicit, audited promise.
   */
  positionalFeatures?: boolean;
  actor: Actor | null;
}

/** One registry-wide advisory lock serializes version numbering, duplicate checks and status changes. */
const REGISTRY_LOCK = 0x70726f61; // 'proa'

async function lock(tx: Prisma.TransactionClient) {
  await tx.$executeRawUnsafe('select pg_advisory_xact_lock($1::bigint)', REGISTRY_LOCK);
}

async function auditTx(
  tx: Prisma.TransactionClient,
  actor: Actor | null,
  action: string,
  target: string,
  details: Record<string, unknown>,
) {
  await tx.auditLog.create({
    data: {
      actorId: actor?.kind === 'user' ? actor.id : null,
      action,
      target,
      details: {
        ...details,
        via: actor?.kind ?? 'system',
        by: actor?.name ?? 'system',
      } as Prisma.InputJsonValue,
    },
  });
}

function defaultName(fileName: string): string {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.(onnx|txt|model|lgb)$/i, '');
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned.slice(0, 80) || 'model';
}

/** Importance by total split gain, highest first, with each feature's share of the total. */
export function importanceByGain(ensemble: TreeEnsemble): NonNullable<ModelCard['importanceGain']> {
  const gains = new Array<number>(ensemble.featureNames.length).fill(0);
  for (const tree of ensemble.trees) {
    tree.splitFeature.forEach((f, k) => {
      const g = tree.splitGain[k] ?? 0;
      if (Number.isFinite(g)) gains[f] = (gains[f] ?? 0) + g;
    });
  }
  const total = gains.reduce((a, b) => a + b, 0);
  return ensemble.featureNames
    .map((feature, i) => ({ feature, gain: gains[i]!, share: total > 0 ? gains[i]! / total : 0 }))
    .sort((a, b) => b.gain - a.gain || a.feature.localeCompare(b.feature));
}

function toImportError(e: ModelImportError): RegistryError {
  return new RegistryError(e.code, e.message);
}

/** Imports, checks and stores a model as a new CANDIDATE version. Throws RegistryError on refusal. */
export async function registerModel(input: RegisterModelInput) {
  const { bytes, fileName, actor } = input;
  let imported: Awaited<ReturnType<typeof importModel>>;
  try {
    imported = await importModel(bytes, fileName);
  } catch (e) {
    if (e instanceof ModelImportError) throw toImportError(e);
    throw e;
  }

  let featureNames = imported.featureNames;
  let positional = false;
  if (!imported.featureNamesFromModel) {
    if (imported.numFeatures !== FEATURE_NAMES.length) {
      throw new RegistryError(
        'feature-mismatch',
        `The ONNX model has ${imported.numFeatures} unnamed input columns; the ${FEATURE_SET_VERSION} feature set has ${FEATURE_NAMES.length} (${FEATURE_NAMES.join(', ')}).`,
        { expected: [...FEATURE_NAMES], numFeatures: imported.numFeatures },
      );
    }
    if (!input.positionalFeatures) {
      throw new RegistryError(
        'feature-names-unknown',
        `The ONNX model carries no feature names (Column_0…Column_${imported.numFeatures - 1}). Its column count matches ${FEATURE_SET_VERSION}; register it only if its columns are, in order: ${FEATURE_NAMES.join(', ')} — confirm positional mapping to proceed.`,
        { expected: [...FEATURE_NAMES] },
      );
    }
    featureNames = [...FEATURE_NAMES];
    positional = true;
  } else {
    const check = checkFeatureNames(featureNames, [...FEATURE_NAMES]);
    if (!check.ok) {
      throw new RegistryError(
        'feature-mismatch',
        `The model does not use exactly the ${FEATURE_SET_VERSION} features. ${check.message}.`,
        { missing: check.missing, extra: check.extra },
      );
    }
  }

  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  let lightgbmText: string | null = null;
  let ensemble = imported.ensemble;
  if (imported.format === 'lightgbm-text') lightgbmText = new TextDecoder().decode(bytes);
  else if (input.lightgbmText) {
    lightgbmText = input.lightgbmText;
    try {
      ensemble ??= parseLightGbmText(input.lightgbmText);
    } catch {
      // The trainer's text is kept for download; importance then comes only from the provided card.
    }
  }

  const fromFile: Partial<ModelCard> = {
    numTrees: ensemble?.trees.length,
    importanceGain: ensemble ? importanceByGain(ensemble) : undefined,
  };
  if (ensemble?.parameters && Object.keys(ensemble.parameters).length) {
    fromFile.training = { algorithm: 'lightgbm', params: { ...ensemble.parameters } };
  }
  const name = (input.name?.trim() || input.card?.name?.trim() || defaultName(fileName)).slice(0, 80);
  const notes = [...(input.card?.notes ?? [])];
  if (positional) {
    notes.push(
      `Feature names assigned by position at upload (the ONNX file has none), confirmed by ${actor?.name ?? 'the uploader'}.`,
    );
  }
  const card: ModelCard = {
    ...stripUndefined(fromFile),
    ...stripUndefined(input.card ?? {}),
    name,
    featureNames,
    featureSetVersion: FEATURE_SET_VERSION,
    ...(notes.length ? { notes } : {}),
  };
  const parity: StoredParity = {
    ...imported.parity,
    tolerance: PARITY_TOLERANCE,
    checkedAt: new Date().toISOString(),
  };

  return db.$transaction(
    async (tx) => {
      await lock(tx);
      const existing = await tx.modelVersion.findFirst({
        where: { sha256 },
        select: { id: true, name: true, version: true },
      });
      if (existing) {
        throw new RegistryError(
          'duplicate',
          `This exact file is already registered as ${existing.name} v${existing.version}.`,
          { existingId: existing.id, name: existing.name, version: existing.version },
        );
      }
      const last = await tx.modelVersion.findFirst({
        where: { name },
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const version = (last?.version ?? 0) + 1;
      const row = await tx.modelVersion.create({
        data: {
          name,
          version,
          status: 'CANDIDATE',
          sourceFormat: imported.format,
          sourceFileName: fileName.slice(0, 255),
          sourceBytes: bytes as Uint8Array<ArrayBuffer>,
          onnx: imported.servingOnnx as Uint8Array<ArrayBuffer>,
          lightgbmText,
          sha256,
          featureSetVersion: FEATURE_SET_VERSION,
          featureNames,
          card: card as unknown as Prisma.InputJsonValue,
          parity: parity as unknown as Prisma.InputJsonValue,
          trainingJobId: input.trainingJobId ?? null,
          createdById: actor?.kind === 'user' ? actor.id : null,
        },
        select: MODEL_SUMMARY,
      });
      await auditTx(tx, actor, 'model.register', row.id, {
        name,
        version,
        sha256,
        format: imported.format,
        fileName,
        ...(positional ? { positionalFeatures: true } : {}),
      });
      return row;
    },
    { timeout: 30_000 },
  );
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

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

/**
 * The one way a version becomes champion (promotion and rollback alike), inside the caller's locked
 * transaction: the current champion, if any, is retired, so there is never more than one.
 */
async function crown(tx: Prisma.TransactionClient, id: string) {
  const previous = await tx.modelVersion.findFirst({
    where: { status: 'CHAMPION' },
    select: { id: true, name: true, version: true },
  });
  const now = new Date();
  if (previous) {
    await tx.modelVersion.update({ where: { id: previous.id }, data: { status: 'RETIRED', retiredAt: now } });
  }
  const row = await tx.modelVersion.update({
    where: { id },
    data: { status: 'CHAMPION', promotedAt: now, retiredAt: null },
    select: MODEL_SUMMARY,
  });
  return { previous, row };
}

async function findOrThrow(tx: Prisma.TransactionClient, id: string) {
  const row = /^[0-9a-f-]{36}$/i.test(id)
    ? await tx.modelVersion.findUnique({
        where: { id },
        select: { id: true, name: true, version: true, status: true },
      })
    : null;
  if (!row) throw new RegistryError('not-found', `No model version with id ${id}.`);
  return row;
}

const label = (m: { name: string; version: number }) => `${m.name} v${m.version}`;

/** Makes a version the champion; the previous champion becomes RETIRED. Exactly one champion at a time. */
export async function promoteToChampion(id: string, actor: Actor | null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await findOrThrow(tx, id);
    if (target.status === 'CHAMPION') {
      throw new RegistryError('invalid-state', `${label(target)} is already the champion.`);
    }
    const { previous, row } = await crown(tx, id);
    await auditTx(tx, actor, 'model.promote', id, {
      model: label(target),
      from: target.status,
      previousChampion: previous ? { id: previous.id, model: label(previous) } : null,
    });
    return { champion: row, retired: previous };
  });
}

/** Re-promotes the most recently retired former champion; the current champion (if any) is retired. */
export async function rollback(actor: Actor | null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await tx.modelVersion.findFirst({
      where: { status: 'RETIRED', promotedAt: { not: null } },
      orderBy: [{ retiredAt: 'desc' }, { promotedAt: 'desc' }],
      select: { id: true, name: true, version: true },
    });
    if (!target) {
      throw new RegistryError('nothing-to-rollback', 'There is no former champion to roll back to.');
    }
    const { previous: current, row } = await crown(tx, target.id);
    await auditTx(tx, actor, 'model.rollback', target.id, {
      model: label(target),
      replaced: current ? { id: current.id, model: label(current) } : null,
    });
    return { champion: row, retired: current };
  });
}

/** Shadow-scores a CANDIDATE or RETIRED version next to the champion (it never drives decisions). */
export async function setChallenger(id: string, actor: Actor | null = null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await findOrThrow(tx, id);
    if (target.status === 'CHAMPION') {
      throw new RegistryError(
        'invalid-state',
        `${label(target)} is the champion; promote another version or roll back first.`,
      );
    }
    if (target.status === 'CHALLENGER') {
      throw new RegistryError('invalid-state', `${label(target)} is already a challenger.`);
    }
    const row = await tx.modelVersion.update({
      where: { id },
      data: { status: 'CHALLENGER', retiredAt: null },
      select: MODEL_SUMMARY,
    });
    await auditTx(tx, actor, 'model.challenger', id, { model: label(target), from: target.status });
    return row;
  });
}

/** Retires a candidate or challenger. The champion is never retired alone: promote or roll back instead. */
export async function retire(id: string, actor: Actor | null = null) {
  return db.$transaction(async (tx) => {
    await lock(tx);
    const target = await findOrThrow(tx, id);
    if (target.status === 'CHAMPION') {
      throw new RegistryError(
        'invalid-state',
        `${label(target)} is the champion and scores production; promote another version or roll back instead of retiring it.`,
      );
    }
    if (target.status === 'RETIRED') {
      throw new RegistryError('invalid-state', `${label(target)} is already retired.`);
    }
    const row = await tx.modelVersion.update({
      where: { id },
      data: { status: 'RETIRED', retiredAt: new Date() },
      select: MODEL_SUMMARY,
    });
    await auditTx(tx, actor, 'model.retire', id, { model: label(target), from: target.status });
    return row;
  });
}

export async function listModels(): Promise<ModelSummary[]> {
  return db.modelVersion.findMany({
    select: MODEL_SUMMARY,
    orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
  });
}

export async function getModel(id: string): Promise<ModelSummary | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return db.modelVersion.findUnique({ where: { id }, select: MODEL_SUMMARY });
}

export type DownloadKind = 'source' | 'onnx' | 'lightgbm';

/** The bytes of one artifact of a version, with the file name to download it as; null when absent. */
export async function modelArtifact(
  id: string,
  kind: DownloadKind,
): Promise<{ body: Uint8Array; fileName: string; contentType: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await db.modelVersion.findUnique({
    where: { id },
    select: {
      name: true,
      version: true,
      sourceFileName: true,
      sourceFormat: true,
      sourceBytes: kind === 'source',
      onnx: kind === 'onnx',
      lightgbmText: kind === 'lightgbm',
    },
  });
  if (!row) return null;
  const stem = `${row.name}-v${row.version}`;
  if (kind === 'source') {
    const ext = row.sourceFormat === 'onnx' ? 'onnx' : 'txt';
    return {
      body: row.sourceBytes!,
      fileName: row.sourceFileName ?? `${stem}.${ext}`,
      contentType: row.sourceFormat === 'onnx' ? 'application/octet-stream' : 'text/plain; charset=utf-8',
    };
  }
  if (kind === 'onnx') {
    return { body: row.onnx!, fileName: `${stem}.serving.onnx`, contentType: 'application/octet-stream' };
  }
  if (!row.lightgbmText) return null;
  return {
    body: new TextEncoder().encode(row.lightgbmText),
    fileName: `${stem}.lightgbm.txt`,
    contentType: 'text/plain; charset=utf-8',
  };
}

export interface ModelComparison {
  a: ModelSummary;
  b: ModelSummary;
  features: { common: string[]; onlyA: string[]; onlyB: string[]; sameOrder: boolean };
  metrics: { split: 'validation' | 'outOfTime'; metric: 'auc' | 'gini' | 'ks'; a?: number; b?: number }[];
  thresholds: {
    split: 'validation' | 'outOfTime';
    threshold: number;
    a?: { recall: number; precision: number };
    b?: { recall: number; precision: number };
  }[];
  importance: { feature: string; a?: number; b?: number; rankA?: number; rankB?: number }[];
  params: { name: string; a?: string; b?: string; differs: boolean }[];
  parity: { a: StoredParity; b: StoredParity };
}

const show = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

/** Side-by-side view of two versions: features, metrics, importance, training parameters and parity. */
export async function compareModels(aId: string, bId: string): Promise<ModelComparison> {
  const [a, b] = await Promise.all([getModel(aId), getModel(bId)]);
  if (!a) throw new RegistryError('not-found', `No model version with id ${aId}.`);
  if (!b) throw new RegistryError('not-found', `No model version with id ${bId}.`);
  const ca = a.card as unknown as ModelCard;
  const cb = b.card as unknown as ModelCard;
  const setA = new Set(a.featureNames);
  const setB = new Set(b.featureNames);
  const features = {
    common: a.featureNames.filter((f) => setB.has(f)),
    onlyA: a.featureNames.filter((f) => !setB.has(f)),
    onlyB: b.featureNames.filter((f) => !setA.has(f)),
    sameOrder:
      a.featureNames.length === b.featureNames.length &&
      a.featureNames.every((f, i) => b.featureNames[i] === f),
  };
  const splits = ['validation', 'outOfTime'] as const;
  const metrics: ModelComparison['metrics'] = [];
  const thresholds: ModelComparison['thresholds'] = [];
  for (const split of splits) {
    for (const metric of ['auc', 'gini', 'ks'] as const) {
      metrics.push({ split, metric, a: ca.metrics?.[split]?.[metric], b: cb.metrics?.[split]?.[metric] });
    }
    const ts = new Set([
      ...(ca.metrics?.[split]?.atThreshold ?? []).map((t) => t.threshold),
      ...(cb.metrics?.[split]?.atThreshold ?? []).map((t) => t.threshold),
    ]);
    for (const threshold of [...ts].sort((x, y) => x - y)) {
      const pick = (c: ModelCard) => {
        const t = c.metrics?.[split]?.atThreshold.find((x) => x.threshold === threshold);
        return t ? { recall: t.recall, precision: t.precision } : undefined;
      };
      thresholds.push({ split, threshold, a: pick(ca), b: pick(cb) });
    }
  }
  const rank = (c: ModelCard) =>
    new Map((c.importanceGain ?? []).map((g, i) => [g.feature, { ...g, rank: i + 1 }]));
  const ra = rank(ca);
  const rb = rank(cb);
  const importance = [...new Set([...ra.keys(), ...rb.keys()])]
    .map((feature) => ({
      feature,
      a: ra.get(feature)?.share,
      b: rb.get(feature)?.share,
      rankA: ra.get(feature)?.rank,
      rankB: rb.get(feature)?.rank,
    }))
    .sort((x, y) => (x.rankA ?? 1e9) - (y.rankA ?? 1e9) || (x.rankB ?? 1e9) - (y.rankB ?? 1e9));
  const pa = ca.training?.params ?? {};
  const pb = cb.training?.params ?? {};
  const params = [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort().map((name) => {
    const va = show(pa[name]);
    const vb = show(pb[name]);
    return { name, a: va, b: vb, differs: va !== vb };
  });
  return {
    a,
    b,
    features,
    metrics,
    thresholds,
    importance,
    params,
    parity: { a: a.parity as unknown as StoredParity, b: b.parity as unknown as StoredParity },
  };
}
