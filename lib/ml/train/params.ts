// Hyper-parameters of the in-app GBDT trainer: names, LightGBM-like defaults and validation.
// Each parameter maps to the LightGBM parameter of the same meaning (see lightgbmName) for the model header.

export interface GbdtParams {
  /** Boosting rounds (LightGBM num_iterations). Default 100. */
  numIterations: number;
  /** Shrinkage applied to every tree (learning_rate). Default 0.1. */
  learningRate: number;
  /** Maximum leaves per tree, leaf-wise growth (num_leaves). Default 31. */
  numLeaves: number;
  /** Maximum depth of a leaf; -1 = unlimited (max_depth). Default -1. */
  maxDepth: number;
  /** Minimum training rows in a leaf (min_data_in_leaf). Default 20. */
  minDataInLeaf: number;
  /** Minimum sum of hessians in a leaf (min_sum_hessian_in_leaf). Default 1e-3. */
  minSumHessianInLeaf: number;
  /** L1 regularisation on leaf outputs (lambda_l1). Default 0. */
  lambdaL1: number;
  /** L2 regularisation on leaf outputs (lambda_l2). Default 0. */
  lambdaL2: number;
  /** Minimum gain for a split to be made (min_gain_to_split). Default 0. */
  minGainToSplit: number;
  /** Maximum histogram bins per feature, NaN bin not counted (max_bin). Default 255. */
  maxBin: number;
  /** Minimum sampled rows per bin when building bins (min_data_in_bin). Default 3. */
  minDataInBin: number;
  /** Rows sampled to build the bin boundaries (bin_construct_sample_cnt). Default 200000. */
  binConstructSampleCnt: number;
  /** Share of features drawn for each tree (feature_fraction). Default 1. */
  featureFraction: number;
  /** Share of rows drawn for each bag (bagging_fraction). Default 1 (no bagging). */
  baggingFraction: number;
  /** Redraw the bag every k iterations; 0 disables bagging (bagging_freq). Default 0. */
  baggingFreq: number;
  /** Stop when validation AUC has not improved for this many rounds; 0 disables (early_stopping_round). */
  earlyStoppingRounds: number;
  /** Start from log(p/(1-p)) of the label mean (boost_from_average). Default true. */
  boostFromAverage: boolean;
  /** Seed of every random choice (bin sample, bagging, feature fraction). Default 0. */
  seed: number;
}

export const DEFAULT_GBDT_PARAMS: Readonly<GbdtParams> = Object.freeze({
  numIterations: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL1: 0,
  lambdaL2: 0,
  minGainToSplit: 0,
  maxBin: 255,
  minDataInBin: 3,
  binConstructSampleCnt: 200_000,
  featureFraction: 1,
  baggingFraction: 1,
  baggingFreq: 0,
  earlyStoppingRounds: 0,
  boostFromAverage: true,
  seed: 0,
});

const LIGHTGBM_NAMES: Record<keyof GbdtParams, string> = {
  numIterations: 'num_iterations',
  learningRate: 'learning_rate',
  numLeaves: 'num_leaves',
  maxDepth: 'max_depth',
  minDataInLeaf: 'min_data_in_leaf',
  minSumHessianInLeaf: 'min_sum_hessian_in_leaf',
  lambdaL1: 'lambda_l1',
  lambdaL2: 'lambda_l2',
  minGainToSplit: 'min_gain_to_split',
  maxBin: 'max_bin',
  minDataInBin: 'min_data_in_bin',
  binConstructSampleCnt: 'bin_construct_sample_cnt',
  featureFraction: 'feature_fraction',
  baggingFraction: 'bagging_fraction',
  baggingFreq: 'bagging_freq',
  earlyStoppingRounds: 'early_stopping_round',
  boostFromAverage: 'boost_from_average',
  seed: 'seed',
};

type Rule = { int?: boolean; min: number; max: number; minExclusive?: boolean };

const RULES: Record<Exclude<keyof GbdtParams, 'boostFromAverage'>, Rule> = {
  numIterations: { int: true, min: 1, max: 100_000 },
  learningRate: { min: 0, max: Infinity, minExclusive: true },
  numLeaves: { int: true, min: 2, max: 131_072 },
  maxDepth: { int: true, min: -1, max: 1_000 },
  minDataInLeaf: { int: true, min: 1, max: Number.MAX_SAFE_INTEGER },
  minSumHessianInLeaf: { min: 0, max: Infinity },
  lambdaL1: { min: 0, max: Infinity },
  lambdaL2: { min: 0, max: Infinity },
  minGainToSplit: { min: 0, max: Infinity },
  maxBin: { int: true, min: 2, max: 65_534 },
  minDataInBin: { int: true, min: 1, max: Number.MAX_SAFE_INTEGER },
  binConstructSampleCnt: { int: true, min: 1, max: Number.MAX_SAFE_INTEGER },
  featureFraction: { min: 0, max: 1, minExclusive: true },
  baggingFraction: { min: 0, max: 1, minExclusive: true },
  baggingFreq: { int: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  earlyStoppingRounds: { int: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  seed: { int: true, min: 0, max: 2 ** 32 - 1 },
};

/** Merges user parameters over the defaults; an unknown name or out-of-range value throws a RangeError naming it. */
export function resolveGbdtParams(params: Partial<GbdtParams> = {}): GbdtParams {
  const out: GbdtParams = { ...DEFAULT_GBDT_PARAMS };
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_GBDT_PARAMS)) throw new RangeError(`unknown training parameter "${key}"`);
    if (key === 'boostFromAverage') {
      if (typeof value !== 'boolean') throw new RangeError(`parameter boostFromAverage must be a boolean`);
      out.boostFromAverage = value;
      continue;
    }
    const rule = RULES[key as keyof typeof RULES];
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new RangeError(`parameter ${key} must be a number, got ${String(value)}`);
    }
    if (rule.int && !Number.isInteger(value))
      throw new RangeError(`parameter ${key} must be an integer, got ${value}`);
    const belowMin = rule.minExclusive ? value <= rule.min : value < rule.min;
    if (belowMin || value > rule.max) {
      const lo = rule.minExclusive ? `> ${rule.min}` : `>= ${rule.min}`;
      throw new RangeError(`parameter ${key} must be ${lo} and <= ${rule.max}, got ${value}`);
    }
    if (key === 'maxDepth' && value === 0)
      throw new RangeError(`parameter maxDepth must be -1 (no limit) or >= 1`);
    (out as unknown as Record<string, number>)[key] = value;
  }
  return out;
}

/** The parameters in LightGBM's own names and formatting, for the model's "parameters:" block. */
export function lightgbmParameters(p: GbdtParams): Record<string, string> {
  const out: Record<string, string> = { boosting: 'gbdt', objective: 'binary', tree_learner: 'serial' };
  for (const key of Object.keys(LIGHTGBM_NAMES) as (keyof GbdtParams)[]) {
    const v = p[key];
    out[LIGHTGBM_NAMES[key]] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
  out.sigmoid = '1';
  return out;
}
