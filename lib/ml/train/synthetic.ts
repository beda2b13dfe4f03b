// Seeded synthetic binary-classification data for the trainer's tests and benchmark: a known logistic
// model over mixed features (some with NaN), so results are reproducible without any data files.

import { Rng } from '@/lib/ml/train/random';

export interface SyntheticData {
  X: Float32Array;
  nRows: number;
  featureNames: string[];
  y: Uint8Array;
}

/**
 * nRows x nFeatures rows; the label's log-odds depend non-linearly on the first few features, feature 1
 * is missing for ~10% of rows (and missing raises the risk), the rest are noise.
 */
export function syntheticCredit(nRows: number, nFeatures: number, seed: number): SyntheticData {
  if (nFeatures < 4) throw new RangeError('syntheticCredit needs at least 4 features');
  const rng = new Rng(seed, 99);
  const X = new Float32Array(nRows * nFeatures);
  const y = new Uint8Array(nRows);
  const gauss = () => {
    const u = Math.max(rng.nextFloat(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  for (let r = 0; r < nRows; r++) {
    const base = r * nFeatures;
    for (let f = 0; f < nFeatures; f++) X[base + f] = f % 3 === 2 ? Math.floor(rng.nextFloat() * 8) : gauss();
    const missing = rng.nextFloat() < 0.1;
    if (missing) X[base + 1] = NaN;
    const x0 = X[base]!;
    const x1 = missing ? 0 : X[base + 1]!;
    const x2 = X[base + 2]!;
    const logit =
      -1.5 + 1.2 * x0 + 0.8 * Math.abs(x1) - 0.3 * x2 + (x0 > 0.5 && x2 < 3 ? 1 : 0) + (missing ? 1.2 : 0);
    y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { X, nRows, featureNames: Array.from({ length: nFeatures }, (_, f) => `f${f}`), y };
}
