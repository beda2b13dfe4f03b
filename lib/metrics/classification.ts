// Pure binary-classification and drift metrics (AUC/Gini, KS, confusion at a threshold, decile cuts, PSI).
// No I/O; built on typed-array sorts so they stay fast on a million rows.

/** Epsilon substituted for an empty bin in PSI, so ln(a/e) stays finite (the usual 1e-4 convention). */
export const PSI_EPSILON = 1e-4;

function checkInputs(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`scores has ${scores.length} rows but labels has ${labels.length}`);
  }
}

function labelAt(labels: ArrayLike<number>, i: number): 0 | 1 {
  const y = labels[i] as number;
  if (y === 1) return 1;
  if (y === 0) return 0;
  throw new RangeError(`row ${i}: label must be 0 or 1, got ${String(y)}`);
}

/** Splits scores by class into two ascending Float64Arrays; a NaN score is an error naming its row. */
function splitByClass(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): { pos: Float64Array; neg: Float64Array } {
  checkInputs(scores, labels);
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += labelAt(labels, i);
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(n - nPos);
  let p = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (Number.isNaN(s)) throw new RangeError(`row ${i}: score is NaN`);
    if (labels[i] === 1) pos[p++] = s;
    else neg[q++] = s;
  }
  pos.sort();
  neg.sort();
  return { pos, neg };
}

/**
 * Area under the ROC curve as the Mann-Whitney statistic: the probability that a random positive scores
 * above a random negative, ties counting one half (equivalent to average ranks). NaN when a class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { pos, neg } = splitByClass(scores, labels);
  if (pos.length === 0 || neg.length === 0) return NaN;
  // For each distinct positive score, count negatives strictly below and equal (two-pointer walk).
  let below = 0;
  let u = 0;
  let j = 0;
  let i = 0;
  while (i < pos.length) {
    const s = pos[i] as number;
    let k = i;
    while (k < pos.length && pos[k] === s) k++;
    while (j < neg.length && (neg[j] as number) < s) j++;
    below = j;
    let e = j;
    while (e < neg.length && neg[e] === s) e++;
    u += (k - i) * (below + 0.5 * (e - j));
    i = k;
  }
  return u / (pos.length * neg.length);
}

/** Gini coefficient as used in credit scoring: 2 * AUC - 1. */
export function gini(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return 2 * auc(scores, labels) - 1;
}

/**
 * Kolmogorov-Smirnov statistic: the largest gap between the score CDFs of the two classes, taken over
 * thresholds between distinct scores (tied scores move together). NaN when a class is absent.
 */
export function ks(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { pos, neg } = splitByClass(scores, labels);
  if (pos.length === 0 || neg.length === 0) return NaN;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < pos.length || j < neg.length) {
    const s = Math.min(
      i < pos.length ? (pos[i] as number) : Infinity,
      j < neg.length ? (neg[j] as number) : Infinity,
    );
    while (i < pos.length && pos[i] === s) i++;
    while (j < neg.length && neg[j] === s) j++;
    const gap = Math.abs(i / pos.length - j / neg.length);
    if (gap > best) best = gap;
  }
  return best;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** tp / (tp + fn); NaN when there are no positives. */
  recall: number;
  /** tp / (tp + fp); NaN when nothing is predicted positive. */
  precision: number;
}

/** Confusion counts when a row is flagged positive at score >= threshold (as the policy bands do). */
export function confusionAt(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): Confusion {
  checkInputs(scores, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const y = labelAt(labels, i);
    const s = scores[i] as number;
    if (Number.isNaN(s)) throw new RangeError(`row ${i}: score is NaN`);
    if (s >= threshold) {
      if (y === 1) tp++;
      else fp++;
    } else if (y === 1) fn++;
    else tn++;
  }
  return {
    tp,
    fp,
    tn,
    fn,
    recall: tp + fn === 0 ? NaN : tp / (tp + fn),
    precision: tp + fp === 0 ? NaN : tp / (tp + fp),
  };
}

/** Mean binary log loss of probabilities, clipped away from 0 and 1 so a confident miss stays finite. */
export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkInputs(probs, labels);
  if (probs.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < probs.length; i++) {
    const y = labelAt(labels, i);
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probs[i] as number));
    sum -= y === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probs.length;
}

/**
 * Bin index of a value for ascending cut points: bin k holds cuts[k-1] < v <= cuts[k]; the last bin
 * (cuts.length) holds values above every cut. NaN returns -1 (the caller's missing bin).
 */
export function binOf(value: number, cuts: ArrayLike<number>): number {
  if (Number.isNaN(value)) return -1;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= (cuts[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface BinnedCounts {
  /** cuts.length + 1 counts, in binOf order. */
  counts: number[];
  missing: number;
  total: number;
}

/** Counts of values per bin of the given cut points, with NaN counted apart. */
export function histogram(values: ArrayLike<number>, cuts: ArrayLike<number>): BinnedCounts {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const b = binOf(values[i] as number, cuts);
    if (b < 0) missing++;
    else counts[b] = (counts[b] as number) + 1;
  }
  return { counts, missing, total: values.length };
}

/** Linear-interpolation quantile (numpy's default) of an ascending array; q in [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export interface BinReference {
  /** Ascending cut points (see binOf). */
  cuts: number[];
  /** Share of all rows per bin: cuts.length + 1 value bins, then the missing bin last. Sums to 1. */
  proportions: number[];
}

export interface Deciles extends BinReference {
  /** Share of rows whose value is NaN (also the last entry of proportions). */
  missingShare: number;
  /** Rows seen, NaN included. */
  count: number;
}

/**
 * The 9 decile cut points of the non-missing values, plus the share of every resulting bin and of NaN,
 * measured on the same data so ties (many rows on one value) are reflected honestly. All-NaN or empty
 * input gives NaN cuts and puts every row in the missing bin.
 */
export function deciles(values: ArrayLike<number>): Deciles {
  let nonMissing = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) nonMissing++;
  const sorted = new Float64Array(nonMissing);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) sorted[k++] = v;
  }
  sorted.sort();
  const cuts: number[] = [];
  for (let d = 1; d <= 9; d++) cuts.push(quantileSorted(sorted, d / 10));
  const count = values.length;
  const missingShare = count === 0 ? 0 : (count - nonMissing) / count;
  let proportions: number[];
  if (nonMissing === 0) {
    proportions = [...new Array<number>(10).fill(0), count === 0 ? 0 : 1];
  } else {
    const h = histogram(sorted, cuts);
    proportions = [...h.counts.map((c) => c / count), missingShare];
  }
  return { cuts, proportions, missingShare, count };
}

/**
 * Population Stability Index of actual values against a reference binning:
 * sum over bins (incl. missing) of (a - e) * ln(a / e), empty shares replaced by PSI_EPSILON.
 * NaN when actual is empty.
 */
export function psi(reference: BinReference, actual: ArrayLike<number>): number {
  const nBins = reference.cuts.length + 2;
  if (reference.proportions.length !== nBins) {
    throw new RangeError(
      `reference.proportions has ${reference.proportions.length} entries; expected ${nBins} ` +
        `(${reference.cuts.length + 1} value bins and a missing bin)`,
    );
  }
  if (actual.length === 0) return NaN;
  const h = histogram(actual, reference.cuts);
  const shares = [...h.counts, h.missing].map((c) => c / actual.length);
  let sum = 0;
  for (let b = 0; b < nBins; b++) {
    const e = Math.max(reference.proportions[b] as number, PSI_EPSILON);
    const a = Math.max(shares[b] as number, PSI_EPSILON);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}
