// Confidence-based performance estimation (CBPE, as NannyML describes it): with calibrated probabilities the
// expected confusion matrix at a threshold and the expected ROC curve follow from the probabilities alone, so
// AUC, recall and precision can be estimated before labels mature. Plus the calibration tools it needs:
// expected calibration error and isotonic regression (pool adjacent violators). Pure; no I/O.

export interface ExpectedConfusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** Null when undefined (no expected positives / nothing flagged), never NaN. */
  recall: number | null;
  precision: number | null;
}

/** Expected confusion when rows with p >= threshold are flagged, each row a positive with probability p. */
export function expectedConfusion(probs: ArrayLike<number>, threshold: number): ExpectedConfusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number;
    if (p >= threshold) {
      tp += p;
      fp += 1 - p;
    } else {
      fn += p;
      tn += 1 - p;
    }
  }
  return {
    tp,
    fp,
    tn,
    fn,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
  };
}

/**
 * Expected AUC: the trapezoidal area under the ROC curve whose true/false positives at each distinct score are
 * the cumulative sums of p and 1 - p from the top (NannyML's estimate). Null when it is undefined.
 */
export function expectedAuc(probs: ArrayLike<number>): number | null {
  const n = probs.length;
  if (n === 0) return null;
  const s = Float64Array.from(probs as ArrayLike<number>)
    .sort()
    .reverse();
  let totP = 0;
  for (let i = 0; i < n; i++) totP += s[i] as number;
  const totN = n - totP;
  if (totP <= 0 || totN <= 0) return null;
  let tps = 0;
  let fps = 0;
  let prevTpr = 0;
  let prevFpr = 0;
  let area = 0;
  let i = 0;
  while (i < n) {
    const v = s[i] as number;
    while (i < n && s[i] === v) {
      tps += s[i] as number;
      fps += 1 - (s[i] as number);
      i++;
    }
    const tpr = tps / totP;
    const fpr = fps / totN;
    area += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prevTpr = tpr;
    prevFpr = fpr;
  }
  return area;
}

/** Mean |mean predicted - observed rate| over equal-count bins, weighted by bin size. Null when empty. */
export function expectedCalibrationError(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): number | null {
  const n = probs.length;
  if (n === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (probs[a] as number) - (probs[b] as number),
  );
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    if (hi <= lo) continue;
    let sp = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sp += probs[order[k] as number] as number;
      sy += labels[order[k] as number] as number;
    }
    ece += Math.abs(sp - sy) / n;
  }
  return ece;
}

/** A fitted isotonic (non-decreasing) step function: block upper x bounds and their values. */
export interface IsotonicModel {
  xs: number[];
  ys: number[];
}

/** Isotonic regression of labels on probabilities by pool adjacent violators. */
export function fitIsotonic(probs: ArrayLike<number>, labels: ArrayLike<number>): IsotonicModel {
  const n = probs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (probs[a] as number) - (probs[b] as number),
  );
  const sum: number[] = [];
  const cnt: number[] = [];
  const xmax: number[] = [];
  for (const i of order) {
    const x = probs[i] as number;
    const y = labels[i] as number;
    // Equal x values always share one block, so the fit is a function of x.
    if (xmax.length && xmax[xmax.length - 1] === x) {
      sum[sum.length - 1]! += y;
      cnt[cnt.length - 1]! += 1;
    } else {
      sum.push(y);
      cnt.push(1);
      xmax.push(x);
    }
    while (sum.length > 1) {
      const k = sum.length - 1;
      if (sum[k - 1]! / cnt[k - 1]! <= sum[k]! / cnt[k]!) break;
      sum[k - 1]! += sum[k]!;
      cnt[k - 1]! += cnt[k]!;
      xmax[k - 1] = xmax[k]!;
      sum.pop();
      cnt.pop();
      xmax.pop();
    }
  }
  return { xs: xmax, ys: sum.map((s, k) => s / cnt[k]!) };
}

/** The fitted value for p: the block whose range holds p (clipped at both ends). */
export function applyIsotonic(model: IsotonicModel, p: number): number {
  const { xs, ys } = model;
  if (xs.length === 0) return p;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p <= xs[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return ys[lo]!;
}

export interface CalibrationChoice {
  method: 'none' | 'isotonic';
  /** ECE of the raw probabilities on the check set, and of the cross-fitted isotonic ones. */
  rawEce: number | null;
  isotonicEce: number | null;
  model: IsotonicModel | null;
}

/**
 * Decides whether the probabilities need calibrating (NannyML's idea: compare calibration error before and
 * after a calibrator fitted out of sample). Two-fold cross-fitting (alternate rows) gives the isotonic ECE; if it
 * beats the raw ECE by more than `margin`, isotonic fitted on all rows is used.
 */
export function chooseCalibration(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  margin = 0.005,
): CalibrationChoice {
  const n = probs.length;
  const rawEce = expectedCalibrationError(probs, labels);
  if (n < 200 || rawEce === null) return { method: 'none', rawEce, isotonicEce: null, model: null };
  const fold = (k: number) => {
    const p: number[] = [];
    const y: number[] = [];
    for (let i = k; i < n; i += 2) {
      p.push(probs[i] as number);
      y.push(labels[i] as number);
    }
    return { p, y };
  };
  const a = fold(0);
  const b = fold(1);
  const ma = fitIsotonic(a.p, a.y);
  const mb = fitIsotonic(b.p, b.y);
  const cp = [...b.p.map((p) => applyIsotonic(ma, p)), ...a.p.map((p) => applyIsotonic(mb, p))];
  const cy = [...b.y, ...a.y];
  const isotonicEce = expectedCalibrationError(cp, cy);
  if (isotonicEce !== null && isotonicEce + margin < rawEce) {
    return { method: 'isotonic', rawEce, isotonicEce, model: fitIsotonic(probs, labels) };
  }
  return { method: 'none', rawEce, isotonicEce, model: null };
}
