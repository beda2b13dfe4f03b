// The model card: what a registered model is, how it was trained and how well it does. Stored as JSON on
// ModelVersion.card; produced by the trainer (full card) or at upload (what can be known from the file).

export interface SplitMetrics {
  rows: number;
  positives: number;
  auc: number;
  gini: number;
  ks: number;
  /** Recall and precision when y_proba >= threshold, for the policy's thresholds. */
  atThreshold: { threshold: number; recall: number; precision: number; flaggedShare: number }[];
}

/** Deciles of a distribution, as produced by lib/metrics/classification.ts `deciles` (for PSI later). */
export interface ReferenceDistribution {
  cuts: number[];
  proportions: number[];
  missingShare: number;
  count: number;
}

export interface ModelCard {
  /** Display name, e.g. 'proativa-lgbm'. */
  name: string;
  description?: string;
  /** Binary tree-ensemble facts. */
  numTrees?: number;
  featureNames: string[];
  featureSetVersion?: string | null;
  /** Importance by total split gain, highest first (the top 5 drive drift monitoring). */
  importanceGain?: { feature: string; gain: number; share: number }[];
  training?: {
    algorithm: string;
    params: Record<string, unknown>;
    /** As-of months of the training window, inclusive ('YYYY-MM'). */
    trainWindow?: { from: string; to: string };
    validWindow?: { from: string; to: string };
    ootWindow?: { from: string; to: string };
    rows?: number;
    bestIteration?: number;
    trainingMillis?: number;
    seed?: number;
    /** How to reproduce it (e.g. the command line). */
    reproduce?: string;
  };
  metrics?: { validation?: SplitMetrics; outOfTime?: SplitMetrics };
  /** Reference distributions (training data) of each feature and of the score, for PSI drift checks. */
  reference?: { features: Record<string, ReferenceDistribution>; score?: ReferenceDistribution };
  /** Free notes (limitations, intended use). */
  notes?: string[];
}

export const POLICY_THRESHOLDS = [0.2, 0.5] as const;
