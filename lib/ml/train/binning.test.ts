import { describe, expect, it } from 'vitest';
import {
  binMatrix,
  binOfValue,
  buildFeatureBinner,
  featureInfoOf,
  thresholdOfBin,
} from '@/lib/ml/train/binning';
import { Rng } from '@/lib/ml/train/random';

const sorted = (values: number[]) => Float64Array.from(values).sort();

describe('buildFeatureBinner', () => {
  it('gives each frequent distinct value its own bin and keeps zero apart', () => {
    const values = [-2, -2, -2, -1, -1, -1, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const b = buildFeatureBinner(sorted(values), false, -2, 2, 255, 3);
    const binsOf = [-2, -1, 0, 1, 2].map((v) => binOfValue(b, v));
    expect(new Set(binsOf).size).toBe(5);
    expect(binsOf).toEqual([...binsOf].sort((x, y) => x - y));
    expect(b.missingType).toBe('None');
    expect(b.nanBin).toBe(-1);
  });

  it('adds a separate last bin for NaN when the feature has missing values', () => {
    const b = buildFeatureBinner(sorted([1, 1, 1, 2, 2, 2]), true, 1, 2, 255, 3);
    expect(b.missingType).toBe('NaN');
    expect(b.nanBin).toBe(b.numBins - 1);
    expect(binOfValue(b, NaN)).toBe(b.nanBin);
    expect(binOfValue(b, 2)).toBeLessThan(b.nanBin);
  });

  it('keeps at most max_bin bins and float32-exact thresholds that split between sample values', () => {
    const rng = new Rng(1);
    const values = Array.from({ length: 20000 }, () => Math.fround(rng.nextFloat() * 1000 - 500));
    const b = buildFeatureBinner(sorted(values), false, -500, 500, 63, 3);
    expect(b.numBins).toBeLessThanOrEqual(63);
    expect(b.numBins).toBeGreaterThan(50);
    for (let t = 0; t < b.numBins - 1; t++) {
      const thr = thresholdOfBin(b, t);
      expect(Math.fround(thr)).toBe(thr);
      // Every value routed by "value <= threshold" lands on the same side as its bin.
      for (const v of values.slice(0, 500)) expect(v <= thr).toBe(binOfValue(b, v) <= t);
    }
  });

  it('marks a single-valued feature without NaN as trivial', () => {
    const b = buildFeatureBinner(sorted([4, 4, 4]), false, 4, 4, 255, 3);
    expect(b.trivial).toBe(true);
    expect(featureInfoOf(b)).toBe('none');
    // min_data_in_bin: a value seen once in the sample does not get a bin of its own.
    expect(buildFeatureBinner(sorted([1, 5, 5, 5]), false, 1, 5, 255, 3).trivial).toBe(true);
    expect(featureInfoOf(buildFeatureBinner(sorted([1, 1, 1, 5, 5, 5]), false, 1, 5, 255, 3))).toBe('[1:5]');
  });
});

describe('binMatrix', () => {
  it('bins row-major data into global bin indices, row- and column-major', () => {
    const X = Float32Array.from([0, 10, 1, NaN, 0, 10, 1, 20]);
    const d = binMatrix(X, 4, ['a', 'b'], 255, 1, 1000, 0);
    expect(d.offsets[0]).toBe(0);
    expect(d.offsets[1]).toBe(d.binners[0]!.numBins);
    for (let r = 0; r < 4; r++) {
      for (let f = 0; f < 2; f++) {
        const local = binOfValue(d.binners[f]!, X[r * 2 + f]!);
        expect(d.bins[r * 2 + f]).toBe(d.offsets[f]! + local);
        expect(d.binsByColumn[f * 4 + r]).toBe(d.offsets[f]! + local);
      }
    }
    expect(d.binners[1]!.missingType).toBe('NaN');
  });

  it('names the row and feature of an infinite value', () => {
    expect(() => binMatrix(Float32Array.from([1, -Infinity]), 2, ['only'], 255, 3, 10, 0)).toThrow(
      /row 1, feature "only": value is -Infinity/,
    );
  });
});
