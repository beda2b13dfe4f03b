// The in-app gradient-boosted decision-tree trainer (binary log loss), following LightGBM's algorithm:
// histogram bins, leaf-wise growth, NaN default direction, histogram subtraction, bagging, feature
// fraction, early stopping on validation AUC. It produces the shared TreeEnsemble in LightGBM's layout.

import { auc } from '@/lib/metrics/classification';
import { binMatrix, featureInfoOf, thresholdOfBin, type BinnedData } from '@/lib/ml/train/binning';
import { lightgbmParameters, resolveGbdtParams, type GbdtParams } from '@/lib/ml/train/params';
import { Rng } from '@/lib/ml/train/random';
import { DECISION_DEFAULT_LEFT, type Tree, type TreeEnsemble } from '@/lib/ml/tree-model';

export type { GbdtParams } from '@/lib/ml/train/params';
export { DEFAULT_GBDT_PARAMS } from '@/lib/ml/train/params';

export interface TrainData {
  /** Row-major features: X[row * featureNames.length + feature]; NaN marks a missing value. */
  X: Float32Array;
  nRows: number;
  featureNames: string[];
  /** Labels, 0 or 1. */
  y: Uint8Array | Float32Array;
}

export interface ValidData {
  X: Float32Array;
  nRows: number;
  y: Uint8Array | Float32Array;
}

export interface IterationReport {
  /** 1-based boosting round. */
  iteration: number;
  /** Mean log loss of the training rows after this round. */
  trainLoss?: number;
  validAuc?: number;
}

export interface TrainOptions {
  valid?: ValidData;
  /** Called after every round, so a background job can report progress. */
  onIteration?: (it: IterationReport) => void;
  /** Polled before every round; true ends training with the trees built so far. */
  shouldStop?: () => boolean;
}

export interface TrainResult {
  ensemble: TreeEnsemble;
  /**
   * With a validation set, the round with the best validation AUC (1-based); with early stopping the
   * ensemble keeps exactly that many trees. Without validation, the number of trees.
   */
  bestIteration: number;
  history: { iteration: number; trainLoss: number; validAuc?: number }[];
  /** Sum of split gains per feature name, over the returned trees. */
  importanceGain: Record<string, number>;
  /** Number of splits per feature name, over the returned trees. */
  importanceSplit: Record<string, number>;
  params: GbdtParams;
  trainingMillis: number;
  /** Raw (log-odds) training scores of the returned ensemble, as tracked during training. */
  trainRawScores: Float64Array;
}

function checkLabels(y: ArrayLike<number>, nRows: number, what: string): number {
  if (y.length !== nRows) throw new RangeError(`${what}: y has ${y.length} labels for ${nRows} rows`);
  let positives = 0;
  for (let i = 0; i < nRows; i++) {
    const v = y[i]!;
    if (v === 1) positives++;
    else if (v !== 0) throw new RangeError(`${what} row ${i}: label must be 0 or 1, got ${String(v)}`);
  }
  return positives;
}

function thresholdL1(g: number, l1: number): number {
  if (l1 <= 0) return g;
  const a = Math.abs(g) - l1;
  return a > 0 ? Math.sign(g) * a : 0;
}

/** One tree under construction, in LightGBM's Tree::Split bookkeeping. */
class TreeBuilder {
  numLeaves = 1;
  readonly splitFeature: number[] = [];
  /** Global bin index of the threshold: rows with a bin <= it (NaN bin aside) go left. */
  readonly thresholdBin: number[] = [];
  readonly threshold: number[] = [];
  readonly defaultLeft: boolean[] = [];
  readonly decisionType: number[] = [];
  readonly splitGain: number[] = [];
  readonly leftChild: number[] = [];
  readonly rightChild: number[] = [];
  readonly internalValue: number[] = [];
  readonly internalWeight: number[] = [];
  readonly internalCount: number[] = [];
  readonly leafValue: number[] = [0];
  readonly leafWeight: number[] = [0];
  readonly leafCount: number[];
  readonly leafParent: number[] = [-1];
  readonly leafDepth: number[] = [0];

  constructor(rootCount: number) {
    this.leafCount = [rootCount];
  }

  split(
    leaf: number,
    feature: number,
    thresholdBin: number,
    threshold: number,
    defaultLeft: boolean,
    missingNaN: boolean,
    gain: number,
    left: { value: number; weight: number; count: number },
    right: { value: number; weight: number; count: number },
  ): number {
    const node = this.numLeaves - 1;
    const newLeaf = this.numLeaves;
    const parent = this.leafParent[leaf]!;
    if (parent >= 0) {
      if (this.leftChild[parent] === ~leaf) this.leftChild[parent] = node;
      else this.rightChild[parent] = node;
    }
    this.splitFeature[node] = feature;
    this.thresholdBin[node] = thresholdBin;
    this.threshold[node] = threshold;
    this.defaultLeft[node] = defaultLeft;
    this.decisionType[node] = (defaultLeft ? DECISION_DEFAULT_LEFT : 0) | (missingNaN ? 2 << 2 : 0);
    this.splitGain[node] = gain;
    this.leftChild[node] = ~leaf;
    this.rightChild[node] = ~newLeaf;
    // As LightGBM: the node keeps the leaf's previous value/weight (the root's are 0) and the total count.
    this.internalValue[node] = this.leafValue[leaf]!;
    this.internalWeight[node] = this.leafWeight[leaf]!;
    this.internalCount[node] = left.count + right.count;
    this.leafParent[leaf] = node;
    this.leafParent[newLeaf] = node;
    this.leafValue[leaf] = left.value;
    this.leafWeight[leaf] = left.weight;
    this.leafCount[leaf] = left.count;
    this.leafValue[newLeaf] = right.value;
    this.leafWeight[newLeaf] = right.weight;
    this.leafCount[newLeaf] = right.count;
    const depth = this.leafDepth[leaf]! + 1;
    this.leafDepth[leaf] = depth;
    this.leafDepth[newLeaf] = depth;
    this.numLeaves++;
    return newLeaf;
  }

  /** Leaf reached by a training row, routed on its global bins (used for out-of-bag rows). */
  leafOfBinnedRow(bins: Uint16Array | Uint32Array, base: number, nanGlobal: Int32Array): number {
    if (this.numLeaves === 1) return 0;
    let node = 0;
    while (node >= 0) {
      const f = this.splitFeature[node]!;
      const b = bins[base + f]!;
      const goLeft = b === nanGlobal[f]! ? this.defaultLeft[node]! : b <= this.thresholdBin[node]!;
      node = goLeft ? this.leftChild[node]! : this.rightChild[node]!;
    }
    return ~node;
  }

  /** The finished tree: leaf and internal values multiplied by the shrinkage, then the bias added. */
  toTree(shrinkage: number, bias: number): Tree {
    const scale = (v: number) => v * shrinkage + bias;
    return {
      numLeaves: this.numLeaves,
      splitFeature: [...this.splitFeature],
      splitGain: [...this.splitGain],
      threshold: [...this.threshold],
      decisionType: [...this.decisionType],
      leftChild: [...this.leftChild],
      rightChild: [...this.rightChild],
      leafValue: this.leafValue.map(scale),
      leafCount: [...this.leafCount],
      leafWeight: [...this.leafWeight],
      internalValue: this.internalValue.map(scale),
      internalCount: [...this.internalCount],
      internalWeight: [...this.internalWeight],
      // LightGBM's Tree::AddBias resets the recorded shrinkage to 1.
      shrinkage: bias !== 0 ? 1 : shrinkage,
    };
  }
}

/** Raw score of one raw feature row for a finished tree (LightGBM numerical-split semantics). */
function treeRawScore(tree: Tree, X: Float32Array, base: number): number {
  if (tree.numLeaves === 1) return tree.leafValue[0]!;
  let node = 0;
  while (node >= 0) {
    const v = X[base + tree.splitFeature[node]!]!;
    const dt = tree.decisionType[node]!;
    let goLeft: boolean;
    if (v !== v) {
      // Missing type None treats NaN as 0, as LightGBM does.
      goLeft = ((dt >> 2) & 3) === 2 ? (dt & DECISION_DEFAULT_LEFT) !== 0 : 0 <= tree.threshold[node]!;
    } else goLeft = v <= tree.threshold[node]!;
    node = goLeft ? tree.leftChild[node]! : tree.rightChild[node]!;
  }
  return tree.leafValue[~node]!;
}

/**
 * Trains a binary GBDT. Deterministic for a given seed and input. Throws a RangeError naming the row,
 * feature or parameter on bad input (labels not 0/1, infinite values, shape mismatch, one class only).
 */
export function trainGbdt(
  data: TrainData,
  params: Partial<GbdtParams> = {},
  opts: TrainOptions = {},
): TrainResult {
  const started = performance.now();
  const p = resolveGbdtParams(params);
  const { X, nRows, featureNames, y } = data;
  const nF = featureNames.length;
  if (nF === 0) throw new RangeError('training data has no features');
  if (new Set(featureNames).size !== nF) throw new RangeError('feature names must be unique');
  if (!Number.isInteger(nRows) || nRows < 1)
    throw new RangeError(`nRows must be a positive integer, got ${nRows}`);
  if (X.length !== nRows * nF) {
    throw new RangeError(`X has ${X.length} values; expected nRows * features = ${nRows} * ${nF}`);
  }
  const positives = checkLabels(y, nRows, 'training');
  if (positives === 0 || positives === nRows) {
    throw new RangeError(`training labels contain only one class (all ${positives === 0 ? 0 : 1})`);
  }
  const valid = opts.valid;
  if (valid) {
    if (valid.X.length !== valid.nRows * nF) {
      throw new RangeError(`validation X has ${valid.X.length} values; expected ${valid.nRows} * ${nF}`);
    }
    const validPositives = checkLabels(valid.y, valid.nRows, 'validation');
    if (validPositives === 0 || validPositives === valid.nRows) {
      throw new RangeError('validation labels contain only one class, so validation AUC is undefined');
    }
  }
  if (p.earlyStoppingRounds > 0 && !valid) {
    throw new RangeError('earlyStoppingRounds needs a validation set (opts.valid)');
  }

  const binned: BinnedData = binMatrix(
    X,
    nRows,
    featureNames,
    p.maxBin,
    p.minDataInBin,
    p.binConstructSampleCnt,
    p.seed,
  );
  const { binners, bins, binsByColumn, offsets, totalBins } = binned;
  const usable: number[] = [];
  for (let f = 0; f < nF; f++) if (!binners[f]!.trivial) usable.push(f);
  const nanBins = Int32Array.from(binners, (b) => b.nanBin);
  const nanGlobal = Int32Array.from(binners, (b, f) => (b.nanBin >= 0 ? offsets[f]! + b.nanBin : -1));
  const valueBins = Int32Array.from(binners, (b) => b.numBins - (b.nanBin >= 0 ? 1 : 0));

  // boost_from_average: LightGBM's BinaryLogloss::BoostFromScore, clamped away from 0 and 1.
  const pavg = Math.min(1 - 1e-15, Math.max(1e-15, positives / nRows));
  const initScore = p.boostFromAverage ? Math.log(pavg / (1 - pavg)) : 0;

  const score = new Float64Array(nRows).fill(initScore);
  // Gradient and hessian of row r at gh[2r], gh[2r + 1]: one cache line serves both in the histogram pass.
  const gh = new Float64Array(2 * nRows);
  const yArr = y;
  /** Gradients for the next round from the current scores; returns the mean log loss of those scores. */
  const computeGradients = (): number => {
    let loss = 0;
    for (let r = 0; r < nRows; r++) {
      const s = score[r]!;
      const e = Math.exp(-s);
      const prob = 1 / (1 + e);
      const label = yArr[r]!;
      gh[2 * r] = prob - label;
      gh[2 * r + 1] = prob * (1 - prob);
      // -log(p) = log1p(e); -log(1-p) = s + log1p(e); guard e overflow for very negative s.
      const l = e === Infinity ? -s : Math.log1p(e);
      loss += label === 1 ? l : s + l;
    }
    return loss / nRows;
  };
  computeGradients();

  const validScore = valid ? new Float64Array(valid.nRows).fill(initScore) : null;

  const l1 = p.lambdaL1;
  const l2 = p.lambdaL2;
  const minData = p.minDataInLeaf;
  const minHess = p.minSumHessianInLeaf;
  const leafGain = (g: number, h: number): number => {
    const t = thresholdL1(g, l1);
    const d = h + l2;
    return d > 0 ? (t * t) / d : 0;
  };
  const leafOutput = (g: number, h: number): number => {
    const d = h + l2;
    return d > 0 ? -thresholdL1(g, l1) / d : 0;
  };

  const maxLeaves = p.numLeaves;
  const histStride = 3 * totalBins;
  const hists: Float64Array[] = Array.from({ length: maxLeaves }, () => new Float64Array(histStride));
  const leafBegin = new Int32Array(maxLeaves);
  const leafN = new Int32Array(maxLeaves);
  const leafG = new Float64Array(maxLeaves);
  const leafH = new Float64Array(maxLeaves);
  // Best split per leaf.
  const bestGain = new Float64Array(maxLeaves);
  const bestFeature = new Int32Array(maxLeaves);
  const bestBin = new Int32Array(maxLeaves);
  const bestDefaultLeft = new Uint8Array(maxLeaves);
  const bestLeftG = new Float64Array(maxLeaves);
  const bestLeftH = new Float64Array(maxLeaves);
  const bestLeftN = new Float64Array(maxLeaves);

  const idx = new Int32Array(nRows);
  const tmp = new Int32Array(nRows);
  let bagRows: Int32Array | null = null;
  let oobRows: Int32Array | null = null;
  let bagCount = nRows;
  const useBagging = p.baggingFreq > 0 && p.baggingFraction < 1;
  const bagRng = new Rng(p.seed, 3);
  const featureRng = new Rng(p.seed, 2);

  let usedFeatures = Int32Array.from(usable);

  const buildHist = (hist: Float64Array, begin: number, end: number): void => {
    hist.fill(0);
    // With every usable feature in play, walk each row's bins contiguously (trivial features land in their
    // single bin, which is never scanned).
    if (usedFeatures.length === usable.length) {
      for (let i = begin; i < end; i++) {
        const r = idx[i]!;
        const g = gh[2 * r]!;
        const h = gh[2 * r + 1]!;
        const base = r * nF;
        const stop = base + nF;
        for (let j = base; j < stop; j++) {
          const b = 3 * bins[j]!;
          hist[b]! += g;
          hist[b + 1]! += h;
          hist[b + 2]! += 1;
        }
      }
      return;
    }
    const used = usedFeatures;
    const nUsed = used.length;
    for (let i = begin; i < end; i++) {
      const r = idx[i]!;
      const g = gh[2 * r]!;
      const h = gh[2 * r + 1]!;
      const base = r * nF;
      for (let k = 0; k < nUsed; k++) {
        const b = 3 * bins[base + used[k]!]!;
        hist[b]! += g;
        hist[b + 1]! += h;
        hist[b + 2]! += 1;
      }
    }
  };

  const findBestSplit = (leaf: number, depth: number): void => {
    bestGain[leaf] = -Infinity;
    const n = leafN[leaf]!;
    if (p.maxDepth > 0 && depth >= p.maxDepth) return;
    if (n < 2 * minData) return;
    const sumG = leafG[leaf]!;
    const sumH = leafH[leaf]!;
    const hist = hists[leaf]!;
    const minShift = leafGain(sumG, sumH) + p.minGainToSplit;
    let best = minShift;
    let found = false;
    const used = usedFeatures;
    for (let k = 0; k < used.length; k++) {
      const f = used[k]!;
      const base = offsets[f]!;
      const vb = valueBins[f]!;
      const hasNaN = nanBins[f]! >= 0;
      // Reverse scan: right side accumulates value bins from the top; NaN rows stay left (default left).
      let rG = 0;
      let rH = 0;
      let rN = 0;
      for (let t = vb - 1; t >= 1; t--) {
        const o = 3 * (base + t);
        rG += hist[o]!;
        rH += hist[o + 1]!;
        rN += hist[o + 2]!;
        if (rN < minData || rH < minHess) continue;
        const lN = n - rN;
        const lH = sumH - rH;
        if (lN < minData || lH < minHess) break;
        const lG = sumG - rG;
        const gain = leafGain(lG, lH) + leafGain(rG, rH);
        if (gain > best) {
          best = gain;
          found = true;
          bestFeature[leaf] = f;
          bestBin[leaf] = t - 1;
          bestDefaultLeft[leaf] = 1;
          bestLeftG[leaf] = lG;
          bestLeftH[leaf] = lH;
          bestLeftN[leaf] = lN;
        }
      }
      if (!hasNaN) continue;
      // Forward scan: left side accumulates value bins from the bottom; NaN rows go right.
      let lG = 0;
      let lH = 0;
      let lN = 0;
      for (let t = 0; t < vb; t++) {
        const o = 3 * (base + t);
        lG += hist[o]!;
        lH += hist[o + 1]!;
        lN += hist[o + 2]!;
        if (lN < minData || lH < minHess) continue;
        const rN2 = n - lN;
        const rH2 = sumH - lH;
        if (rN2 < minData || rH2 < minHess) break;
        const gain = leafGain(lG, lH) + leafGain(sumG - lG, rH2);
        if (gain > best) {
          best = gain;
          found = true;
          bestFeature[leaf] = f;
          bestBin[leaf] = t;
          bestDefaultLeft[leaf] = 0;
          bestLeftG[leaf] = lG;
          bestLeftH[leaf] = lH;
          bestLeftN[leaf] = lN;
        }
      }
    }
    if (found) bestGain[leaf] = best - minShift;
  };

  const trees: Tree[] = [];
  const treeGainByFeature: Float64Array[] = [];
  const history: TrainResult['history'] = [];
  let bestIteration = 0;
  let bestAuc = -Infinity;
  let bestScores: Float64Array | null = null as Float64Array | null;
  const featureCount = Math.max(1, Math.round(usable.length * p.featureFraction));

  for (let iter = 0; iter < p.numIterations; iter++) {
    if (opts.shouldStop?.()) break;

    // Rows of this round (bagging) and features of this tree (feature fraction).
    if (useBagging && iter % p.baggingFreq === 0) {
      const inBag: number[] = [];
      const out: number[] = [];
      for (let r = 0; r < nRows; r++) (bagRng.nextFloat() < p.baggingFraction ? inBag : out).push(r);
      bagRows = Int32Array.from(inBag);
      oobRows = Int32Array.from(out);
    }
    if (bagRows) {
      idx.set(bagRows);
      bagCount = bagRows.length;
    } else {
      for (let r = 0; r < nRows; r++) idx[r] = r;
      bagCount = nRows;
    }
    if (featureCount < usable.length) {
      const pool = usable.slice();
      for (let i = 0; i < featureCount; i++) {
        const j = i + featureRng.nextInt(pool.length - i);
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      usedFeatures = Int32Array.from(pool.slice(0, featureCount).sort((a, b) => a - b));
    }

    // Root.
    const builder = new TreeBuilder(bagCount);
    leafBegin[0] = 0;
    leafN[0] = bagCount;
    let g0 = 0;
    let h0 = 0;
    for (let i = 0; i < bagCount; i++) {
      const r = idx[i]!;
      g0 += gh[2 * r]!;
      h0 += gh[2 * r + 1]!;
    }
    leafG[0] = g0;
    leafH[0] = h0;
    if (usedFeatures.length > 0 && bagCount >= 2 * minData) {
      buildHist(hists[0]!, 0, bagCount);
      findBestSplit(0, 0);
    } else bestGain[0] = -Infinity;

    for (let s = 1; s < maxLeaves; s++) {
      let leaf = -1;
      let g = 0;
      for (let l = 0; l < builder.numLeaves; l++) {
        if (bestGain[l]! > g) {
          g = bestGain[l]!;
          leaf = l;
        }
      }
      if (leaf < 0) break;
      const f = bestFeature[leaf]!;
      const tBin = bestBin[leaf]!;
      const defLeft = bestDefaultLeft[leaf] === 1;
      const nanBin = nanGlobal[f]!;
      const tGlobal = offsets[f]! + tBin;
      const begin = leafBegin[leaf]!;
      const end = begin + leafN[leaf]!;
      let w = begin;
      let t = 0;
      const colBase = f * nRows;
      // Branch-free stable partition (a left/right branch mispredicts half the time): every row is written
      // to both outputs and only the matching cursor advances. The NaN bin sorts above every threshold, so
      // it goes right by the comparison and needs a test only when it defaults left.
      const nanLeft = defLeft && nanBin >= 0 ? nanBin : -1;
      for (let i = begin; i < end; i++) {
        const r = idx[i]!;
        const b = binsByColumn[colBase + r]!;
        const left = (((tGlobal - b) >>> 31) ^ 1) | (1 - (((b - nanLeft) | (nanLeft - b)) >>> 31));
        idx[w] = r;
        tmp[t] = r;
        w += left;
        t += left ^ 1;
      }
      idx.set(tmp.subarray(0, t), w);
      const nLeft = w - begin;
      const nRight = t;
      const lG = bestLeftG[leaf]!;
      const lH = bestLeftH[leaf]!;
      const rG = leafG[leaf]! - lG;
      const rH = leafH[leaf]! - lH;
      const binner = binners[f]!;
      const newLeaf = builder.split(
        leaf,
        f,
        tGlobal,
        thresholdOfBin(binner, tBin),
        defLeft,
        binner.missingType === 'NaN',
        bestGain[leaf]!,
        { value: leafOutput(lG, lH), weight: lH, count: nLeft },
        { value: leafOutput(rG, rH), weight: rH, count: nRight },
      );
      leafBegin[leaf] = begin;
      leafN[leaf] = nLeft;
      leafG[leaf] = lG;
      leafH[leaf] = lH;
      leafBegin[newLeaf] = w;
      leafN[newLeaf] = nRight;
      leafG[newLeaf] = rG;
      leafH[newLeaf] = rH;
      if (s === maxLeaves - 1) break; // no further split: children need no histograms
      const depth = builder.leafDepth[leaf]!;
      const splittable = (n: number) => n >= 2 * minData && !(p.maxDepth > 0 && depth >= p.maxDepth);
      if (!splittable(nLeft) && !splittable(nRight)) {
        bestGain[leaf] = -Infinity;
        bestGain[newLeaf] = -Infinity;
        continue;
      }
      // Histogram subtraction: build the smaller child, derive the larger from the parent.
      const parentHist = hists[leaf]!;
      if (nLeft <= nRight) {
        hists[leaf] = hists[newLeaf]!;
        hists[newLeaf] = parentHist;
        buildHist(hists[leaf]!, begin, w);
        const small = hists[leaf]!;
        for (let i = 0; i < histStride; i++) parentHist[i]! -= small[i]!;
      } else {
        const small = hists[newLeaf]!;
        buildHist(small, w, end);
        for (let i = 0; i < histStride; i++) parentHist[i]! -= small[i]!;
      }
      findBestSplit(leaf, depth);
      findBestSplit(newLeaf, depth);
    }

    const iteration = iter + 1;
    if (builder.numLeaves === 1) {
      // Nothing left to split. LightGBM keeps a constant first tree holding the initial score, then stops.
      if (iter === 0) {
        const tree = builder.toTree(1, initScore);
        tree.leafWeight = [h0];
        trees.push(tree);
        treeGainByFeature.push(new Float64Array(nF));
        const validAuc = valid && validScore ? auc(validScore, valid.y) : undefined;
        const report = {
          iteration,
          trainLoss: computeGradients(),
          ...(validAuc !== undefined ? { validAuc } : {}),
        };
        history.push(report);
        opts.onIteration?.(report);
        bestIteration = 1;
      }
      break;
    }
    const bias = iter === 0 ? initScore : 0;
    const tree = builder.toTree(p.learningRate, bias);
    trees.push(tree);
    const gains = new Float64Array(nF);
    for (let i = 0; i < tree.numLeaves - 1; i++) gains[tree.splitFeature[i]!]! += tree.splitGain[i]!;
    treeGainByFeature.push(gains);

    // Scores: in-bag rows by their leaf segment, out-of-bag rows routed on their bins. The shrunk leaf
    // value (without the bias, already in the initial score) is added, so these equal the ensemble's sum.
    const shrunk = builder.leafValue.map((v) => v * p.learningRate);
    for (let l = 0; l < builder.numLeaves; l++) {
      const v = shrunk[l]!;
      const e = leafBegin[l]! + leafN[l]!;
      for (let i = leafBegin[l]!; i < e; i++) score[idx[i]!]! += v;
    }
    if (oobRows) {
      for (let i = 0; i < oobRows.length; i++) {
        const r = oobRows[i]!;
        score[r]! += shrunk[builder.leafOfBinnedRow(bins, r * nF, nanGlobal)]!;
      }
    }
    const trainLoss = computeGradients();

    let validAuc: number | undefined;
    if (valid && validScore) {
      for (let r = 0; r < valid.nRows; r++) {
        // The first tree carries the initial score as its bias, so it replaces the starting value.
        const v = treeRawScore(tree, valid.X, r * nF);
        validScore[r] = iter === 0 ? v : validScore[r]! + v;
      }
      validAuc = auc(validScore, valid.y);
      if (validAuc > bestAuc) {
        bestAuc = validAuc;
        bestIteration = iteration;
        if (p.earlyStoppingRounds > 0) bestScores = score.slice();
      }
    } else bestIteration = iteration;
    history.push({ iteration, trainLoss, ...(validAuc !== undefined ? { validAuc } : {}) });
    opts.onIteration?.({ iteration, trainLoss, ...(validAuc !== undefined ? { validAuc } : {}) });
    if (p.earlyStoppingRounds > 0 && iteration - bestIteration >= p.earlyStoppingRounds) break;
  }

  let kept = trees;
  let trainRawScores: Float64Array = score;
  if (p.earlyStoppingRounds > 0 && bestScores && bestIteration < trees.length) {
    kept = trees.slice(0, bestIteration);
    trainRawScores = bestScores;
  }
  if (!valid) bestIteration = kept.length;

  const importanceGain: Record<string, number> = {};
  const importanceSplit: Record<string, number> = {};
  for (const name of featureNames) {
    importanceGain[name] = 0;
    importanceSplit[name] = 0;
  }
  kept.forEach((tree, t) => {
    const gains = treeGainByFeature[t]!;
    for (let f = 0; f < nF; f++) importanceGain[featureNames[f]!]! += gains[f]!;
    for (const f of tree.splitFeature) importanceSplit[featureNames[f]!]!++;
  });

  const ensemble: TreeEnsemble = {
    featureNames: [...featureNames],
    featureInfos: binners.map(featureInfoOf),
    trees: kept,
    objective: { name: 'binary', sigmoid: 1 },
    averageOutput: false,
    parameters: lightgbmParameters(p),
  };
  return {
    ensemble,
    bestIteration,
    history,
    importanceGain,
    importanceSplit,
    params: p,
    trainingMillis: performance.now() - started,
    trainRawScores,
  };
}
