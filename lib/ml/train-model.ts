// Training a deployable model in one call: the in-app GBDT plus everything the registry and the monitoring need
// (ONNX without ZipMap, LightGBM text, the model card with metrics, importance and reference distributions).
// Pure apart from writeModelFiles, the optional helper that writes the artefacts to a folder.

import fs from 'node:fs';
import path from 'node:path';
import { auc, confusionAt, deciles, gini, ks, type Deciles } from '@/lib/metrics/classification';
import { lightgbmParameters, resolveGbdtParams } from '@/lib/ml/train/params';
import { trainGbdt, type GbdtParams, type IterationReport, type TrainResult } from '@/lib/ml/train/gbdt';
import { writeLightGbmText } from '@/lib/ml/lightgbm/write';
import { ensembleToOnnx } from '@/lib/ml/onnx/export';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import type { TreeEnsemble } from '@/lib/ml/tree-model';
import {
  POLICY_THRESHOLDS,
  type ModelCard,
  type ReferenceDistribution,
  type SplitMetrics,
} from '@/lib/models/card';

export interface LabelledMatrix {
  /** Row-major features (featureNames.length per row); NaN = missing. */
  X: Float32Array;
  /** Labels 0/1. */
  y: Uint8Array | Float32Array;
  nRows: number;
}

export interface MonthWindow {
  from: string;
  to: string;
}

export interface TrainModelInput {
  train: LabelledMatrix;
  /** Early stopping (when params.earlyStoppingRounds > 0) and the card's validation metrics. */
  valid?: LabelledMatrix;
  /** Out-of-time sample: only scored, never used to fit or stop. */
  oot?: LabelledMatrix;
  featureNames: readonly string[];
  params?: Partial<GbdtParams>;
  onIteration?: (it: IterationReport) => void;
  shouldStop?: () => boolean;
  meta: {
    name: string;
    description?: string;
    trainWindow?: MonthWindow;
    validWindow?: MonthWindow;
    ootWindow?: MonthWindow;
    featureSetVersion?: string | null;
    reproduce?: string;
    notes?: string[];
    /**
     * Record the wall-clock training time in the card (default true). Off for artefacts that must be
     * byte-identical across runs (the default model), where the time is printed instead.
     */
    recordTrainingTime?: boolean;
  };
}

export interface TrainedModel {
  ensemble: TreeEnsemble;
  /** ai.onnx.ml TreeEnsembleClassifier, probability tensor output (no ZipMap). */
  onnx: Uint8Array;
  lightgbmText: string;
  card: ModelCard;
  /** The trainer's own result (history, importance, best iteration, timing). */
  result: TrainResult;
}

/** LightGBM parameter names (and common aliases) accepted by the CLI and the training form. */
export const PARAM_ALIASES: Readonly<Record<string, keyof GbdtParams>> = Object.freeze({
  num_iterations: 'numIterations',
  num_iteration: 'numIterations',
  num_rounds: 'numIterations',
  num_boost_round: 'numIterations',
  n_estimators: 'numIterations',
  learning_rate: 'learningRate',
  eta: 'learningRate',
  num_leaves: 'numLeaves',
  max_depth: 'maxDepth',
  min_data_in_leaf: 'minDataInLeaf',
  min_child_samples: 'minDataInLeaf',
  min_sum_hessian_in_leaf: 'minSumHessianInLeaf',
  lambda_l1: 'lambdaL1',
  reg_alpha: 'lambdaL1',
  lambda_l2: 'lambdaL2',
  reg_lambda: 'lambdaL2',
  min_gain_to_split: 'minGainToSplit',
  max_bin: 'maxBin',
  min_data_in_bin: 'minDataInBin',
  bin_construct_sample_cnt: 'binConstructSampleCnt',
  feature_fraction: 'featureFraction',
  colsample_bytree: 'featureFraction',
  bagging_fraction: 'baggingFraction',
  subsample: 'baggingFraction',
  bagging_freq: 'baggingFreq',
  subsample_freq: 'baggingFreq',
  early_stopping_round: 'earlyStoppingRounds',
  early_stopping_rounds: 'earlyStoppingRounds',
  boost_from_average: 'boostFromAverage',
  seed: 'seed',
});

const DEFAULT_KEYS: Record<string, true> = Object.fromEntries(
  Object.keys(resolveGbdtParams()).map((k) => [k, true as const]),
);

/**
 * Parses `key=value,key=value` (LightGBM names, aliases or the trainer's camelCase names) into trainer
 * parameters; an unknown key or a bad value throws an Error naming it.
 */
export function parseParamList(text: string): Partial<GbdtParams> {
  const out: Record<string, number | boolean> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`--params: "${part.trim()}" is not key=value`);
    const rawKey = part.slice(0, eq).trim();
    const rawValue = part.slice(eq + 1).trim();
    const key = PARAM_ALIASES[rawKey] ?? (rawKey in DEFAULT_KEYS ? (rawKey as keyof GbdtParams) : undefined);
    if (!key) throw new Error(`--params: unknown parameter "${rawKey}"`);
    if (key === 'boostFromAverage') {
      if (!/^(true|false|1|0)$/i.test(rawValue)) throw new Error(`--params: ${rawKey} must be true or false`);
      out[key] = /^(true|1)$/i.test(rawValue);
      continue;
    }
    const v = Number(rawValue);
    if (rawValue === '' || Number.isNaN(v))
      throw new Error(`--params: ${rawKey}="${rawValue}" is not a number`);
    out[key] = v;
  }
  try {
    resolveGbdtParams(out as Partial<GbdtParams>);
  } catch (e) {
    throw new Error(`--params: ${(e as Error).message}`);
  }
  return out as Partial<GbdtParams>;
}

function column(m: LabelledMatrix, nF: number, f: number): Float64Array {
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) out[r] = m.X[r * nF + f]!;
  return out;
}

function reference(d: Deciles): ReferenceDistribution {
  return { cuts: d.cuts, proportions: d.proportions, missingShare: d.missingShare, count: d.count };
}

/** AUC, Gini, KS and the policy-threshold confusion figures of probabilities against labels. */
export function splitMetrics(
  proba: ArrayLike<number>,
  labels: ArrayLike<number>,
  thresholds: readonly number[] = POLICY_THRESHOLDS,
): SplitMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return {
    rows: labels.length,
    positives,
    auc: auc(proba, labels),
    gini: gini(proba, labels),
    ks: ks(proba, labels),
    atThreshold: thresholds.map((threshold) => {
      const c = confusionAt(proba, labels, threshold);
      const flagged = c.tp + c.fp;
      return {
        threshold,
        recall: Number.isNaN(c.recall) ? 0 : c.recall,
        // Nothing flagged: precision is undefined; 0 with flaggedShare 0 says so without a null in the card.
        precision: Number.isNaN(c.precision) ? 0 : c.precision,
        flaggedShare: labels.length ? flagged / labels.length : 0,
      };
    }),
  };
}

function importance(result: TrainResult, featureNames: readonly string[]) {
  const total = featureNames.reduce((s, f) => s + (result.importanceGain[f] ?? 0), 0);
  return featureNames
    .map((feature) => {
      const gain = result.importanceGain[feature] ?? 0;
      return { feature, gain, share: total > 0 ? gain / total : 0 };
    })
    .sort((a, b) => b.gain - a.gain || a.feature.localeCompare(b.feature));
}

function checkMatrix(m: LabelledMatrix, nF: number, what: string) {
  if (m.X.length !== m.nRows * nF) {
    throw new RangeError(`${what}: X has ${m.X.length} values; expected ${m.nRows} rows x ${nF} features`);
  }
}

/** Trains the GBDT and builds the ONNX file, the LightGBM text and the full model card. */
export function trainModel(input: TrainModelInput): TrainedModel {
  const featureNames = [...input.featureNames];
  const nF = featureNames.length;
  checkMatrix(input.train, nF, 'training data');
  if (input.valid) checkMatrix(input.valid, nF, 'validation data');
  if (input.oot) checkMatrix(input.oot, nF, 'out-of-time data');
  if (input.oot && input.oot.nRows === 0) throw new RangeError('out-of-time data has no rows');

  const result = trainGbdt({ ...input.train, featureNames }, input.params ?? {}, {
    valid: input.valid,
    onIteration: input.onIteration,
    shouldStop: input.shouldStop,
  });
  const { ensemble } = result;
  const onnx = ensembleToOnnx(ensemble, { zipmap: false });
  const lightgbmText = writeLightGbmText(ensemble);

  const score = (m: LabelledMatrix) => predictProbaBatch(ensemble, m.X, m.nRows, nF);
  const trainProba = score(input.train);
  const metrics: NonNullable<ModelCard['metrics']> = {};
  if (input.valid) metrics.validation = splitMetrics(score(input.valid), input.valid.y);
  if (input.oot) metrics.outOfTime = splitMetrics(score(input.oot), input.oot.y);

  const features: Record<string, ReferenceDistribution> = {};
  featureNames.forEach((f, i) => (features[f] = reference(deciles(column(input.train, nF, i)))));

  const p = result.params;
  const stopped = result.bestIteration < p.numIterations;
  const notes = [
    `Trained in-app with Proativa's LightGBM-compatible GBDT (binary log loss) on ${input.train.nRows} rows and ${nF} features.`,
    input.valid
      ? `Best validation AUC at iteration ${result.bestIteration}${stopped && p.earlyStoppingRounds > 0 ? ` (early stopping after ${p.earlyStoppingRounds} rounds without improvement)` : ''}; the model keeps ${ensemble.trees.length} trees.`
      : `No validation sample: all ${ensemble.trees.length} trees are kept.`,
    ...(input.meta.notes ?? []),
  ];

  const card: ModelCard = {
    name: input.meta.name,
    ...(input.meta.description ? { description: input.meta.description } : {}),
    numTrees: ensemble.trees.length,
    featureNames,
    featureSetVersion: input.meta.featureSetVersion ?? null,
    importanceGain: importance(result, featureNames),
    training: {
      algorithm: 'proativa-gbdt (LightGBM-compatible)',
      params: lightgbmParameters(p),
      ...(input.meta.trainWindow ? { trainWindow: input.meta.trainWindow } : {}),
      ...(input.meta.validWindow ? { validWindow: input.meta.validWindow } : {}),
      ...(input.meta.ootWindow ? { ootWindow: input.meta.ootWindow } : {}),
      rows: input.train.nRows,
      bestIteration: result.bestIteration,
      ...(input.meta.recordTrainingTime === false
        ? {}
        : { trainingMillis: Math.round(result.trainingMillis) }),
      seed: p.seed,
      ...(input.meta.reproduce ? { reproduce: input.meta.reproduce } : {}),
    },
    metrics,
    reference: { features, score: reference(deciles(trainProba)) },
    notes,
  };
  return { ensemble, onnx, lightgbmText, card, result };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const fix = (v: number, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

function metricsTable(card: ModelCard): string[] {
  const splits: [string, SplitMetrics | undefined][] = [
    ['validation', card.metrics?.validation],
    ['out of time', card.metrics?.outOfTime],
  ];
  const rows = splits.filter((s): s is [string, SplitMetrics] => !!s[1]);
  if (!rows.length) return ['No validation or out-of-time sample was given.'];
  const thresholds = rows[0]![1].atThreshold.map((t) => t.threshold);
  const head = ['sample', 'rows', 'default rate', 'AUC', 'Gini', 'KS'];
  for (const t of thresholds) head.push(`recall@${t}`, `precision@${t}`, `flagged@${t}`);
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const [label, m] of rows) {
    const cells = [
      label,
      String(m.rows),
      pct(m.positives / Math.max(m.rows, 1)),
      fix(m.auc),
      fix(m.gini),
      fix(m.ks),
    ];
    for (const t of m.atThreshold) cells.push(pct(t.recall), pct(t.precision), pct(t.flaggedShare));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

/**
 * The card as Markdown for people: summary, metrics, importance, training settings and notes. `sections`
 * (title → paragraphs) are inserted after the summary, e.g. purpose and limitations of the default model.
 */
export function modelCardMarkdown(card: ModelCard, sections: [string, string[]][] = []): string {
  const t = card.training;
  const out: string[] = [`# Model card: ${card.name}`, ''];
  if (card.description) out.push(card.description, '');
  out.push(
    `- Trees: ${card.numTrees ?? 'n/a'}; features: ${card.featureNames.length}` +
      (card.featureSetVersion ? ` (feature set ${card.featureSetVersion})` : ''),
  );
  if (t?.trainWindow) out.push(`- Training as-of months: ${t.trainWindow.from} .. ${t.trainWindow.to}`);
  if (t?.validWindow)
    out.push(`- Validation (early stopping) months: ${t.validWindow.from} .. ${t.validWindow.to}`);
  if (t?.ootWindow) out.push(`- Out-of-time months: ${t.ootWindow.from} .. ${t.ootWindow.to}`);
  if (t?.rows !== undefined) out.push(`- Training rows: ${t.rows}`);
  if (t?.bestIteration !== undefined) out.push(`- Best iteration: ${t.bestIteration}`);
  if (t?.trainingMillis !== undefined) out.push(`- Training time: ${(t.trainingMillis / 1000).toFixed(1)} s`);
  out.push('');
  for (const [title, paragraphs] of sections)
    out.push(`## ${title}`, '', ...paragraphs.flatMap((p) => [p, '']));
  out.push('## Metrics', '', ...metricsTable(card), '');
  if (card.importanceGain?.length) {
    out.push(
      '## Feature importance (total split gain)',
      '',
      '| # | feature | gain | share |',
      '| --- | --- | --- | --- |',
    );
    card.importanceGain.forEach((g, i) =>
      out.push(`| ${i + 1} | ${g.feature} | ${fix(g.gain, 1)} | ${pct(g.share)} |`),
    );
    out.push('');
  }
  if (t) {
    out.push(
      '## Training parameters',
      '',
      `Algorithm: ${t.algorithm}.`,
      '',
      '| parameter | value |',
      '| --- | --- |',
    );
    for (const [k, v] of Object.entries(t.params)) out.push(`| ${k} | ${String(v)} |`);
    out.push('');
    if (t.reproduce) out.push('## How to reproduce', '', '```bash', t.reproduce, '```', '');
  }
  if (card.notes?.length) out.push('## Notes', '', ...card.notes.map((n) => `- ${n}`), '');
  if (card.reference) {
    out.push(
      '## Reference distributions',
      '',
      'model-card.json holds the training deciles of every feature and of the score (cut points, share per bin',
      'and missing share), the reference for PSI drift monitoring.',
      '',
    );
  }
  return out.join('\n');
}

export interface ModelFileNames {
  onnx: string;
  lightgbm: string;
  cardJson: string;
  cardMarkdown: string;
}

export const DEFAULT_FILE_NAMES: ModelFileNames = {
  onnx: 'model.onnx',
  lightgbm: 'model.txt',
  cardJson: 'model-card.json',
  cardMarkdown: 'model-card.md',
};

/** Stable JSON for the card (2-space indent, trailing newline), so identical cards give identical bytes. */
export function cardJson(card: ModelCard): string {
  return JSON.stringify(card, null, 2) + '\n';
}

/** Writes the ONNX file, the LightGBM text and the card (JSON and Markdown) into dir; returns the paths. */
export function writeModelFiles(
  dir: string,
  model: Pick<TrainedModel, 'onnx' | 'lightgbmText' | 'card'>,
  opts: { names?: Partial<ModelFileNames>; markdown?: string } = {},
): ModelFileNames {
  const names = { ...DEFAULT_FILE_NAMES, ...opts.names };
  fs.mkdirSync(dir, { recursive: true });
  const full = {
    onnx: path.join(dir, names.onnx),
    lightgbm: path.join(dir, names.lightgbm),
    cardJson: path.join(dir, names.cardJson),
    cardMarkdown: path.join(dir, names.cardMarkdown),
  };
  fs.writeFileSync(full.onnx, model.onnx);
  fs.writeFileSync(full.lightgbm, model.lightgbmText);
  fs.writeFileSync(full.cardJson, cardJson(model.card));
  fs.writeFileSync(full.cardMarkdown, opts.markdown ?? modelCardMarkdown(model.card));
  return full;
}
