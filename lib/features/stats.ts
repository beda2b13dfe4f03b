// Per-feature distribution statistics of a batch (count, missing share, mean, quantiles, histogram), with
// memory bounded by a fixed reservoir sample so a million-client batch costs the same as a small one.

export interface FeatureStat {
  name: string;
  count: number;
  missing: number;
  missingShare: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  /** p05, p25, p50, p75, p95 from the sample. */
  quantiles: { p: number; value: number }[];
  /** 12 equal-width bins between the sample's p01 and p99 (tails folded into the end bins). */
  histogram: { from: number; to: number; count: number }[];
}

export interface FeatureStats {
  clients: number;
  sampleSize: number;
  features: FeatureStat[];
}

const SAMPLE = 20_000;

export class FeatureStatsAccumulator {
  private readonly k: number;
  private readonly count: Float64Array;
  private readonly missing: Float64Array;
  private readonly sum: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sample: Float64Array;
  private rows = 0;
  private sampled = 0;
  private seed = 0x9e3779b9;

  constructor(private readonly names: readonly string[]) {
    this.k = names.length;
    this.count = new Float64Array(this.k);
    this.missing = new Float64Array(this.k);
    this.sum = new Float64Array(this.k);
    this.min = new Float64Array(this.k).fill(Infinity);
    this.max = new Float64Array(this.k).fill(-Infinity);
    this.sample = new Float64Array(SAMPLE * this.k);
  }

  /** Deterministic xorshift, so the same batch gives the same statistics. */
  private rand(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 4294967296;
  }

  add(values: Float64Array, nRows: number): void {
    const k = this.k;
    for (let r = 0; r < nRows; r++) {
      const base = r * k;
      for (let j = 0; j < k; j++) {
        const v = values[base + j]!;
        if (Number.isNaN(v)) this.missing[j]!++;
        else {
          this.count[j]!++;
          this.sum[j]! += v;
          if (v < this.min[j]!) this.min[j] = v;
          if (v > this.max[j]!) this.max[j] = v;
        }
      }
      // reservoir sampling of whole rows
      let slot = -1;
      if (this.sampled < SAMPLE) slot = this.sampled++;
      else {
        const t = Math.floor(this.rand() * (this.rows + 1));
        if (t < SAMPLE) slot = t;
      }
      if (slot >= 0) this.sample.set(values.subarray(base, base + k), slot * k);
      this.rows++;
    }
  }

  result(): FeatureStats {
    const k = this.k;
    const features: FeatureStat[] = [];
    for (let j = 0; j < k; j++) {
      const vals: number[] = [];
      for (let s = 0; s < this.sampled; s++) {
        const v = this.sample[s * k + j]!;
        if (!Number.isNaN(v)) vals.push(v);
      }
      vals.sort((a, b) => a - b);
      const q = (p: number) =>
        vals.length ? vals[Math.min(vals.length - 1, Math.floor(p * (vals.length - 1)))]! : NaN;
      const quantiles = [0.05, 0.25, 0.5, 0.75, 0.95]
        .map((p) => ({ p, value: q(p) }))
        .filter((x) => Number.isFinite(x.value));
      const histogram: FeatureStat['histogram'] = [];
      if (vals.length) {
        const lo = q(0.01);
        const hi = q(0.99);
        const bins = lo === hi ? 1 : 12;
        const width = bins === 1 ? 1 : (hi - lo) / bins;
        for (let b = 0; b < bins; b++)
          histogram.push({ from: lo + b * width, to: bins === 1 ? hi : lo + (b + 1) * width, count: 0 });
        for (const v of vals) {
          const b = bins === 1 ? 0 : Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
          histogram[b]!.count++;
        }
      }
      const total = this.count[j]! + this.missing[j]!;
      features.push({
        name: this.names[j]!,
        count: this.count[j]!,
        missing: this.missing[j]!,
        missingShare: total ? this.missing[j]! / total : 0,
        mean: this.count[j]! ? this.sum[j]! / this.count[j]! : null,
        min: this.count[j]! ? this.min[j]! : null,
        max: this.count[j]! ? this.max[j]! : null,
        quantiles,
        histogram,
      });
    }
    return { clients: this.rows, sampleSize: this.sampled, features };
  }
}
