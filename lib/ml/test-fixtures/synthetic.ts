// Deterministic synthetic LightGBM-like ensembles (random binary trees) for tests and benchmarks that need
// more trees than the shared models have.

import type { Tree, TreeEnsemble } from '@/lib/ml/tree-model';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** nTrees trees of numLeaves leaves over nFeatures features in [0, 1); NaN-aware splits, default left. */
export function syntheticEnsemble(
  nTrees: number,
  numLeaves: number,
  nFeatures: number,
  seed = 7,
): TreeEnsemble {
  const rand = mulberry32(seed);
  const trees: Tree[] = [];
  for (let t = 0; t < nTrees; t++) {
    const tree: Tree = {
      numLeaves,
      splitFeature: [],
      splitGain: [],
      threshold: [],
      decisionType: [],
      leftChild: [],
      rightChild: [],
      leafValue: Array.from({ length: numLeaves }, () => (rand() - 0.5) * 0.3),
      shrinkage: 0.05,
    };
    // Grow by splitting a random leaf: node k takes that leaf's place, its children are leaves `leaf` and k+1.
    const parentOfLeaf = new Map<number, { node: number; side: 'l' | 'r' }>();
    for (let k = 0; k < numLeaves - 1; k++) {
      const leaf = k === 0 ? 0 : Math.floor(rand() * (k + 1));
      tree.splitFeature.push(Math.floor(rand() * nFeatures));
      tree.splitGain.push(1);
      tree.threshold.push(rand());
      tree.decisionType.push(2 | (2 << 2));
      tree.leftChild.push(~leaf);
      tree.rightChild.push(~(k + 1));
      const parent = parentOfLeaf.get(leaf);
      if (parent) (parent.side === 'l' ? tree.leftChild : tree.rightChild)[parent.node] = k;
      parentOfLeaf.set(leaf, { node: k, side: 'l' });
      parentOfLeaf.set(k + 1, { node: k, side: 'r' });
    }
    trees.push(tree);
  }
  return {
    featureNames: Array.from({ length: nFeatures }, (_, i) => `f${i}`),
    trees,
    objective: { name: 'binary', sigmoid: 1 },
    averageOutput: false,
  };
}
