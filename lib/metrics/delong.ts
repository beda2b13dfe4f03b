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
  const auc = (sumPos - (m * (m + 1)) / 2) / (m * n);
  const variance = sampleVariance(v10) / m + sampleVariance(v01) / n;
  const half = z * Math.sqrt(variance);
  return { auc, variance, low: Math.max(0, auc - half), high: Math.min(1, auc + half) };
}
