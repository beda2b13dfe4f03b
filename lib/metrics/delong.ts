// DeLong's variance of an empirical AUC, by the fast midrank algorithm of Sun & Xu (2014, IEEE Signal
// Processing Letters 21(11)): O(N log N) instead of the O(m n) structural components. Ties count one half.
// Pure; no I/O.

/** Midranks (1-based, ties get the average rank) of values, in their original order. */
export function midranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = values[order[i] as number] as number;
    while (j < n && values[order[j] as number] === v) j++;
    const rank = (i + 1 + j) / 2; // mean of ranks i+1..j
    for (let k = i; k < j; k++) out[order[k] as number] = rank;
    i = j;
  }
  return out;
}

export interface DeLongResult {
  auc: number;
  /** DeLong variance of the AUC. */
  variance: number;
  /** Bounds of the (1 - alpha) normal interval, clipped to [0, 1]. */
  low: number;
  high: number;
}

const Z975 = 1.959963984540054;

function sampleVariance(v: Float64Array): number {
  const k = v.length;
  if (k < 2) return 0;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += v[i] as number;
  mean /= k;
  let s = 0;
  for (let i = 0; i < k; i++) s += ((v[i] as number) - mean) ** 2;
  return s / (k - 1);
}

/** Structural components of the AUC of positives' scores x against negatives' scores y (Sun & Xu). */
function components(x: Float64Array, y: Float64Array): { auc: number; v10: Float64Array; v01: Float64Array } {
  const m = x.length;
  const n = y.length;
  const tx = midranks(x);
  const ty = midranks(y);
  const all = new Float64Array(m + n);
  all.set(x, 0);
  all.set(y, m);
  const tz = midranks(all);
  let sumPos = 0;
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    sumPos += tz[i] as number;
    v10[i] = ((tz[i] as number) - (tx[i] as number)) / n;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - ((tz[m + j] as number) - (ty[j] as number)) / m;
  return { auc: (sumPos - (m * (m + 1)) / 2) / (m * n), v10, v01 };
}

function sampleCovariance(a: Float64Array, b: Float64Array): number {
  const k = a.length;
  if (k < 2) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < k; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= k;
  mb /= k;
  let s = 0;
  for (let i = 0; i < k; i++) s += ((a[i] as number) - ma) * ((b[i] as number) - mb);
  return s / (k - 1);
}

/** Standard normal CDF, through erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

export interface PairedDeLongResult {
  a: DeLongResult;
  b: DeLongResult;
  /** AUC(b) - AUC(a). */
  diff: number;
  /** DeLong variance of the difference (the two AUCs are correlated: same rows). */
  variance: number;
  z: number;
  /** Two-sided p-value of H0: AUC(a) = AUC(b). */
  pValue: number;
}

/**
 * DeLong, DeLong & Clarke-Pearson (1988) test of two correlated AUCs: two models' scores on the same rows.
 * Null when a class is absent. A zero variance of the difference (identical rankings) gives z = 0, p = 1
 * when the AUCs agree.
 */
export function delongPaired(
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  labels: ArrayLike<number>,
  zq = Z975,
): PairedDeLongResult | null {
  if (scoresA.length !== labels.length || scoresB.length !== labels.length) {
    throw new RangeError('scores and labels differ in length');
  }
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) m++;
  const n = labels.length - m;
  if (m === 0 || n === 0) return null;
  const split = (s: ArrayLike<number>) => {
    const x = new Float64Array(m);
    const y = new Float64Array(n);
    let p = 0;
    let q = 0;
    for (let i = 0; i < labels.length; i++) {
      const v = s[i] as number;
      if (Number.isNaN(v)) throw new RangeError(`row ${i}: score is NaN`);
      if (labels[i] === 1) x[p++] = v;
      else y[q++] = v;
    }
    return components(x, y);
  };
  const ca = split(scoresA);
  const cb = split(scoresB);
  const one = (c: { auc: number; v10: Float64Array; v01: Float64Array }): DeLongResult => {
    const variance = sampleVariance(c.v10) / m + sampleVariance(c.v01) / n;
    const half = zq * Math.sqrt(variance);
    return { auc: c.auc, variance, low: Math.max(0, c.auc - half), high: Math.min(1, c.auc + half) };
  };
  const a = one(ca);
  const b = one(cb);
  const variance = Math.max(
    0,
    a.variance +
      b.variance -
      2 * (sampleCovariance(ca.v10, cb.v10) / m + sampleCovariance(ca.v01, cb.v01) / n),
  );
  const diff = b.auc - a.auc;
  const z = variance > 0 ? diff / Math.sqrt(variance) : diff === 0 ? 0 : Math.sign(diff) * Infinity;
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { a, b, diff, variance, z, pValue };
}

/**
 * AUC with its DeLong variance and 95% interval (z = 1.96). Null when a class is absent. Labels are 0/1;
 * a higher score means more likely positive.
 */
export function delong(scores: ArrayLike<number>, labels: ArrayLike<number>, z = Z975): DeLongResult | null {
  if (scores.length !== labels.length) throw new RangeError('scores and labels differ in length');
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) m++;
  const n = labels.length - m;
  if (m === 0 || n === 0) return null;
  const x = new Float64Array(m);
  const y = new Float64Array(n);
  let p = 0;
  let q = 0;
  for (let i = 0; i < labels.length; i++) {
    const s = scores[i] as number;
    if (Number.isNaN(s)) throw new RangeError(`row ${i}: score is NaN`);
    if (labels[i] === 1) x[p++] = s;
    else y[q++] = s;
  }
  const { auc, v10, v01 } = components(x, y);
  const variance = sampleVariance(v10) / m + sampleVariance(v01) / n;
  const half = z * Math.sqrt(variance);
  return { auc, variance, low: Math.max(0, auc - half), high: Math.min(1, auc + half) };
}
