// Monitoring metrics on top of classification.ts: null-safe rates (never NaN), PSI with its shares and a
// verdict under a minimum-sample guard, Wilson and difference intervals for calibration and uplift. Pure.
import { histogram, PSI_EPSILON, type BinReference } from '@/lib/metrics/classification';

/** a / b, or null when b is 0 (recall with no positives, precision with nothing flagged). */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

/** A finite number or null (NaN and infinities become null for storage and JSON). */
export function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

export interface RecallPrecision {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  recall: number | null;
  precision: number | null;
}

/** Recall and precision when p >= threshold is flagged; null (not NaN) when undefined. */
export function recallPrecision(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): RecallPrecision {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    const flagged = (scores[i] as number) >= threshold;
    const y = labels[i] === 1;
    if (flagged && y) tp++;
    else if (flagged) fp++;
    else if (y) fn++;
    else tn++;
  }
  return { tp, fp, fn, tn, recall: ratio(tp, tp + fn), precision: ratio(tp, tp + fp) };
}

export type DriftVerdict = 'stable' | 'watch' | 'act';
export const PSI_WATCH = 0.1;
export const PSI_ACT = 0.25;
export const DEFAULT_MIN_SAMPLE = 500;

export function psiVerdict(psi: number): DriftVerdict {
  return psi < PSI_WATCH ? 'stable' : psi <= PSI_ACT ? 'watch' : 'act';
}

export interface PsiResult {
  n: number;
  /** Share per value bin then the missing bin, like reference.proportions. */
  shares: number[];
  psi: number | null;
  /** Null below the minimum sample: too few rows to judge. */
  verdict: DriftVerdict | null;
  missingShare: number | null;
}

/**
 * PSI from bin counts (cuts.length + 1 value bins, then missing) against a frozen reference, exactly as
 * classification.ts psi(): empty shares floored at PSI_EPSILON. Counts are additive, so weeks accumulate.
 */
export function psiFromCounts(
  reference: BinReference,
  counts: number[],
  minSample = DEFAULT_MIN_SAMPLE,
): PsiResult {
  const nBins = reference.cuts.length + 2;
  if (counts.length !== nBins || reference.proportions.length !== nBins) {
    throw new RangeError(`expected ${nBins} bins`);
  }
  const n = counts.reduce((s, c) => s + c, 0);
  if (n === 0) return { n, shares: counts.map(() => 0), psi: null, verdict: null, missingShare: null };
  const shares = counts.map((c) => c / n);
  let sum = 0;
  for (let b = 0; b < nBins; b++) {
    const e = Math.max(reference.proportions[b] as number, PSI_EPSILON);
    const a = Math.max(shares[b] as number, PSI_EPSILON);
    sum += (a - e) * Math.log(a / e);
  }
  return {
    n,
    shares,
    psi: sum,
    verdict: n >= minSample ? psiVerdict(sum) : null,
    missingShare: shares[nBins - 1] as number,
  };
}

/** Bin counts (value bins then missing) of values for PSI. */
export function binCounts(values: ArrayLike<number>, cuts: ArrayLike<number>): number[] {
  const h = histogram(values, cuts);
  return [...h.counts, h.missing];
}

const Z = 1.959963984540054;

/** Wilson 95% interval of a proportion k/n; null when n = 0. */
export function wilson(k: number, n: number): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const d = 1 + (Z * Z) / n;
  const c = (p + (Z * Z) / (2 * n)) / d;
  const h = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / d;
  return { low: Math.max(0, c - h), high: Math.min(1, c + h) };
}

/** Difference of two proportions (a - b) with its normal 95% interval; null when a group is empty. */
export function rateDifference(
  ka: number,
  na: number,
  kb: number,
  nb: number,
): { diff: number; low: number; high: number } | null {
  if (na <= 0 || nb <= 0) return null;
  const pa = ka / na;
  const pb = kb / nb;
  const se = Math.sqrt((pa * (1 - pa)) / na + (pb * (1 - pb)) / nb);
  const diff = pa - pb;
  return { diff, low: diff - Z * se, high: diff + Z * se };
}
