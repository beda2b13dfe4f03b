// Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature attribution
// for tree ensembles", Algorithm 2) for the TreeEnsemble the registry serves, in log-odds space: for every row,
// baseValue + sum(contributions) = sigmoid * rawScore = logit(yProba), with the evaluator's exact routing.
//
// The game is the paper's: v(S) follows the row at splits on features in S and otherwise averages both
// children weighted by their training covers (LightGBM's internal_count/leaf_count, the counts LightGBM's
// own pred_contrib uses). Each leaf then contributes a product game over the distinct features on its path:
// feature j either "agrees" with the row (the row takes the path's side at every split on j; a missing value
// takes the default side exactly as tree-eval decides) or not, and z_j is the product of the cover fractions
// of the path's splits on j. The Shapley value of such a leaf game is closed form (elementary symmetric
// polynomials of the z's, see leafShapley), so the work per row is one routing decision per node and, per
// leaf, a lookup in a table precomputed for every agree/disagree pattern of the leaf's features (Fast
// TreeSHAP v2, Yang 2021); leaves with too many distinct features compute the same closed form on the fly.
//
// Batches go further. The leaves under a node g contribute a function of only (a) which way each node of g's
// subtree sends the row and (b) which of the features split on above g still agree with the row; so trees
// are cut into "units" (subtrees of at most UNIT_MAX_NODES nodes) whose contributions are memoized under
// that key. A portfolio repeats those patterns heavily (discrete features, common profiles), and a hit
// costs one probe and a few additions. Every path gives bit-identical results.

import type { Tree, TreeEnsemble } from '@/lib/ml/tree-model';
import { K_ZERO_THRESHOLD } from '@/lib/ml/tree-eval';

export type TreeShapErrorCode = 'missing-covers' | 'invalid-covers' | 'bad-input';

export class TreeShapError extends Error {
  override name = 'TreeShapError';
  constructor(
    readonly code: TreeShapErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Explanation {
  /** E[f] in log-odds: the cover-weighted mean leaf value of every tree, summed (averaged for random forests). */
  baseValue: number;
  /** Row-major nRows x nFeatures log-odds contributions; columns past the model's features are 0. */
  contributions: Float64Array;
}

/** Leaves with at most this many distinct path features get a table of 2^d * d precomputed values. */
const TABLE_MAX_FEATURES = 10;
/** Total precomputed values across an ensemble (8 bytes each): past it, leaves are computed on the fly. */
const TABLE_BUDGET = 1 << 22;
/** A memoized unit is a subtree of at most this many internal nodes (its key's routing bits). */
const UNIT_MAX_NODES = 16;
/** Memoized values per model (8 bytes each), split evenly between units. */
const MEMO_BUDGET = 1 << 21;
/** At most 2^12 patterns (2^13 slots) per unit. */
const MEMO_MAX_BITS = 12;
/** Smaller batches (a real-time decision) neither allocate nor use the memo. */
const MEMO_MIN_ROWS = 64;
/** Rows go through one tree at a time in blocks this big, so the tree and its memo stay in cache. */
const ROW_BLOCK = 4096;

interface Compiled {
  numFeatures: number;
  nTrees: number;
  baseValue: number;
  nodeBase: Int32Array;
  nodeCount: Int32Array;
  /** 1 when a tree uses more than 32 distinct features, so its feature masks cannot be 32-bit words. */
  wide: Uint8Array;
  // Internal nodes, renumbered depth-first (preorder) within each tree: a parent precedes its children and
  // every subtree is a contiguous range, as are the leaves under it.
  feature: Int32Array;
  threshold: Float64Array;
  decision: Uint8Array;
  catStart: Int32Array;
  catLength: Int32Array;
  catWords: Uint32Array;
  parent: Int32Array;
  isLeftChild: Uint8Array;
  /** 1 << (tree-local index of the node's feature); 0 in wide trees. */
  bit: Int32Array;
  // Leaves, in depth-first order.
  leafParent: Int32Array;
  leafIsLeft: Uint8Array;
  /** Number of distinct features on the leaf's path. */
  leafD: Int32Array;
  /** Start of the leaf's distinct features in uFeature / uPos / uZ. */
  leafU: Int32Array;
  /** Offset of the leaf's table in `table`, or -1 when computed on the fly. */
  leafTable: Int32Array;
  /** Leaf value times the output scale (sigmoid, 1/nTrees for random forests). */
  leafValue: Float64Array;
  /** The leaf's path, read in wide trees: pNode, pLeft (side taken), pU (distinct-feature slot). */
  leafPath: Int32Array;
  leafPathLen: Int32Array;
  pNode: Int32Array;
  pLeft: Uint8Array;
  pU: Int32Array;
  uFeature: Int32Array;
  uPos: Int32Array;
  uZ: Float64Array;
  table: Float64Array;
  /** Shapley weights k!(d-k-1)!/d! at weights[d * stride + k]. */
  weights: Float64Array;
  stride: number;
  /** Per tree: its distinct features (global ids) in tree-local order, at treeFeat[treeFeatStart[t] ..]. */
  treeFeatStart: Int32Array;
  treeFeat: Int32Array;
  /**
   * Per tree, the ranges [partStart[t], partStart[t + 1]) of parts: a part is either a unit (partNode >= 0,
   * memoizable) or a single leaf whose parent's subtree is too big to be a unit (partNode = -1).
   */
  partStart: Int32Array;
  partNode: Int32Array;
  partNodes: Int32Array;
  partLeafStart: Int32Array;
  partLeafEnd: Int32Array;
  /** Tree-local bits of the distinct features split on above the unit's root. */
  partPrefix: Int32Array;
  /** 2^(unit's nodes): places the prefix bits above the routing bits in a key (Math.pow is slow). */
  partScale: Float64Array;
  /** The unit's features (every leaf's path features) as tree-local indices, at partFeat[partFeatStart[p] ..]. */
  partFeatStart: Int32Array;
  partFeat: Int32Array;
  /** The same features as global ids. */
  partFeatGlobal: Int32Array;
  treeLeafBase: Int32Array;
  treeLeafCount: Int32Array;
  /** Per node: 0 numerical (missing None or NaN), 1 numerical with missing Zero, 2 categorical. */
  kind: Uint8Array;
  /** Per node: 1 when a missing value (NaN, or |x| <= 1e-35 for missing Zero) goes left. */
  nanLeft: Uint8Array;
  /**
   * Per tree, at maskNodes[maskStart[t] ..]: the nodes above its units and the units' roots, in preorder
   * (the masks a memo hit needs; a miss computes its unit's inner masks).
   */
  maskStart: Int32Array;
  maskNodes: Int32Array;
  // Scratch space reused by every row (JavaScript runs one explanation at a time per process).
  hot: Uint8Array;
  mask: Int32Array;
  agree: Uint8Array;
  e: Float64Array;
  e2: Float64Array;
  vals: Float64Array;
  /** Tree-local accumulator of one unit's contributions. */
  acc: Float64Array;
  memo: Memo | null;
}

/**
 * Open addressing, one region per unit: slot s holds key + 1 in `keys` (0 = empty, so nothing to fill) and
 * its entry number in `entry`; entry e's values sit at values[valueBase + e * nf], in partFeat order. Entries
 * are numbered by first appearance, so a portfolio's common patterns are packed together at the front.
 */
interface Memo {
  on: Uint8Array;
  slotBase: Int32Array;
  shift: Int32Array;
  size: Int32Array;
  cap: Int32Array;
  valueBase: Int32Array;
  keys: Float64Array;
  entry: Int32Array;
  values: Float64Array;
}

const cache = new WeakMap<TreeEnsemble, Compiled>();

function coversOf(tree: Tree, index: number): { internal: number[]; leaf: number[] } {
  const internal = tree.internalCount;
  const leaf = tree.leafCount;
  if (!internal || !leaf || internal.length !== tree.numLeaves - 1 || leaf.length !== tree.numLeaves) {
    throw new TreeShapError(
      'missing-covers',
      `tree ${index} has no internal_count/leaf_count (training covers); TreeSHAP needs them, and an ONNX model does not carry them: register the LightGBM text model`,
    );
  }
  internal.forEach((c, k) => {
    if (!Number.isFinite(c) || c <= 0) {
      throw new TreeShapError('invalid-covers', `tree ${index} internal_count[${k}] = ${c}: must be > 0`);
    }
  });
  leaf.forEach((c, k) => {
    if (!Number.isFinite(c) || c < 0) {
      throw new TreeShapError('invalid-covers', `tree ${index} leaf_count[${k}] = ${c}: must be >= 0`);
    }
  });
  return { internal, leaf };
}

/**
 * Shapley values of one leaf's product game v(S) = value * prod_j (j in S ? agree_j : z_j) over its d
 * distinct features (slots u .. u+d-1), h of which agree with the row. With w(k) = k!(d-k-1)!/d!, C the
 * disagreeing features and e_m the elementary symmetric polynomials of the agreeing z's:
 *   disagreeing j: -value * prod_C z * sum_k w(k) e_{h-k}                      (the same for every such j)
 *   agreeing i:     value * (1 - z_i) * prod_C z * sum_k w(k) e'_{h-1-k},      e' = e without z_i
 * Writes the d values into c.vals in slot order.
 */
function leafShapley(c: Compiled, d: number, u: number, value: number, agree: Uint8Array): void {
  const { e, e2, vals, uZ, weights } = c;
  const w = d * c.stride;
  let zCold = 1;
  let h = 0;
  e[0] = 1;
  for (let j = 0; j < d; j++) {
    const z = uZ[u + j]!;
    if (agree[j]) {
      h++;
      e[h] = 0;
      for (let m = h; m > 0; m--) e[m] = e[m]! + z * e[m - 1]!;
    } else zCold *= z;
  }
  let coldSum = 0;
  if (h < d) for (let k = 0; k <= h; k++) coldSum += weights[w + k]! * e[h - k]!;
  const cold = -value * zCold * coldSum;
  for (let j = 0; j < d; j++) {
    if (!agree[j]) {
      vals[j] = cold;
      continue;
    }
    const z = uZ[u + j]!;
    // Dividing the polynomial by (1 + z t): stable for 0 <= z <= 1, no division by z.
    e2[0] = 1;
    for (let m = 1; m < h; m++) e2[m] = e[m]! - z * e2[m - 1]!;
    let s = 0;
    for (let k = 0; k < h; k++) s += weights[w + k]! * e2[h - 1 - k]!;
    vals[j] = value * (1 - z) * zCold * s;
  }
}

const popcount = (x: number) => {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
};

function compile(ensemble: TreeEnsemble): Compiled {
  const cached = cache.get(ensemble);
  if (cached) return cached;
  const trees = ensemble.trees;
  const nTrees = trees.length;
  if (nTrees === 0) throw new TreeShapError('bad-input', 'the model has no trees');
  let nInternal = 0;
  let nLeaves = 0;
  let nWords = 0;
  let maxLeaves = 1;
  for (const t of trees) {
    nInternal += t.numLeaves - 1;
    nLeaves += t.numLeaves;
    nWords += t.catThreshold?.length ?? 0;
    maxLeaves = Math.max(maxLeaves, t.numLeaves);
  }
  const scale = (ensemble.averageOutput ? 1 / nTrees : 1) * ensemble.objective.sigmoid;
  const maxD = maxLeaves - 1;
  const stride = maxD + 1;
  const weights = new Float64Array((maxD + 1) * stride);
  for (let d = 1; d <= maxD; d++) {
    let wk = 1 / d;
    for (let k = 0; k < d; k++) {
      weights[d * stride + k] = wk;
      wk *= (k + 1) / (d - k - 1);
    }
  }
  const c: Compiled = {
    numFeatures: ensemble.featureNames.length,
    nTrees,
    baseValue: 0,
    nodeBase: new Int32Array(nTrees),
    nodeCount: new Int32Array(nTrees),
    wide: new Uint8Array(nTrees),
    feature: new Int32Array(nInternal),
    threshold: new Float64Array(nInternal),
    decision: new Uint8Array(nInternal),
    catStart: new Int32Array(nInternal),
    catLength: new Int32Array(nInternal),
    catWords: new Uint32Array(nWords),
    parent: new Int32Array(nInternal),
    isLeftChild: new Uint8Array(nInternal),
    bit: new Int32Array(nInternal),
    leafParent: new Int32Array(nLeaves),
    leafIsLeft: new Uint8Array(nLeaves),
    leafD: new Int32Array(nLeaves),
    leafU: new Int32Array(nLeaves),
    leafTable: new Int32Array(nLeaves).fill(-1),
    leafValue: new Float64Array(nLeaves),
    leafPath: new Int32Array(nLeaves),
    leafPathLen: new Int32Array(nLeaves),
    pNode: new Int32Array(0),
    pLeft: new Uint8Array(0),
    pU: new Int32Array(0),
    uFeature: new Int32Array(0),
    uPos: new Int32Array(0),
    uZ: new Float64Array(0),
    table: new Float64Array(0),
    weights,
    stride,
    treeFeatStart: new Int32Array(nTrees),
    treeFeat: new Int32Array(0),
    partStart: new Int32Array(nTrees + 1),
    partNode: new Int32Array(0),
    partNodes: new Int32Array(0),
    partLeafStart: new Int32Array(0),
    partLeafEnd: new Int32Array(0),
    partPrefix: new Int32Array(0),
    partScale: new Float64Array(0),
    partFeatStart: new Int32Array(0),
    partFeat: new Int32Array(0),
    partFeatGlobal: new Int32Array(0),
    treeLeafBase: new Int32Array(nTrees),
    treeLeafCount: new Int32Array(nTrees),
    kind: new Uint8Array(nInternal),
    nanLeft: new Uint8Array(nInternal),
    maskStart: new Int32Array(nTrees + 1),
    maskNodes: new Int32Array(0),
    hot: new Uint8Array(nInternal),
    mask: new Int32Array(nInternal),
    agree: new Uint8Array(maxD),
    e: new Float64Array(maxD + 1),
    e2: new Float64Array(maxD + 1),
    vals: new Float64Array(maxD),
    acc: new Float64Array(32),
    memo: null,
  };
  const pNode: number[] = [];
  const pLeft: number[] = [];
  const pU: number[] = [];
  const uFeature: number[] = [];
  const uPos: number[] = [];
  const uZ: number[] = [];
  const treeFeat: number[] = [];
  const part = {
    node: [] as number[],
    nodes: [] as number[],
    leafStart: [] as number[],
    leafEnd: [] as number[],
  };
  const partPrefix: number[] = [];
  const partFeatStart: number[] = [];
  const partFeat: number[] = [];
  const partFeatGlobal: number[] = [];
  const maskNodes: number[] = [];
  let nodeBase = 0;
  let leafBase = 0;
  let wordBase = 0;
  trees.forEach((t, ti) => {
    const ni = t.numLeaves - 1;
    c.nodeBase[ti] = nodeBase;
    c.nodeCount[ti] = ni;
    c.treeFeatStart[ti] = treeFeat.length;
    c.partStart[ti] = part.node.length;
    c.maskStart[ti] = maskNodes.length;
    c.treeLeafBase[ti] = leafBase;
    c.treeLeafCount[ti] = t.numLeaves;
    if (ni === 0) {
      // A single leaf is a constant: all of it is expected value.
      c.leafParent[leafBase] = -1;
      c.leafValue[leafBase] = t.leafValue[0]! * scale;
      c.baseValue += t.leafValue[0]! * scale;
      leafBase += 1;
      return;
    }
    const covers = coversOf(t, ti);
    const localFeature = new Map<number, number>();
    for (let k = 0; k < ni; k++) {
      const f = t.splitFeature[k]!;
      if (!localFeature.has(f)) localFeature.set(f, localFeature.size);
    }
    const wide = localFeature.size > 32;
    c.wide[ti] = wide ? 1 : 0;
    treeFeat.push(...localFeature.keys());
    const bitOf = (old: number) => (wide ? 0 : 1 << localFeature.get(t.splitFeature[old]!)!);

    // Preorder walk (explicit stack: trees can be deep). It also proves the tree is well formed: every node
    // and leaf reached exactly once. Per new node: its old index, size, leaf range and prefix features.
    const newIndex = new Int32Array(ni).fill(-1);
    const oldOf: number[] = [];
    const leafOrder: { old: number; parentNew: number; left: number; zSteps: number[][] }[] = [];
    const seenLeaf = new Uint8Array(t.numLeaves);
    const sizeOf: number[] = [];
    const leafStartOf: number[] = [];
    const leafEndOf: number[] = [];
    const prefixOf: number[] = [];
    const ancestors: { q: number; left: number; frac: number; old: number }[] = [];
    const visit = (old: number, parentNew: number, left: number, prefix: number) => {
      if (old >= ni || newIndex[old] !== -1) {
        throw new TreeShapError(
          'bad-input',
          `tree ${ti}: node ${old} is not a tree node or is reached twice`,
        );
      }
      const q = oldOf.length;
      newIndex[old] = q;
      oldOf.push(old);
      prefixOf.push(prefix);
      leafStartOf.push(leafOrder.length);
      const g = nodeBase + q;
      const dt = t.decisionType[old]!;
      c.feature[g] = t.splitFeature[old]!;
      c.threshold[g] = t.threshold[old]!;
      c.decision[g] = dt;
      const missing = (dt >> 2) & 3;
      c.kind[g] = dt & 1 ? 2 : missing === 1 ? 1 : 0;
      // NaN under missing None is compared as 0; under Zero or NaN it takes the default side.
      c.nanLeft[g] = (missing === 0 ? 0 <= t.threshold[old]! : (dt & 2) !== 0) ? 1 : 0;
      c.bit[g] = bitOf(old);
      c.parent[g] = parentNew < 0 ? -1 : nodeBase + parentNew;
      c.isLeftChild[g] = left;
      if (dt & 1) {
        const catIdx = t.threshold[old]!;
        const start = t.catBoundaries![catIdx]!;
        c.catStart[g] = wordBase + start;
        c.catLength[g] = t.catBoundaries![catIdx + 1]! - start;
      }
      for (const [child, side] of [
        [t.leftChild[old]!, 1],
        [t.rightChild[old]!, 0],
      ] as const) {
        const childCover = child >= 0 ? covers.internal[child]! : covers.leaf[~child]!;
        ancestors.push({ q, left: side, frac: childCover / covers.internal[old]!, old });
        if (child >= 0) visit(child, q, side, prefix | bitOf(old));
        else {
          const leaf = ~child;
          if (leaf >= t.numLeaves || seenLeaf[leaf]) {
            throw new TreeShapError(
              'bad-input',
              `tree ${ti}: leaf ${leaf} does not exist or is reached twice`,
            );
          }
          seenLeaf[leaf] = 1;
          leafOrder.push({
            old: leaf,
            parentNew: q,
            left: side,
            zSteps: ancestors.map((a) => [a.q, a.left, a.frac, a.old]),
          });
        }
        ancestors.pop();
      }
      sizeOf[q] = oldOf.length - q;
      leafEndOf[q] = leafOrder.length;
    };
    // The recursion depth is the tree depth, at most numLeaves - 1: fine for LightGBM's trees.
    visit(0, -1, 0, 0);
    if (oldOf.length !== ni) throw new TreeShapError('bad-input', `tree ${ti}: some nodes are unreachable`);
    if (t.catThreshold) c.catWords.set(t.catThreshold, wordBase);

    leafOrder.forEach((leaf, li) => {
      const gl = leafBase + li;
      c.leafParent[gl] = nodeBase + leaf.parentNew;
      c.leafIsLeft[gl] = leaf.left;
      c.leafValue[gl] = t.leafValue[leaf.old]! * scale;
      // The path merged per distinct feature: z = product of the cover fractions of its splits.
      const slotOf = new Map<number, number>();
      const u = uFeature.length;
      c.leafU[gl] = u;
      c.leafPath[gl] = pNode.length;
      c.leafPathLen[gl] = leaf.zSteps.length;
      let zAll = 1;
      for (const [q, left, frac, old] of leaf.zSteps) {
        const f = t.splitFeature[old!]!;
        let slot = slotOf.get(f);
        if (slot === undefined) {
          slot = slotOf.size;
          slotOf.set(f, slot);
          uFeature.push(f);
          uPos.push(wide ? 0 : localFeature.get(f)!);
          uZ.push(1);
        }
        uZ[u + slot] = uZ[u + slot]! * frac!;
        zAll *= frac!;
        pNode.push(nodeBase + q!);
        pLeft.push(left!);
        pU.push(slot);
      }
      c.leafD[gl] = slotOf.size;
      c.baseValue += t.leafValue[leaf.old]! * scale * zAll;
    });

    // Parts: the largest subtrees of at most UNIT_MAX_NODES nodes, top-down; a leaf hanging off a bigger
    // subtree is a part of its own. Wide trees have no units (their masks do not fit a word).
    const pushLeafPart = (li: number) => {
      part.node.push(-1);
      part.nodes.push(0);
      part.leafStart.push(leafBase + li);
      part.leafEnd.push(leafBase + li + 1);
      partPrefix.push(0);
      partFeatStart.push(partFeat.length);
    };
    const cut = (q: number) => {
      if (q > 0 && !wide) maskNodes.push(nodeBase + q);
      if (!wide && sizeOf[q]! <= UNIT_MAX_NODES) {
        let bits = prefixOf[q]!;
        for (let k = q; k < q + sizeOf[q]!; k++) bits |= c.bit[nodeBase + k]!;
        part.node.push(nodeBase + q);
        part.nodes.push(sizeOf[q]!);
        part.leafStart.push(leafBase + leafStartOf[q]!);
        part.leafEnd.push(leafBase + leafEndOf[q]!);
        partPrefix.push(prefixOf[q]!);
        partFeatStart.push(partFeat.length);
        for (let b = 0; b < 32; b++) {
          if ((bits >>> b) & 1) {
            partFeat.push(b);
            partFeatGlobal.push(treeFeat[c.treeFeatStart[ti]! + b]!);
          }
        }
        return;
      }
      const old = oldOf[q]!;
      for (const child of [t.leftChild[old]!, t.rightChild[old]!]) {
        if (child >= 0) cut(newIndex[child]!);
        else pushLeafPart(leafOrder.findIndex((l) => l.old === ~child));
      }
    };
    cut(0);
    nodeBase += ni;
    leafBase += t.numLeaves;
    wordBase += t.catThreshold?.length ?? 0;
  });
  c.partStart[nTrees] = part.node.length;
  c.maskStart[nTrees] = maskNodes.length;
  c.maskNodes = Int32Array.from(maskNodes);
  partFeatStart.push(partFeat.length);
  c.pNode = Int32Array.from(pNode);
  c.pLeft = Uint8Array.from(pLeft);
  c.pU = Int32Array.from(pU);
  c.uFeature = Int32Array.from(uFeature);
  c.uPos = Int32Array.from(uPos);
  c.uZ = Float64Array.from(uZ);
  c.treeFeat = Int32Array.from(treeFeat);
  c.partNode = Int32Array.from(part.node);
  c.partNodes = Int32Array.from(part.nodes);
  c.partLeafStart = Int32Array.from(part.leafStart);
  c.partLeafEnd = Int32Array.from(part.leafEnd);
  c.partPrefix = Int32Array.from(partPrefix);
  c.partScale = Float64Array.from(part.nodes, (k) => 2 ** k);
  c.partFeatStart = Int32Array.from(partFeatStart);
  c.partFeat = Int32Array.from(partFeat);
  c.partFeatGlobal = Int32Array.from(partFeatGlobal);

  // Tables for the leaves with the fewest distinct features first, within the budget (not in wide trees,
  // which read their paths instead).
  const candidates: number[] = [];
  let lb = 0;
  for (let t = 0; t < nTrees; t++) {
    const n = trees[t]!.numLeaves;
    if (!c.wide[t] && c.nodeCount[t]! > 0) {
      for (let l = lb; l < lb + n; l++) if (c.leafD[l]! <= TABLE_MAX_FEATURES) candidates.push(l);
    }
    lb += n;
  }
  candidates.sort((a, b) => c.leafD[a]! - c.leafD[b]!);
  let size = 0;
  for (const l of candidates) {
    const d = c.leafD[l]!;
    const need = (1 << d) * d;
    if (size + need > TABLE_BUDGET) break;
    c.leafTable[l] = size;
    size += need;
  }
  c.table = new Float64Array(size);
  for (const l of candidates) {
    const off = c.leafTable[l]!;
    if (off < 0) continue;
    const d = c.leafD[l]!;
    for (let m = 0; m < 1 << d; m++) {
      for (let j = 0; j < d; j++) c.agree[j] = (m >>> j) & 1;
      leafShapley(c, d, c.leafU[l]!, c.leafValue[l]!, c.agree);
      c.table.set(c.vals.subarray(0, d), off + m * d);
    }
  }
  cache.set(ensemble, c);
  return c;
}

function allocateMemo(c: Compiled): Memo {
  const nParts = c.partNode.length;
  const m: Memo = {
    on: new Uint8Array(nParts),
    slotBase: new Int32Array(nParts),
    shift: new Int32Array(nParts),
    size: new Int32Array(nParts),
    cap: new Int32Array(nParts),
    valueBase: new Int32Array(nParts),
    keys: new Float64Array(0),
    entry: new Int32Array(0),
    values: new Float64Array(0),
  };
  const featuresOf = (p: number) => c.partFeatStart[p + 1]! - c.partFeatStart[p]!;
  let perEntry = 0;
  for (let p = 0; p < nParts; p++) if (c.partNode[p]! >= 0) perEntry += featuresOf(p);
  // Entries per unit: a power of two, at most half the slots filled (short probe sequences).
  let bits = 4;
  while (bits < MEMO_MAX_BITS && 2 ** (bits + 1) * perEntry <= MEMO_BUDGET) bits++;
  if (perEntry === 0 || 2 ** bits * perEntry > MEMO_BUDGET) return m;
  let slots = 0;
  let values = 0;
  for (let p = 0; p < nParts; p++) {
    if (c.partNode[p]! < 0) continue;
    // No more entries than the unit has patterns.
    const entryBits = Math.min(bits, c.partNodes[p]! + popcount(c.partPrefix[p]!));
    m.on[p] = 1;
    m.slotBase[p] = slots;
    m.shift[p] = 32 - (entryBits + 1);
    m.cap[p] = 2 ** entryBits;
    m.valueBase[p] = values;
    slots += 2 ** (entryBits + 1);
    values += 2 ** entryBits * featuresOf(p);
  }
  m.keys = new Float64Array(slots);
  m.entry = new Int32Array(slots);
  m.values = new Float64Array(values);
  return m;
}

/** tree-eval's routing (LightGBM's NumericalDecision / CategoricalDecision): true when the row goes left. */
function goesLeft(c: Compiled, g: number, raw: number): boolean {
  const dt = c.decision[g]!;
  if (dt & 1) {
    if (Number.isNaN(raw)) return false;
    const cat = Math.trunc(raw);
    if (cat < 0) return false;
    const word = cat >>> 5;
    return word < c.catLength[g]! && ((c.catWords[c.catStart[g]! + word]! >>> (cat & 31)) & 1) === 1;
  }
  const missingType = (dt >> 2) & 3;
  let fval = raw;
  if (Number.isNaN(fval) && missingType !== 2) fval = 0;
  if (
    (missingType === 1 && fval >= -K_ZERO_THRESHOLD && fval <= K_ZERO_THRESHOLD) ||
    (missingType === 2 && Number.isNaN(fval))
  ) {
    return (dt & 2) !== 0;
  }
  return fval <= c.threshold[g]!;
}

/** Adds leaves [l0, l1) of a tree with 32-bit masks into acc (tree-local feature index). */
function leavesInto(c: Compiled, l0: number, l1: number, acc: Float64Array): void {
  const { hot, mask, bit, agree, table, uPos, vals, leafD, leafU, leafParent, leafIsLeft, leafTable } = c;
  for (let l = l0; l < l1; l++) {
    const d = leafD[l]!;
    const u = leafU[l]!;
    const p = leafParent[l]!;
    const lm = hot[p] === leafIsLeft[l] ? mask[p]! : mask[p]! & ~bit[p]!;
    const off = leafTable[l]!;
    if (off >= 0) {
      let m = 0;
      for (let j = 0; j < d; j++) m |= ((lm >>> uPos[u + j]!) & 1) << j;
      const base = off + m * d;
      for (let j = 0; j < d; j++) acc[uPos[u + j]!]! += table[base + j]!;
    } else {
      for (let j = 0; j < d; j++) agree[j] = (lm >>> uPos[u + j]!) & 1;
      leafShapley(c, d, u, c.leafValue[l]!, agree);
      for (let j = 0; j < d; j++) acc[uPos[u + j]!]! += vals[j]!;
    }
  }
}

/** Adds the contributions of rows [0, n) of `data` (width `width`) into `out` (same layout). */
function explainRows(
  c: Compiled,
  data: ArrayLike<number>,
  n: number,
  width: number,
  out: Float64Array,
): void {
  if (!c.memo && n >= MEMO_MIN_ROWS) c.memo = allocateMemo(c);
  const memo = n >= MEMO_MIN_ROWS ? c.memo : null;
  // Locals, not property loads, in the hot loops.
  const { hot, mask, agree, uFeature, vals, feature, parent, isLeftChild, bit, acc } = c;
  const { leafD, leafU, leafValue, leafPath, leafPathLen, pNode, pLeft, pU } = c;
  const { nodeBase, nodeCount, wide, treeLeafBase, treeLeafCount, nTrees, uPos } = c;
  const { kind, nanLeft, threshold, maskStart, maskNodes } = c;
  const { partStart, partNode, partNodes, partLeafStart, partLeafEnd, partPrefix, partFeatStart, partFeat } =
    c;
  const { partFeatGlobal, partScale } = c;
  // The memo's arrays, read once (allocateMemo ran above; nothing replaces them during the loops).
  const mOn = memo?.on;
  const mShift = memo?.shift;
  const mSlotBase = memo?.slotBase;
  const mKeys = memo?.keys;
  const mEntry = memo?.entry;
  const mValues = memo?.values;
  const mValueBase = memo?.valueBase;
  // Tree-major within blocks of rows: one tree's nodes and memo stay in cache while a block goes through it.
  for (let r0 = 0; r0 < n; r0 += ROW_BLOCK) {
    const r1 = Math.min(n, r0 + ROW_BLOCK);
    for (let t = 0; t < nTrees; t++) {
      const ni = nodeCount[t]!;
      if (ni === 0) continue;
      const nb = nodeBase[t]!;
      const ne = nb + ni;
      for (let r = r0; r < r1; r++) {
        const offset = r * width;
        // The side every node sends the row (all of them matter, not only the row's own path), and the same
        // bits packed as the first 31 nodes' word: a unit that is the whole tree takes its key from it.
        let treeBits = 0;
        for (let g = nb; g < ne; g++) {
          const x = data[offset + feature[g]!]!;
          const k = kind[g]!;
          let h: number;
          if (k === 0) h = x === x ? (x <= threshold[g]! ? 1 : 0) : nanLeft[g]!;
          else if (k === 1) {
            h =
              x === x && (x > K_ZERO_THRESHOLD || x < -K_ZERO_THRESHOLD)
                ? x <= threshold[g]!
                  ? 1
                  : 0
                : nanLeft[g]!;
          } else h = goesLeft(c, g, x) ? 1 : 0;
          hot[g] = h;
          treeBits |= h << (g - nb);
        }
        // Top-down, the features whose splits so far all agree with the row (a bit cleared at the first
        // disagreement), down to the units' roots.
        mask[nb] = -1;
        for (let i = maskStart[t]!; i < maskStart[t + 1]!; i++) {
          const g = maskNodes[i]!;
          const p = parent[g]!;
          mask[g] = hot[p] === isLeftChild[g] ? mask[p]! : mask[p]! & ~bit[p]!;
        }
        if (wide[t] === 1) {
          const lb = treeLeafBase[t]!;
          for (let l = lb; l < lb + treeLeafCount[t]!; l++) {
            const d = leafD[l]!;
            agree.fill(1, 0, d);
            const ps = leafPath[l]!;
            const pe = ps + leafPathLen[l]!;
            for (let k = ps; k < pe; k++) if (hot[pNode[k]!] !== pLeft[k]) agree[pU[k]!] = 0;
            leafShapley(c, d, leafU[l]!, leafValue[l]!, agree);
            const u = leafU[l]!;
            for (let j = 0; j < d; j++) out[offset + uFeature[u + j]!]! += vals[j]!;
          }
          continue;
        }
        for (let p = partStart[t]!; p < partStart[t + 1]!; p++) {
          const q = partNode[p]!;
          const fs = partFeatStart[p]!;
          const nf = partFeatStart[p + 1]! - fs;
          let slot = -1;
          let key = 0;
          if (q >= 0 && mOn !== undefined && mOn[p] === 1) {
            // Key: the unit's routing bits, then which prefix features still agree (exact in a double).
            const size = partNodes[p]!;
            let sub = 0;
            if (q === nb && size === ni && size <= 31) sub = treeBits;
            else for (let k = 0; k < size; k++) sub |= hot[q + k]! << k;
            const prefix = mask[q]! & partPrefix[p]!;
            key = (prefix >>> 0) * partScale[p]! + sub;
            const shift = mShift![p]!;
            const smask = (1 << (32 - shift)) - 1;
            const sb = mSlotBase![p]!;
            let s = Math.imul(prefix ^ Math.imul(sub, 0x9e3779b1), 0x85ebca6b) >>> shift;
            let k = mKeys![sb + s]!;
            while (k !== 0 && k !== key + 1) {
              s = (s + 1) & smask;
              k = mKeys![sb + s]!;
            }
            if (k !== 0) {
              const vb = mValueBase![p]! + mEntry![sb + s]! * nf;
              for (let j = 0; j < nf; j++) out[offset + partFeatGlobal[fs + j]!]! += mValues![vb + j]!;
              continue;
            }
            slot = sb + s;
          }
          if (q < 0) {
            // A lone leaf: its features are its path's, at most a handful of additions.
            const l = partLeafStart[p]!;
            const u = leafU[l]!;
            const d = leafD[l]!;
            for (let j = 0; j < d; j++) acc[uPos[u + j]!] = 0;
            leavesInto(c, l, l + 1, acc);
            for (let j = 0; j < d; j++) out[offset + uFeature[u + j]!]! += acc[uPos[u + j]!]!;
            continue;
          }
          // A miss (or no memo): the unit's own masks, then its leaves.
          for (let g = q + 1; g < q + partNodes[p]!; g++) {
            const pg = parent[g]!;
            mask[g] = hot[pg] === isLeftChild[g] ? mask[pg]! : mask[pg]! & ~bit[pg]!;
          }
          for (let j = 0; j < nf; j++) acc[partFeat[fs + j]!] = 0;
          leavesInto(c, partLeafStart[p]!, partLeafEnd[p]!, acc);
          for (let j = 0; j < nf; j++) out[offset + partFeatGlobal[fs + j]!]! += acc[partFeat[fs + j]!]!;
          if (slot >= 0 && memo!.size[p]! < memo!.cap[p]!) {
            const e = memo!.size[p]!;
            memo!.size[p] = e + 1;
            memo!.keys[slot] = key + 1;
            memo!.entry[slot] = e;
            const vb = memo!.valueBase[p]! + e * nf;
            for (let j = 0; j < nf; j++) memo!.values[vb + j] = acc[partFeat[fs + j]!]!;
          }
        }
      }
    }
  }
}

/** The model's expected value in log-odds (what every explanation starts from). */
export function expectedValue(ensemble: TreeEnsemble): number {
  return compile(ensemble).baseValue;
}

/** Checks the ensemble can be explained (covers present and valid) without explaining anything. */
export function assertExplainable(ensemble: TreeEnsemble): void {
  compile(ensemble);
}

/** One row's explanation; the row may be wider than the model (extra columns get 0). */
export function explainRow(ensemble: TreeEnsemble, row: ArrayLike<number>): Explanation {
  return explainBatch(ensemble, row, row.length);
}

/**
 * Row-major batch: `rows` holds n * nFeatures values (NaN = missing). `out`, when given, is reused (it must
 * hold n * nFeatures values), so a caller explaining a million clients in chunks allocates nothing per chunk.
 * Pass the float32 values ONNX Runtime scored (a Float32Array): a value between a double threshold and its
 * float32 rounding would otherwise take another branch, and the sum would miss the served yProba.
 */
export function explainBatch(
  ensemble: TreeEnsemble,
  rows: ArrayLike<number>,
  nFeatures: number,
  out?: Float64Array,
): Explanation {
  const c = compile(ensemble);
  if (!Number.isInteger(nFeatures) || nFeatures < c.numFeatures) {
    throw new TreeShapError(
      'bad-input',
      `rows have ${nFeatures} values but the model needs ${c.numFeatures} features`,
    );
  }
  if (rows.length % nFeatures !== 0) {
    throw new TreeShapError(
      'bad-input',
      `${rows.length} values are not a whole number of rows of ${nFeatures} features`,
    );
  }
  const n = rows.length / nFeatures;
  let contributions: Float64Array;
  if (out) {
    if (out.length < rows.length) {
      throw new TreeShapError('bad-input', `out holds ${out.length} values, ${rows.length} are needed`);
    }
    contributions = out.length === rows.length ? out : out.subarray(0, rows.length);
    contributions.fill(0);
  } else contributions = new Float64Array(rows.length);
  explainRows(c, rows, n, nFeatures, contributions);
  return { baseValue: c.baseValue, contributions };
}
