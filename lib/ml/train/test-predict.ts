// Test helper: a deliberately simple TreeEnsemble evaluator with LightGBM's numerical-split semantics,
// used to check the trainer's output independently of the shared evaluator (lib/ml/tree-eval.ts).

import { DECISION_DEFAULT_LEFT, missingTypeOf, type TreeEnsemble } from '@/lib/ml/tree-model';

/** Raw score (log-odds) of every row of a row-major matrix. */
export function predictRawForTest(ensemble: TreeEnsemble, X: Float32Array, nRows: number): Float64Array {
  const nF = ensemble.featureNames.length;
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    let sum = 0;
    for (const tree of ensemble.trees) {
      if (tree.numLeaves === 1) {
        sum += tree.leafValue[0]!;
        continue;
      }
      let node = 0;
      while (node >= 0) {
        let v = X[r * nF + tree.splitFeature[node]!]!;
        const dt = tree.decisionType[node]!;
        const missing = missingTypeOf(dt);
        if (Number.isNaN(v) && missing !== 'NaN') v = 0;
        const goLeft =
          (missing === 'NaN' && Number.isNaN(v)) || (missing === 'Zero' && v === 0)
            ? (dt & DECISION_DEFAULT_LEFT) !== 0
            : v <= tree.threshold[node]!;
        node = goLeft ? tree.leftChild[node]! : tree.rightChild[node]!;
      }
      sum += tree.leafValue[~node]!;
    }
    out[r] = ensemble.averageOutput ? sum / Math.max(1, ensemble.trees.length) : sum;
  }
  return out;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
