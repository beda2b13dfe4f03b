// Independent TypeScript evaluator of a TreeEnsemble with LightGBM's exact prediction semantics
// (Tree::NumericalDecision / CategoricalDecision in double precision, sum or average, then sigmoid).

import type { TreeEnsemble } from '@/lib/ml/tree-model';

/** LightGBM's kZeroThreshold is the float 1e-35f, compared against double feature values. */
export const K_ZERO_THRESHOLD = Math.fround(1e-35);

interface Compiled {
  numFeatures: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  decision: Uint8Array;
  /** >= 0: global internal node index; < 0: ~global leaf index. */
  left: Int32Array;
  right: Int32Array;
  leafValue: Float64Array;
  /** Per internal node: [start, length) of its bitset in catWords (categorical nodes only). */
  catStart: Int32Array;
  catLength: Int32Array;
  catWords: Uint32Array;
  scale: number;
  sigmoid: number;
}

const cache = new WeakMap<TreeEnsemble, Compiled>();

function compile(ensemble: TreeEnsemble): Compiled {
  const cached = cache.get(ensemble);
  if (cached) return cached;
  let nInternal = 0;
  let nLeaves = 0;
  let nWords = 0;
  for (const t of ensemble.trees) {
    nInternal += t.numLeaves - 1;
    nLeaves += t.numLeaves;
    nWords += t.catThreshold?.length ?? 0;
  }
  const c: Compiled = {
    numFeatures: ensemble.featureNames.length,
    roots: new Int32Array(ensemble.trees.length),
    feature: new Int32Array(nInternal),
    threshold: new Float64Array(nInternal),
    decision: new Uint8Array(nInternal),
    left: new Int32Array(nInternal),
    right: new Int32Array(nInternal),
    leafValue: new Float64Array(nLeaves),
    catStart: new Int32Array(nInternal),
    catLength: new Int32Array(nInternal),
    catWords: new Uint32Array(nWords),
    scale: ensemble.averageOutput ? 1 / ensemble.trees.length : 1,
    sigmoid: ensemble.objective.sigmoid,
  };
  let nodeBase = 0;
  let leafBase = 0;
  let wordBase = 0;
  ensemble.trees.forEach((t, ti) => {
    const ni = t.numLeaves - 1;
    c.roots[ti] = ni === 0 ? ~leafBase : nodeBase;
    const mapChild = (child: number) => (child >= 0 ? nodeBase + child : ~(leafBase + ~child));
    for (let k = 0; k < ni; k++) {
      const g = nodeBase + k;
      c.feature[g] = t.splitFeature[k]!;
      c.threshold[g] = t.threshold[k]!;
      c.decision[g] = t.decisionType[k]!;
      c.left[g] = mapChild(t.leftChild[k]!);
      c.right[g] = mapChild(t.rightChild[k]!);
      if (t.decisionType[k]! & 1) {
        const catIdx = t.threshold[k]!;
        const start = t.catBoundaries![catIdx]!;
        c.catStart[g] = wordBase + start;
        c.catLength[g] = t.catBoundaries![catIdx + 1]! - start;
      }
    }
    for (let l = 0; l < t.numLeaves; l++) c.leafValue[leafBase + l] = t.leafValue[l]!;
    if (t.catThreshold) c.catWords.set(t.catThreshold, wordBase);
    nodeBase += ni;
    leafBase += t.numLeaves;
    wordBase += t.catThreshold?.length ?? 0;
  });
  cache.set(ensemble, c);
  return c;
}

function decide(c: Compiled, node: number, raw: number): number {
  const dt = c.decision[node]!;
  if (dt & 1) {
    // Categorical: NaN and negative categories always go right (LightGBM >= 3).
    if (Number.isNaN(raw)) return c.right[node]!;
    const cat = Math.trunc(raw);
    if (cat < 0) return c.right[node]!;
    const word = cat >>> 5;
    if (word < c.catLength[node]! && (c.catWords[c.catStart[node]! + word]! >>> (cat & 31)) & 1) {
      return c.left[node]!;
    }
    return c.right[node]!;
  }
  const missingType = (dt >> 2) & 3;
  let fval = raw;
  if (Number.isNaN(fval) && missingType !== 2) fval = 0;
  if (
    (missingType === 1 && fval >= -K_ZERO_THRESHOLD && fval <= K_ZERO_THRESHOLD) ||
    (missingType === 2 && Number.isNaN(fval))
  ) {
    return dt & 2 ? c.left[node]! : c.right[node]!;
  }
  return fval <= c.threshold[node]! ? c.left[node]! : c.right[node]!;
}

function rawScore(c: Compiled, data: ArrayLike<number>, offset: number): number {
  let sum = 0;
  const roots = c.roots;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t]!;
    while (node >= 0) node = decide(c, node, data[offset + c.feature[node]!]!);
    sum += c.leafValue[~node]!;
  }
  return sum * c.scale;
}

function checkWidth(c: Compiled, width: number) {
  if (width < c.numFeatures) {
    throw new Error(`row has ${width} values but the model needs ${c.numFeatures} features`);
  }
}

/** Raw score (sum of leaf values, or their average for random forests), before the sigmoid. */
export function predictRaw(ensemble: TreeEnsemble, row: ArrayLike<number>): number {
  const c = compile(ensemble);
  checkWidth(c, row.length);
  return rawScore(c, row, 0);
}

export function sigmoid(x: number, param = 1): number {
  return 1 / (1 + Math.exp(-param * x));
}

/** Positive-class probability, as LightGBM's predict() returns for a binary model. */
export function predictProba(ensemble: TreeEnsemble, row: ArrayLike<number>): number {
  const c = compile(ensemble);
  checkWidth(c, row.length);
  return sigmoid(rawScore(c, row, 0), c.sigmoid);
}

/** Row-major batch scoring; data holds nRows * nFeatures values. */
export function predictProbaBatch(
  ensemble: TreeEnsemble,
  data: Float32Array | Float64Array,
  nRows: number,
  nFeatures: number,
): Float64Array {
  const c = compile(ensemble);
  checkWidth(c, nFeatures);
  if (data.length < nRows * nFeatures) {
    throw new Error(`data has ${data.length} values, expected ${nRows} rows x ${nFeatures} features`);
  }
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) out[r] = sigmoid(rawScore(c, data, r * nFeatures), c.sigmoid);
  return out;
}
