// Registration of an uploaded or trained model: import (format detection, serving ONNX), the feature-set
// check, the stored parity result and card, and the new CANDIDATE version with its audit row.
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
import type { StoredParity } from '@/lib/validations/model-card';
import { modelLabel, RegistryError } from './errors';
import { MODEL_SUMMARY } from './read';
import { auditTx, lock } from './tx';

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

/**
 * The importer's refusals as registry errors. Its technical explanation (a parser's or onnxruntime's words)
 * travels as `detail`, next to a translated sentence saying what is wrong with the file.
 */
function toImportError(e: ModelImportError, fileName: string): RegistryError {
  const detail = e.message;
  switch (e.code) {
    case 'unknown-format':
      return new RegistryError('unknown-format', 'model.unknownFormat', { fileName }, { detail });
    case 'invalid-model':
      return new RegistryError('invalid-model', 'model.invalidModel', { detail }, { detail });
    case 'unsupported-model':
      return new RegistryError('unsupported-model', 'model.unsupportedModel', { detail }, { detail });
    case 'parity-failed':
      return new RegistryError('parity-failed', 'model.parityFailed', { detail }, { detail });
  }
}

const list = (names: readonly string[]) => (names.length ? names.join(', ') : '—');

/** Imports, checks and stores a model as a new CANDIDATE version. Throws RegistryError on refusal. */
export async function registerModel(input: RegisterModelInput) {
  const { bytes, fileName, actor } = input;
  if (bytes.length === 0) throw new RegistryError('unknown-format', 'model.emptyFile', { fileName });
  let imported: Awaited<ReturnType<typeof importModel>>;
  try {
    imported = await importModel(bytes, fileName);
  } catch (e) {
    if (e instanceof ModelImportError) throw toImportError(e, fileName);
    throw e;
  }

  let featureNames = imported.featureNames;
  let positional = false;
  if (!imported.featureNamesFromModel) {
    if (imported.numFeatures !== FEATURE_NAMES.length) {
      throw new RegistryError(
        'feature-mismatch',
        'model.featureCountMismatch',
        {
          numFeatures: imported.numFeatures,
          featureSet: FEATURE_SET_VERSION,
          expectedCount: FEATURE_NAMES.length,
          expected: list(FEATURE_NAMES),
        },
        { expected: [...FEATURE_NAMES], numFeatures: imported.numFeatures },
      );
    }
    if (!input.positionalFeatures) {
      throw new RegistryError(
        'feature-names-unknown',
        'model.featureNamesUnknown',
        { last: imported.numFeatures - 1, featureSet: FEATURE_SET_VERSION, expected: list(FEATURE_NAMES) },
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
        'model.featureMismatch',
        { featureSet: FEATURE_SET_VERSION, missing: list(check.missing), extra: list(check.extra) },
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
          'model.duplicate',
          { model: modelLabel(existing) },
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
          // Writes are typed by ModelCard / StoredParity; reads parse them back (lib/validations/model-card).
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
