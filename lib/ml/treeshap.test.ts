import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { breastCancerRows, hasLightgbmText, readLightgbmText } from '@/lib/ml/test-fixtures/shared';
import { mulberry32 } from '@/lib/ml/test-fixtures/synthetic';
import { predictProba, predictRaw } from '@/lib/ml/tree-eval';
import type { Tree, TreeEnsemble } from '@/lib/ml/tree-model';
import { explainBatch, explainRow, expectedValue, TreeShapError } from '@/lib/ml/treeshap';

const logit = (p: number) => Math.log(p / (1 - p));

// ---------------------------------------------------------------------------------------------------------
// Independent references. Routing comes from tree-eval itself: each split is evaluated as a one-split stub
// model, so the references share no routing code with treeshap.ts.

const stubs = new WeakMap<Tree, TreeEnsemble[]>();

function stubOf(tree: Tree, k: number, nFeatures: number): TreeEnsemble {
  let list = stubs.get(tree);
  if (!list) stubs.set(tree, (list = []));
  if (!list[k]) {
    const categorical = (tree.decisionType[k]! & 1) === 1;
    const words = categorical
      ? tree.catThreshold!.slice(
          tree.catBoundaries![tree.threshold[k]!]!,
          tree.catBoundaries![tree.threshold[k]! + 1]!,
        )
      : [];
    list[k] = {
      featureNames: Array.from({ length: nFeatures }, (_, i) => `f${i}`),
      trees: [
        {
          numLeaves: 2,
          splitFeature: [tree.splitFeature[k]!],
          splitGain: [0],
          threshold: [categorical ? 0 : tree.threshold[k]!],
          decisionType: [tree.decisionType[k]!],
          leftChild: [-1],
          rightChild: [-2],
          leafValue: [0, 1],
          shrinkage: 1,
          ...(categorical ? { catBoundaries: [0, words.length], catThreshold: words } : {}),
        },
      ],
      objective: { name: 'binary', sigmoid: 1 },
      averageOutput: false,
    };
  }
  return list[k]!;
}

/** The child tree-eval sends row x to from internal node k. */
function hotChild(tree: Tree, k: number, x: number[]): number {
  return predictRaw(stubOf(tree, k, x.length), x) === 0 ? tree.leftChild[k]! : tree.rightChild[k]!;
}

const coverOf = (tree: Tree, child: number) =>
  child >= 0 ? tree.internalCount![child]! : tree.leafCount![~child]!;

/** v(S): follow x at splits on features in S, otherwise the cover-weighted mean of both children. */
function conditional(tree: Tree, x: number[], inS: boolean[], node = 0): number {
  if (tree.numLeaves === 1) return tree.leafValue[0]!;
  if (node < 0) return tree.leafValue[~node]!;
  if (inS[tree.splitFeature[node]!]) return conditional(tree, x, inS, hotChild(tree, node, x));
  const l = tree.leftChild[node]!;
  const r = tree.rightChild[node]!;
  return (
    (coverOf(tree, l) * conditional(tree, x, inS, l) + coverOf(tree, r) * conditional(tree, x, inS, r)) /
    tree.internalCount![node]!
  );
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** Shapley values by enumerating every subset of the features (the definition, exponential). */
function bruteForce(ensemble: TreeEnsemble, x: number[]): { base: number; phi: number[] } {
  const n = x.length;
  const scale = (ensemble.averageOutput ? 1 / ensemble.trees.length : 1) * ensemble.objective.sigmoid;
  const v = new Float64Array(1 << n);
  for (let s = 0; s < 1 << n; s++) {
    const inS = Array.from({ length: n }, (_, i) => ((s >> i) & 1) === 1);
    v[s] = ensemble.trees.reduce((sum, t) => sum + conditional(t, x, inS), 0) * scale;
  }
  const phi = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < 1 << n; s++) {
      if ((s >> i) & 1) continue;
      let size = 0;
      for (let b = s; b; b &= b - 1) size++;
      const w = (factorial(size) * factorial(n - size - 1)) / factorial(n);
      phi[i] = phi[i]! + w * (v[s | (1 << i)]! - v[s]!);
    }
  }
  return { base: v[0]!, phi };
}

/** Lundberg et al. 2018, Algorithm 2, as printed (paths copied, 0-based), for trees too wide to enumerate. */
function algorithm2(ensemble: TreeEnsemble, x: number[]): number[] {
  type P = { d: number; z: number; o: number; w: number };
  const phi = new Array<number>(x.length).fill(0);
  const scale = (ensemble.averageOutput ? 1 / ensemble.trees.length : 1) * ensemble.objective.sigmoid;
  const extend = (m: P[], pz: number, po: number, pi: number): P[] => {
    const l = m.length;
    const r = m.map((p) => ({ ...p }));
    r.push({ d: pi, z: pz, o: po, w: l === 0 ? 1 : 0 });
    for (let i = l - 1; i >= 0; i--) {
      r[i + 1]!.w += (po * r[i]!.w * (i + 1)) / (l + 1);
      r[i]!.w = (pz * r[i]!.w * (l - i)) / (l + 1);
    }
    return r;
  };
  const unwind = (m: P[], i: number): P[] => {
    const l = m.length;
    let n = m[l - 1]!.w;
    const r = m.slice(0, l - 1).map((p) => ({ ...p }));
    for (let j = l - 2; j >= 0; j--) {
      if (m[i]!.o !== 0) {
        const t = r[j]!.w;
        r[j]!.w = (n * l) / ((j + 1) * m[i]!.o);
        n = t - (r[j]!.w * m[i]!.z * (l - j - 1)) / l;
      } else {
        r[j]!.w = (r[j]!.w * l) / (m[i]!.z * (l - j - 1));
      }
    }
    for (let j = i; j < l - 1; j++) Object.assign(r[j]!, { d: m[j + 1]!.d, z: m[j + 1]!.z, o: m[j + 1]!.o });
    return r;
  };
  for (const tree of ensemble.trees) {
    if (tree.numLeaves === 1) continue;
    const recurse = (j: number, m0: P[], pz: number, po: number, pi: number, cover: number) => {
      let m = extend(m0, pz, po, pi);
      if (j < 0) {
        for (let i = 1; i < m.length; i++) {
          const w = unwind(m, i).reduce((s, p) => s + p.w, 0);
          const d = m[i]!.d;
          phi[d] = phi[d]! + w * (m[i]!.o - m[i]!.z) * tree.leafValue[~j]! * scale;
        }
        return;
      }
      const h = hotChild(tree, j, x);
      const c = h === tree.leftChild[j] ? tree.rightChild[j]! : tree.leftChild[j]!;
      const dj = tree.splitFeature[j]!;
      let iz = 1;
      let io = 1;
      const k = m.findIndex((p, idx) => idx > 0 && p.d === dj);
      if (k >= 0) {
        iz = m[k]!.z;
        io = m[k]!.o;
        m = unwind(m, k);
      }
      recurse(h, m, (iz * coverOf(tree, h)) / cover, io, dj, coverOf(tree, h));
      recurse(c, m, (iz * coverOf(tree, c)) / cover, 0, dj, coverOf(tree, c));
    };
    recurse(0, [], 1, 1, -1, tree.internalCount![0]!);
  }
  return phi;
}

// ---------------------------------------------------------------------------------------------------------
// Random trees with covers, every numerical missing type, default_left both ways and categorical splits.

const GRID = [-1, -0.5, 0, 0.5, 1, 1.5, 2];

interface RandomTreeOptions {
  numLeaves: number;
  features: number[];
  categoricalFeature?: number;
  /** Split features in order along one path (a caterpillar), instead of random growth. */
  chain?: boolean;
}

function randomTree(rand: () => number, o: RandomTreeOptions): Tree {
  const tree: Tree = {
    numLeaves: o.numLeaves,
    splitFeature: [],
    splitGain: [],
    threshold: [],
    decisionType: [],
    leftChild: [],
    rightChild: [],
    leafValue: Array.from({ length: o.numLeaves }, () => rand() * 2 - 1),
    leafCount: [1000 + Math.floor(rand() * 9000)],
    internalCount: [],
    shrinkage: 1,
  };
  const cats: number[] = [];
  const bounds = [0];
  const parentOfLeaf = new Map<number, { node: number; side: 'l' | 'r' }>();
  for (let k = 0; k < o.numLeaves - 1; k++) {
    // Split a leaf with at least 2 rows (the last one for a chain).
    const splittable = tree.leafCount!.map((c, i) => (c >= 2 ? i : -1)).filter((i) => i >= 0);
    const leaf = o.chain ? k : splittable[Math.floor(rand() * splittable.length)]!;
    const feature = o.chain
      ? o.features[k % o.features.length]!
      : o.features[Math.floor(rand() * o.features.length)]!;
    tree.splitFeature.push(feature);
    tree.splitGain.push(1);
    if (feature === o.categoricalFeature) {
      const words = [0, 0];
      for (let c = 0; c < 40; c++) if (rand() < 0.4) words[c >> 5] = (words[c >> 5]! | (1 << (c & 31))) >>> 0;
      tree.threshold.push(bounds.length - 1);
      cats.push(...words);
      bounds.push(cats.length);
      tree.decisionType.push(1);
    } else {
      tree.threshold.push(GRID[Math.floor(rand() * GRID.length)]!);
      const missing = Math.floor(rand() * 3);
      tree.decisionType.push((missing << 2) | (rand() < 0.5 ? 2 : 0));
    }
    const count = tree.leafCount![leaf]!;
    // A chain keeps most rows on its long side; fractional covers (weights) are as valid as counts.
    const left = o.chain
      ? count * (0.05 + 0.3 * rand())
      : Math.max(1, Math.min(count - 1, Math.round(count * (0.1 + 0.8 * rand()))));
    tree.internalCount!.push(count);
    tree.leafCount![leaf] = left;
    tree.leafCount!.push(count - left);
    tree.leftChild.push(~leaf);
    tree.rightChild.push(~(k + 1));
    const parent = parentOfLeaf.get(leaf);
    if (parent) (parent.side === 'l' ? tree.leftChild : tree.rightChild)[parent.node] = k;
    parentOfLeaf.set(leaf, { node: k, side: 'l' });
    parentOfLeaf.set(k + 1, { node: k, side: 'r' });
  }
  if (cats.length) {
    tree.catBoundaries = bounds;
    tree.catThreshold = cats;
  }
  return tree;
}

function randomEnsemble(seed: number, nFeatures: number, nTrees: number, maxLeaves: number): TreeEnsemble {
  const rand = mulberry32(seed);
  const features = Array.from({ length: nFeatures - 1 }, (_, i) => i); // the last feature is never used
  return {
    featureNames: Array.from({ length: nFeatures }, (_, i) => `f${i}`),
    trees: Array.from({ length: nTrees }, () =>
      randomTree(rand, {
        numLeaves: 1 + Math.floor(rand() * maxLeaves),
        features,
        categoricalFeature: seed % 2 === 0 ? 0 : undefined,
      }),
    ),
    objective: { name: 'binary', sigmoid: seed % 3 === 0 ? 1.7 : 1 },
    averageOutput: seed % 5 === 0,
  };
}

/** Values that land on thresholds, on both sides of them, on the missing/zero rules and on categories. */
function randomRow(rand: () => number, nFeatures: number): number[] {
  const special = [NaN, 0, -0, 1e-36, -1e-36, 3, 33, 17, -1, 0.7, 2.5];
  return Array.from({ length: nFeatures }, () => {
    const u = rand();
    if (u < 0.4) return GRID[Math.floor(rand() * GRID.length)]!;
    if (u < 0.7) return special[Math.floor(rand() * special.length)]!;
    return rand() * 4 - 1.5;
  });
}

function marginOf(ensemble: TreeEnsemble, row: ArrayLike<number>) {
  return ensemble.objective.sigmoid * predictRaw(ensemble, row);
}

function maxAdditivityError(ensemble: TreeEnsemble, rows: number[][]) {
  const nF = rows[0]!.length;
  const { baseValue, contributions } = explainBatch(ensemble, Float64Array.from(rows.flat()), nF);
  let maxMargin = 0;
  let maxLogit = 0;
  rows.forEach((row, r) => {
    let sum = baseValue;
    for (let f = 0; f < nF; f++) sum += contributions[r * nF + f]!;
    maxMargin = Math.max(maxMargin, Math.abs(sum - marginOf(ensemble, row)));
    maxLogit = Math.max(maxLogit, Math.abs(sum - logit(predictProba(ensemble, row))));
  });
  return { maxMargin, maxLogit };
}

function modelRows(ensemble: TreeEnsemble, n: number, seed: number): number[][] {
  const rand = mulberry32(seed);
  const byFeature = ensemble.featureNames.map((_, f) =>
    ensemble.trees.flatMap((t) =>
      t.threshold.filter((_, k) => t.splitFeature[k] === f && !(t.decisionType[k]! & 1)),
    ),
  );
  return Array.from({ length: n }, () =>
    byFeature.map((ts) => {
      const u = rand();
      if (u < 0.08) return NaN;
      if (u < 0.12) return 0;
      const t = ts.length ? ts[Math.floor(rand() * ts.length)]! : 0;
      // Exactly at a threshold, one float32 step above it, or anywhere around the split range.
      if (u < 0.4) return t;
      if (u < 0.55) return Math.fround(t) === t ? t + Math.abs(t) * 2 ** -23 + 1e-45 : Math.fround(t);
      const lo = ts.length ? Math.min(...ts) : -1;
      const hi = ts.length ? Math.max(...ts) : 1;
      return lo - 0.2 * (hi - lo) + rand() * 1.4 * (hi - lo || 1);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------

describe('TreeSHAP is exact', () => {
  it('equals brute-force Shapley values on random trees with 3 to 5 features (1e-9)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const nFeatures = 3 + (seed % 3);
      const ensemble = randomEnsemble(seed, nFeatures, 1 + (seed % 4), 12);
      const rand = mulberry32(seed * 7919);
      for (let r = 0; r < 8; r++) {
        const row = randomRow(rand, nFeatures);
        const exact = bruteForce(ensemble, row);
        const got = explainRow(ensemble, row);
        expect(got.baseValue).toBeCloseTo(exact.base, 9);
        exact.phi.forEach((p, i) => expect(Math.abs(got.contributions[i]! - p)).toBeLessThanOrEqual(1e-9));
      }
    }
  });

  it('equals brute force on a leaf with 12 distinct path features (computed without a table)', () => {
    const rand = mulberry32(99);
    const features = Array.from({ length: 12 }, (_, i) => i);
    const ensemble: TreeEnsemble = {
      featureNames: features.map((i) => `f${i}`),
      trees: [randomTree(rand, { numLeaves: 14, features, chain: true })],
      objective: { name: 'binary', sigmoid: 1 },
      averageOutput: false,
    };
    for (let r = 0; r < 3; r++) {
      const row = randomRow(rand, 12);
      const exact = bruteForce(ensemble, row);
      const got = explainRow(ensemble, row);
      exact.phi.forEach((p, i) => expect(Math.abs(got.contributions[i]! - p)).toBeLessThanOrEqual(1e-9));
    }
  });

  it('matches Algorithm 2 of the paper on a tree using 40 features (too many to enumerate)', () => {
    const rand = mulberry32(2024);
    const features = Array.from({ length: 40 }, (_, i) => i);
    const ensemble: TreeEnsemble = {
      featureNames: features.map((i) => `f${i}`),
      trees: [
        randomTree(rand, { numLeaves: 45, features, chain: true }),
        randomTree(rand, { numLeaves: 60, features }),
      ],
      objective: { name: 'binary', sigmoid: 1 },
      averageOutput: false,
    };
    for (let r = 0; r < 5; r++) {
      const row = randomRow(rand, 40);
      const reference = algorithm2(ensemble, row);
      const got = explainRow(ensemble, row);
      reference.forEach((p, i) => expect(Math.abs(got.contributions[i]! - p)).toBeLessThanOrEqual(1e-9));
      const sum = got.contributions.reduce((s, v) => s + v, got.baseValue);
      expect(Math.abs(sum - marginOf(ensemble, row))).toBeLessThanOrEqual(1e-9);
    }
  });

  it('gives the same values in a memoized batch as one row at a time, on trees cut into many units', () => {
    // 63- and 31-leaf trees are memoized in several subtrees keyed with their prefix features; a tree over
    // 40 features has no memo at all. Repeated rows hit the memo, fresh ones miss it.
    const rand = mulberry32(77);
    const features = Array.from({ length: 40 }, (_, i) => i);
    const ensemble: TreeEnsemble = {
      featureNames: features.map((i) => `f${i}`),
      trees: [
        randomTree(rand, { numLeaves: 63, features: features.slice(0, 6), categoricalFeature: 0 }),
        randomTree(rand, { numLeaves: 31, features: features.slice(0, 10) }),
        randomTree(rand, { numLeaves: 50, features, chain: true }),
        randomTree(rand, { numLeaves: 1, features }),
      ],
      objective: { name: 'binary', sigmoid: 1 },
      averageOutput: false,
    };
    const distinct = Array.from({ length: 150 }, () => randomRow(rand, 40));
    const rows = Array.from({ length: 600 }, (_, i) => distinct[(i * 7919) % distinct.length]!);
    const { baseValue, contributions } = explainBatch(ensemble, Float64Array.from(rows.flat()), 40);
    rows.forEach((row, r) => {
      const single = explainRow(ensemble, row);
      expect(Array.from(contributions.subarray(r * 40, (r + 1) * 40))).toEqual(
        Array.from(single.contributions),
      );
      const sum = single.contributions.reduce((s, v) => s + v, baseValue);
      expect(Math.abs(sum - marginOf(ensemble, row))).toBeLessThanOrEqual(1e-9);
    });
  });

  it('gives a feature no tree uses exactly 0', () => {
    const ensemble = randomEnsemble(4, 5, 6, 15);
    const rand = mulberry32(5);
    const rows = Array.from({ length: 200 }, () => randomRow(rand, 5));
    const { contributions } = explainBatch(ensemble, Float64Array.from(rows.flat()), 5);
    for (let r = 0; r < rows.length; r++) expect(contributions[r * 5 + 4]).toBe(0);
  });

  it('splits the credit equally between two features that play symmetric roles', () => {
    // Risk only when both features are high (an AND); half the rows on each side of each split.
    const tree: Tree = {
      numLeaves: 4,
      splitFeature: [0, 1, 1],
      splitGain: [1, 1, 1],
      threshold: [0.5, 0.5, 0.5],
      decisionType: [0, 0, 0],
      leftChild: [1, -1, -3],
      rightChild: [2, -2, -4],
      leafValue: [0, 0, 0, 1],
      leafCount: [25, 25, 25, 25],
      internalCount: [100, 50, 50],
      shrinkage: 1,
    };
    const and: TreeEnsemble = {
      featureNames: ['a', 'b'],
      trees: [tree],
      objective: { name: 'binary', sigmoid: 1 },
      averageOutput: false,
    };
    const both = explainRow(and, [1, 1]);
    expect(both.baseValue).toBeCloseTo(0.25, 15);
    expect(both.contributions[0]).toBeCloseTo(both.contributions[1]!, 15);
    // v({a}) = v({b}) = 0.5, v({a, b}) = 1: each gets (0.25 + 0.5) / 2.
    expect(both.contributions[0]).toBeCloseTo(0.375, 15);
    const one = explainRow(and, [1, 0]);
    expect(one.contributions[0]! + one.contributions[1]!).toBeCloseTo(-0.25, 15);
    expect(one.contributions[1]).toBeLessThan(one.contributions[0]!);
  });
});

describe('TreeSHAP follows the evaluator on missing values and categories', () => {
  const fixture = parseLightGbmText(
    fs.readFileSync(
      path.resolve(import.meta.dirname, 'test-fixtures/missing-and-categorical.model.txt'),
      'utf8',
    ),
  );

  it('adds up to logit(p) on the missing-and-categorical fixture', () => {
    const rand = mulberry32(11);
    const rows = Array.from({ length: 2000 }, () => randomRow(rand, 9));
    const { maxMargin, maxLogit } = maxAdditivityError(fixture, rows);
    expect(maxMargin).toBeLessThanOrEqual(1e-12);
    expect(maxLogit).toBeLessThanOrEqual(1e-6);
  });

  it.each([NaN, 0, 1e-36, -1e-36, 0.5, 0.6, -0.5, 1.5, 2, 1, 3, 4, 33, 2.9, -1])(
    'credits each fixture tree to its own feature, on the side the evaluator takes, for x = %s',
    (x) => {
      // Tree i splits only on f<i> with covers 10/10: its feature gets (leaf taken) - (mean of both leaves).
      for (let i = 0; i < 9; i++) {
        const row = new Array<number>(9).fill(0.25);
        row[i] = x;
        const tree = fixture.trees[i]!;
        const single: TreeEnsemble = { ...fixture, trees: [tree] };
        const taken = predictRaw(single, row);
        const mean = (tree.leafValue[0]! + tree.leafValue[1]!) / 2;
        const got = explainRow(fixture, row);
        expect(got.contributions[i]).toBeCloseTo(taken - mean, 15);
      }
    },
  );
});

describe('TreeSHAP on the default model', () => {
  const file = path.resolve(process.cwd(), 'models/proativa-default.txt');
  const model = parseLightGbmText(fs.readFileSync(file, 'utf8'));
  const rows = modelRows(model, 3000, 1);

  it('adds up to logit(yProba) to 1e-6 on 3,000 rows with NaNs, zeros and exact thresholds', () => {
    const { maxMargin, maxLogit } = maxAdditivityError(model, rows);
    expect(maxMargin).toBeLessThanOrEqual(1e-9);
    expect(maxLogit).toBeLessThanOrEqual(1e-6);
  });

  it('gives the same values one row at a time, in a batch, and into a reused buffer', () => {
    const nF = model.featureNames.length;
    const flat = Float64Array.from(rows.flat());
    const batch = explainBatch(model, flat, nF);
    const dirty = new Float64Array(flat.length).fill(123);
    const reused = explainBatch(model, flat, nF, dirty);
    expect(reused.contributions).toBe(dirty);
    expect(Array.from(reused.contributions)).toEqual(Array.from(batch.contributions));
    // A second batch reads memoized trees: still identical.
    expect(Array.from(explainBatch(model, flat, nF).contributions)).toEqual(Array.from(batch.contributions));
    for (let r = 0; r < 300; r++) {
      const single = explainRow(model, rows[r]!);
      expect(Array.from(single.contributions)).toEqual(
        Array.from(batch.contributions.subarray(r * nF, (r + 1) * nF)),
      );
    }
    expect(batch.baseValue).toBe(expectedValue(model));
  });

  it('accepts float32 rows and rows wider than the model (extra columns get 0)', () => {
    const nF = model.featureNames.length;
    const wide = rows.slice(0, 100).map((r) => [...r, 5, NaN]);
    const f32 = Float32Array.from(wide.flat());
    const { baseValue, contributions } = explainBatch(model, f32, nF + 2);
    for (let r = 0; r < 100; r++) {
      expect(contributions[r * (nF + 2) + nF]).toBe(0);
      expect(contributions[r * (nF + 2) + nF + 1]).toBe(0);
      let sum = baseValue;
      for (let f = 0; f < nF; f++) sum += contributions[r * (nF + 2) + f]!;
      expect(Math.abs(sum - marginOf(model, f32.subarray(r * (nF + 2), (r + 1) * (nF + 2))))).toBeLessThan(
        1e-9,
      );
    }
  });
});

describe.skipIf(!hasLightgbmText)('TreeSHAP on the shared LightGBM models', () => {
  const rows = breastCancerRows();
  const withNaN = rows.map((r, i) => r.map((v, f) => ((i * 31 + f) % 7 === 0 ? NaN : v)));

  it.each(['gbdt_breast_cancer.model.txt', 'dart_breast_cancer.model.txt'])(
    '%s: base + contributions = logit(p) to 1e-6, with and without missing values',
    (name) => {
      const model = parseLightGbmText(readLightgbmText(name));
      const { maxMargin, maxLogit } = maxAdditivityError(model, [
        ...rows,
        ...withNaN,
        ...modelRows(model, 500, 3),
      ]);
      expect(maxMargin).toBeLessThanOrEqual(1e-9);
      expect(maxLogit).toBeLessThanOrEqual(1e-6);
    },
  );

  it('reproduces LightGBM’s own DART probabilities through base + contributions', () => {
    const truth = readLightgbmText('dart_breast_cancer_true_predictions.txt').trim().split('\n').map(Number);
    const model = parseLightGbmText(readLightgbmText('dart_breast_cancer.model.txt'));
    const { baseValue, contributions } = explainBatch(model, Float64Array.from(rows.flat()), 30);
    rows.forEach((_, r) => {
      let sum = baseValue;
      for (let f = 0; f < 30; f++) sum += contributions[r * 30 + f]!;
      expect(Math.abs(1 / (1 + Math.exp(-sum)) - truth[r]!)).toBeLessThanOrEqual(1e-6);
    });
  });
});

describe('TreeSHAP refuses what it cannot explain', () => {
  it('names the tree when the model carries no covers (an ONNX-only model)', () => {
    const ensemble = randomEnsemble(3, 4, 3, 6);
    const bare = {
      ...ensemble,
      trees: ensemble.trees.map(({ leafCount: _l, internalCount: _i, ...t }) => t),
    };
    const multi = bare.trees.findIndex((t) => t.numLeaves > 1);
    expect(() => explainRow(bare, [0, 0, 0, 0])).toThrow(TreeShapError);
    expect(() => explainRow(bare, [0, 0, 0, 0])).toThrow(new RegExp(`tree ${multi} has no internal_count`));
  });

  it('names the node of an invalid cover', () => {
    const ensemble = randomEnsemble(6, 4, 1, 6);
    const tree =
      ensemble.trees.find((t) => t.numLeaves > 2) ??
      randomTree(mulberry32(1), { numLeaves: 4, features: [0, 1, 2] });
    const broken = {
      ...ensemble,
      trees: [{ ...tree, internalCount: tree.internalCount!.map((c, k) => (k === 1 ? 0 : c)) }],
    };
    try {
      explainRow(broken, [0, 0, 0, 0]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TreeShapError);
      expect((e as TreeShapError).code).toBe('invalid-covers');
      expect((e as Error).message).toMatch(/tree 0 internal_count\[1\] = 0/);
    }
  });

  it('refuses rows narrower than the model or a ragged buffer', () => {
    const ensemble = randomEnsemble(2, 4, 2, 6);
    expect(() => explainRow(ensemble, [1, 2])).toThrow(/needs 4 features/);
    expect(() => explainBatch(ensemble, new Float64Array(10), 4)).toThrow(/not a whole number of rows/);
    expect(() => explainBatch(ensemble, new Float64Array(8), 4, new Float64Array(4))).toThrow(/out holds 4/);
  });
});
