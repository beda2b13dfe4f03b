// The in-memory form of a binary tree-ensemble classifier, shared by the LightGBM text parser/writer,
// the in-app trainer, the ONNX exporter/importer and the TypeScript evaluator. It mirrors LightGBM's own
// model layout (flat per-tree arrays) so a LightGBM text model round-trips without loss.

/** LightGBM missing-value handling of a numerical split (bits 2-3 of decision_type). */
export type MissingType = 'None' | 'Zero' | 'NaN';

export interface Tree {
  /** Number of leaves; a tree with one leaf has no internal nodes. */
  numLeaves: number;
  /** Per internal node (numLeaves - 1 entries). */
  splitFeature: number[];
  /** Gain of each split, used for importance by gain. */
  splitGain: number[];
  /**
   * Numerical split: go left when value <= threshold.
   * Categorical split: index into catBoundaries (the split's bitset is
   * catThreshold[catBoundaries[i] .. catBoundaries[i+1]]).
   */
  threshold: number[];
  /** LightGBM bitfield: bit 0 categorical, bit 1 default_left, bits 2-3 missing type (0 None, 1 Zero, 2 NaN). */
  decisionType: number[];
  /** Child index: >= 0 is an internal node, < 0 is leaf ~child (i.e. -(leaf + 1)). */
  leftChild: number[];
  rightChild: number[];
  /** Raw score contributed by each leaf (already multiplied by shrinkage, as LightGBM stores it). */
  leafValue: number[];
  /** Optional per-leaf training counts and per-internal-node stats (kept for a faithful text export). */
  leafCount?: number[];
  leafWeight?: number[];
  internalValue?: number[];
  internalCount?: number[];
  internalWeight?: number[];
  /** Categorical split bitsets (32-bit words), LightGBM layout. */
  catBoundaries?: number[];
  catThreshold?: number[];
  shrinkage: number;
}

export interface TreeEnsemble {
  /** Names of the input features, in input-column order. */
  featureNames: string[];
  /** LightGBM feature_infos strings (e.g. "[0:1]", "none", "1:2:3" for categoricals), one per feature. */
  featureInfos?: string[];
  trees: Tree[];
  /** Objective; only binary classification is served. sigmoid is LightGBM's sigmoid parameter (1 by default). */
  objective: { name: 'binary'; sigmoid: number };
  /** true for random-forest boosting (average instead of sum of the trees' raw scores). */
  averageOutput: boolean;
  /** Free-form LightGBM header/parameter lines to preserve on export (optional). */
  parameters?: Record<string, string>;
}

export const DECISION_CATEGORICAL = 1;
export const DECISION_DEFAULT_LEFT = 2;

export function missingTypeOf(decisionType: number): MissingType {
  const m = (decisionType >> 2) & 3;
  return m === 1 ? 'Zero' : m === 2 ? 'NaN' : 'None';
}
