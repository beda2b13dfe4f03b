// Histogram binning for the GBDT trainer, after LightGBM's BinMapper: bin boundaries from the quantiles
// of a row sample (greedy, at least min_data_in_bin rows per bin, zero kept in a bin of its own), a
// separate last bin for NaN, and a row-major matrix of bin indices used by every histogram pass.

import { Rng, sampleSorted } from '@/lib/ml/train/random';

/** LightGBM's kZeroThreshold, rounded to float32 so it is also a valid float32 split threshold. */
const ZERO_THRESHOLD = Math.fround(1e-35);
/** Threshold of a split whose left side holds every finite value (the NaN bin goes right). */
export const ALL_FINITE_THRESHOLD = 3.4028234663852886e38; // float32 max

export interface FeatureBinner {
  /** Bins including the NaN bin. */
  numBins: number;
  /** Upper bound of each value bin (v goes to the first bin with v <= bound); the last is +Infinity. */
  upperBounds: Float64Array;
  missingType: 'None' | 'NaN';
  /** Index of the NaN bin (numBins - 1), or -1 when the feature has no NaN. */
  nanBin: number;
  /** A single value and no NaN: nothing to split on. */
  trivial: boolean;
  /** Range of the non-NaN training values (LightGBM feature_infos). */
  min: number;
  max: number;
}

/**
 * A split threshold t with a <= t < b that is exactly representable in float32, so the ONNX export (float
 * thresholds) routes float32 inputs exactly as the double-precision model does. LightGBM takes the midpoint.
 */
function thresholdBetween(a: number, b: number): number {
  const t = Math.fround((a + b) / 2);
  return t >= b || t < a ? a : t;
}

/**
 * LightGBM's GreedyFindBin over ascending distinct values: returns the indices i after which a bin ends
 * (the boundary lies between values[i] and values[i + 1]).
 */
function greedyCuts(
  values: Float64Array,
  counts: Int32Array,
  from: number,
  to: number,
  maxBin: number,
  minDataInBin: number,
): number[] {
  const nd = to - from;
  const cuts: number[] = [];
  if (nd <= 1) return cuts;
  let total = 0;
  for (let i = from; i < to; i++) total += counts[i]!;
  if (nd <= maxBin) {
    let cur = 0;
    for (let i = from; i < to - 1; i++) {
      cur += counts[i]!;
      if (cur >= minDataInBin) {
        cuts.push(i);
        cur = 0;
      }
    }
    return cuts;
  }
  const bins = Math.max(1, Math.min(maxBin, Math.floor(total / minDataInBin)));
  let meanBinSize = total / bins;
  let restBins = bins;
  let restSamples = total;
  const isBig = new Uint8Array(nd);
  for (let i = from; i < to; i++) {
    if (counts[i]! >= meanBinSize) {
      isBig[i - from] = 1;
      restBins--;
      restSamples -= counts[i]!;
    }
  }
  meanBinSize = restSamples / restBins;
  let binCount = 0;
  let cur = 0;
  for (let i = from; i < to - 1; i++) {
    const big = isBig[i - from] === 1;
    if (!big) restSamples -= counts[i]!;
    cur += counts[i]!;
    if (big || cur >= meanBinSize || (isBig[i + 1 - from] === 1 && cur >= Math.max(1, meanBinSize * 0.5))) {
      cuts.push(i);
      binCount++;
      if (binCount >= bins - 1) break;
      cur = 0;
      if (!big) {
        restBins--;
        meanBinSize = restSamples / restBins;
      }
    }
  }
  return cuts;
}

/** Builds one feature's bins from its sampled non-NaN values (ascending). */
export function buildFeatureBinner(
  sortedSample: Float64Array,
  hasNaN: boolean,
  min: number,
  max: number,
  maxBin: number,
  minDataInBin: number,
): FeatureBinner {
  // Distinct values with counts; values within ZERO_THRESHOLD of zero count as zero, as in LightGBM.
  const values = new Float64Array(sortedSample.length);
  const counts = new Int32Array(sortedSample.length);
  let nd = 0;
  for (let i = 0; i < sortedSample.length; i++) {
    let v = sortedSample[i]!;
    if (Math.abs(v) <= ZERO_THRESHOLD) v = 0;
    if (nd > 0 && values[nd - 1] === v) counts[nd - 1]!++;
    else {
      values[nd] = v;
      counts[nd] = 1;
      nd++;
    }
  }
  const bounds: number[] = [];
  const pushCuts = (cuts: number[]) => {
    for (const i of cuts) bounds.push(thresholdBetween(values[i]!, values[i + 1]!));
  };
  let zeroAt = -1;
  for (let i = 0; i < nd; i++) if (values[i] === 0) zeroAt = i;
  if (zeroAt < 0) {
    pushCuts(greedyCuts(values, counts, 0, nd, maxBin, minDataInBin));
  } else {
    // Zero gets a bin of its own; negatives and positives share the other bins in proportion to their rows.
    let negCount = 0;
    let posCount = 0;
    for (let i = 0; i < zeroAt; i++) negCount += counts[i]!;
    for (let i = zeroAt + 1; i < nd; i++) posCount += counts[i]!;
    const nonZero = negCount + posCount;
    if (negCount > 0) {
      const negBins = Math.max(1, Math.floor((negCount / nonZero) * (maxBin - 1)));
      pushCuts(greedyCuts(values, counts, 0, zeroAt, negBins, minDataInBin));
      bounds.push(-ZERO_THRESHOLD);
    }
    if (posCount > 0) {
      bounds.push(ZERO_THRESHOLD);
      const posBins = Math.max(1, maxBin - 1 - bounds.length);
      pushCuts(greedyCuts(values, counts, zeroAt + 1, nd, posBins, minDataInBin));
    }
  }
  bounds.push(Infinity);
  const valueBins = bounds.length;
  const numBins = valueBins + (hasNaN ? 1 : 0);
  return {
    numBins,
    upperBounds: Float64Array.from(bounds),
    missingType: hasNaN ? 'NaN' : 'None',
    nanBin: hasNaN ? valueBins : -1,
    trivial: numBins <= 1,
    min,
    max,
  };
}

/** Bin of one value (binary search over the upper bounds; NaN to the NaN bin). */
export function binOfValue(b: FeatureBinner, v: number): number {
  if (v !== v) return b.nanBin >= 0 ? b.nanBin : binOfValue(b, 0);
  const ub = b.upperBounds;
  let lo = 0;
  let hi = ub.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= ub[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Threshold (value <= t goes left) that reproduces "bin <= thresholdBin goes left" on the training data. */
export function thresholdOfBin(b: FeatureBinner, thresholdBin: number): number {
  const t = b.upperBounds[thresholdBin]!;
  return t === Infinity ? ALL_FINITE_THRESHOLD : t;
}

export interface BinnedData {
  binners: FeatureBinner[];
  /** First global bin of each feature: feature f's bin b is global bin offsets[f] + b. */
  offsets: Int32Array;
  totalBins: number;
  /**
   * Row-major global bin indices: bins[row * nFeatures + feature] = offsets[feature] + bin. Global indices
   * let the histogram pass address one flat histogram with a single load per cell.
   */
  bins: Uint16Array | Uint32Array;
  /**
   * The same global bins column-major (binsByColumn[feature * nRows + row]): partitioning a leaf on one
   * feature then reads ascending rows of one column instead of one cache line per row.
   */
  binsByColumn: Uint16Array | Uint32Array;
  nFeatures: number;
}

/**
 * Validates and bins a row-major float matrix. NaN is a missing value; an infinite value is rejected with
 * the row and feature named, since no credit feature should be infinite and it has no faithful threshold.
 */
export function binMatrix(
  X: Float32Array,
  nRows: number,
  featureNames: string[],
  maxBin: number,
  minDataInBin: number,
  sampleCount: number,
  seed: number,
): BinnedData {
  const nF = featureNames.length;
  const hasNaN = new Uint8Array(nF);
  const min = new Float64Array(nF).fill(Infinity);
  const max = new Float64Array(nF).fill(-Infinity);
  for (let r = 0; r < nRows; r++) {
    const base = r * nF;
    for (let f = 0; f < nF; f++) {
      const v = X[base + f]!;
      if (v !== v) hasNaN[f] = 1;
      else if (v === Infinity || v === -Infinity) {
        throw new RangeError(
          `row ${r}, feature "${featureNames[f]}": value is ${v}; only finite numbers or NaN`,
        );
      } else {
        if (v < min[f]!) min[f] = v;
        if (v > max[f]!) max[f] = v;
      }
    }
  }
  const sample = nRows > sampleCount ? sampleSorted(nRows, sampleCount, new Rng(seed, 11)) : null;
  const nSample = sample ? sample.length : nRows;
  const buf = new Float64Array(nSample);
  const binners: FeatureBinner[] = [];
  for (let f = 0; f < nF; f++) {
    let k = 0;
    for (let s = 0; s < nSample; s++) {
      const r = sample ? sample[s]! : s;
      const v = X[r * nF + f]!;
      if (v === v) buf[k++] = v;
    }
    const sorted = buf.slice(0, k).sort();
    binners.push(buildFeatureBinner(sorted, hasNaN[f] === 1, min[f]!, max[f]!, maxBin, minDataInBin));
  }
  const offsets = new Int32Array(nF);
  let totalBins = 0;
  for (let f = 0; f < nF; f++) {
    offsets[f] = totalBins;
    totalBins += binners[f]!.numBins;
  }
  const bins = totalBins <= 65536 ? new Uint16Array(nRows * nF) : new Uint32Array(nRows * nF);
  for (let f = 0; f < nF; f++) {
    const b = binners[f]!;
    const off = offsets[f]!;
    if (b.trivial) {
      for (let r = 0; r < nRows; r++) bins[r * nF + f] = off;
      continue;
    }
    const ub = b.upperBounds;
    const last = ub.length - 1;
    const nanBin = b.nanBin;
    for (let r = 0; r < nRows; r++) {
      const i = r * nF + f;
      const v = X[i]!;
      if (v !== v) {
        bins[i] = off + nanBin;
        continue;
      }
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v <= ub[mid]!) hi = mid;
        else lo = mid + 1;
      }
      bins[i] = off + lo;
    }
  }
  const binsByColumn = totalBins <= 65536 ? new Uint16Array(nRows * nF) : new Uint32Array(nRows * nF);
  for (let r = 0; r < nRows; r++) {
    const base = r * nF;
    for (let f = 0; f < nF; f++) binsByColumn[f * nRows + r] = bins[base + f]!;
  }
  return { binners, offsets, totalBins, bins, binsByColumn, nFeatures: nF };
}

/** LightGBM feature_infos entry: "[min:max]" for a usable numerical feature, "none" for a trivial one. */
export function featureInfoOf(b: FeatureBinner): string {
  if (b.trivial || !(b.min <= b.max)) return 'none';
  return `[${b.min}:${b.max}]`;
}
