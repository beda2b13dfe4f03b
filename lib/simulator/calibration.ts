// Calibration harness for the simulator: builds fs-v1 training rows from a simulated portfolio, trains the
// in-app GBDT on the early months and measures AUC out of time and after the macro shift.

import { monthDiff, type ClientHistory, type YearMonth } from '@/lib/domain/raw';
import { computeFeaturesInto, FEATURE_NAMES, NUM_FEATURES } from '@/lib/features/fs-v1';
import { auc, confusionAt } from '@/lib/metrics/classification';
import { trainGbdt, type GbdtParams } from '@/lib/ml/train/gbdt';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import { generatePortfolio, resolveParams, type PortfolioParams } from './generate';

export interface LabelledRows {
  /** Row-major features, NUM_FEATURES per row. */
  x: Float64Array;
  y: Uint8Array;
  /** Month offset of each row's as-of month from the portfolio start. */
  monthOffset: Int16Array;
  n: number;
  d: number;
}

/** One fs-v1 row per outcome of the portfolio (features as of M, label recorded for M). */
export function buildLabelledRows(params: PortfolioParams): LabelledRows {
  const p = resolveParams(params);
  const d = NUM_FEATURES;
  let cap = 1 << 16;
  let x = new Float64Array(cap * d);
  let y = new Uint8Array(cap);
  let monthOffset = new Int16Array(cap);
  let n = 0;
  for (const b of generatePortfolio(p)) {
    const history: ClientHistory = { client: b.client, statements: b.statements, bureau: b.bureau };
    for (const o of b.outcomes) {
      if (n === cap) {
        cap *= 2;
        const nx = new Float64Array(cap * d);
        nx.set(x);
        x = nx;
        const ny = new Uint8Array(cap);
        ny.set(y);
        y = ny;
        const nm = new Int16Array(cap);
        nm.set(monthOffset);
        monthOffset = nm;
      }
      computeFeaturesInto(history, o.referenceMonth, x, n * d);
      y[n] = o.defaulted ? 1 : 0;
      monthOffset[n] = monthDiff(o.referenceMonth, p.startMonth);
      n++;
    }
  }
  return { x, y, monthOffset, n, d };
}

export interface CalibrationWindows {
  /** Inclusive month-offset ranges (from the portfolio start) of the as-of months of each sample. */
  train: [number, number];
  oot: [number, number];
  stressed: [number, number];
}

/** The policy thresholds (MODERATE from 0.20, CRITICAL from 0.50) at which the calibration reports. */
export const CALIBRATION_THRESHOLDS = [0.2, 0.5] as const;

export interface ThresholdSummary {
  threshold: number;
  /** Share of the sample's defaulters with y_proba >= threshold (NaN without defaulters). */
  recall: number;
  /** Share of defaulters among the flagged rows (NaN when nothing is flagged). */
  precision: number;
  /** Share of the sample flagged. */
  flaggedShare: number;
}

export interface SampleSummary {
  rows: number;
  /** Share of rows with label 1 (delinquency entry within the performance window). */
  defaultRate: number;
  auc: number;
  /** One entry per CALIBRATION_THRESHOLDS value, in that order. */
  atThreshold: ThresholdSummary[];
}

export interface CalibrationReport {
  train: SampleSummary;
  oot: SampleSummary;
  stressed: SampleSummary;
  overallDefaultRate: number;
}

/** Default samples for 24 months with the shift at month offset 17: train 3..11, OOT 12..14, stressed 18..20. */
export function defaultWindows(
  months: number,
  shiftStartMonth: YearMonth,
  startMonth: YearMonth,
): CalibrationWindows {
  const shift = monthDiff(shiftStartMonth, startMonth);
  const lastLabelled = months - 4;
  return {
    train: [3, Math.max(3, shift - 6)],
    oot: [shift - 5, shift - 3],
    stressed: [Math.max(shift + 1, lastLabelled - 2), lastLabelled],
  };
}

export type Scorer = (rows: LabelledRows, trainRows: Uint32Array) => (row: number) => number;

/** LightGBM-like settings typical of a production card model: shallow-ish trees, modest learning rate. */
export const CALIBRATION_GBDT_PARAMS: Partial<GbdtParams> = {
  numIterations: 80,
  learningRate: 0.1,
  numLeaves: 15,
  minDataInLeaf: 200,
  lambdaL2: 1,
  seed: 1,
};

/** The in-app GBDT trainer (lib/ml/train) on the training rows, scoring every row with its probability. */
export function gbdtScorer(params: Partial<GbdtParams> = CALIBRATION_GBDT_PARAMS): Scorer {
  return (data, trainRows) => {
    const d = data.d;
    const X = new Float32Array(trainRows.length * d);
    const y = new Uint8Array(trainRows.length);
    for (let i = 0; i < trainRows.length; i++) {
      const r = trainRows[i]!;
      X.set(data.x.subarray(r * d, r * d + d), i * d);
      y[i] = data.y[r]!;
    }
    const { ensemble } = trainGbdt(
      { X, nRows: trainRows.length, featureNames: [...FEATURE_NAMES], y },
      params,
    );
    // Score from float32 values, as training (and ONNX serving) sees them.
    const proba = predictProbaBatch(ensemble, new Float32Array(data.x.subarray(0, data.n * d)), data.n, d);
    return (row) => proba[row]!;
  };
}

function rowsIn(data: LabelledRows, [from, to]: [number, number]): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < data.n; i++) {
    const m = data.monthOffset[i]!;
    if (m >= from && m <= to) out.push(i);
  }
  return Uint32Array.from(out);
}

function summarise(data: LabelledRows, rows: Uint32Array, score: (row: number) => number): SampleSummary {
  const scores = new Float64Array(rows.length);
  const labels = new Uint8Array(rows.length);
  let pos = 0;
  for (let i = 0; i < rows.length; i++) {
    scores[i] = score(rows[i]!);
    labels[i] = data.y[rows[i]!]!;
    pos += labels[i]!;
  }
  const atThreshold = CALIBRATION_THRESHOLDS.map((threshold) => {
    const c = confusionAt(scores, labels, threshold);
    return {
      threshold,
      recall: c.recall,
      precision: c.precision,
      flaggedShare: (c.tp + c.fp) / Math.max(rows.length, 1),
    };
  });
  return {
    rows: rows.length,
    defaultRate: pos / Math.max(rows.length, 1),
    auc: auc(scores, labels),
    atThreshold,
  };
}

/** Simulates, trains on the early months and reports AUC out of time and after the macro shift. */
export function runCalibration(
  params: PortfolioParams,
  scorer: Scorer = gbdtScorer(),
  windows?: CalibrationWindows,
): CalibrationReport {
  const p = resolveParams(params);
  const w = windows ?? defaultWindows(p.months, p.shiftStartMonth, p.startMonth);
  const data = buildLabelledRows(p);
  const trainRows = rowsIn(data, w.train);
  const score = scorer(data, trainRows);
  let pos = 0;
  for (let i = 0; i < data.n; i++) pos += data.y[i]!;
  return {
    train: summarise(data, trainRows, score),
    oot: summarise(data, rowsIn(data, w.oot), score),
    stressed: summarise(data, rowsIn(data, w.stressed), score),
    overallDefaultRate: pos / Math.max(data.n, 1),
  };
}
