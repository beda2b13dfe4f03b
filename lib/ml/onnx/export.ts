// Export of a TreeEnsemble as an ai.onnx.ml TreeEnsembleClassifier laid out like onnxmltools' convert_lightgbm
// (float input [N, F], outputs `label` and `probabilities`, optional ZipMap), built so that onnxruntime
// reproduces LightGBM exactly on float32 inputs:
// - by default the input is cast to double and thresholds/leaves are double tensors (exact compare and sum);
//   with precision 'float', thresholds become the largest float32 <= the double threshold, which keeps
//   `x <= t` unchanged for every float32 x;
// - NaN: missing_type NaN/Zero follow default_left; missing_type None sends NaN where LightGBM sends 0 (0 <= t);
// - missing_type Zero also sends |x| <= 1e-35f to the default side, through extra comparison nodes when needed;
// - categorical splits become interval tests on LightGBM's truncated category (NaN and negatives go right);
// - sigmoid != 1 and random-forest averaging are folded into the leaf weights; LOGISTIC post transform.

import type { Tree, TreeEnsemble } from '@/lib/ml/tree-model';
import { K_ZERO_THRESHOLD } from '@/lib/ml/tree-eval';
import {
  attr,
  encodeModel,
  tensorTypeOf,
  TENSOR_DOUBLE,
  TENSOR_FLOAT,
  TENSOR_INT64,
  type OnnxModel,
  type OnnxNode,
  type OnnxType,
} from './proto';

export interface EnsembleToOnnxOptions {
  zipmap: boolean;
  /** Name of the float input tensor [N, F] (default "input", as onnxmltools names it). */
  inputName?: string;
  /**
   * 'double' (default): the float input is cast to double and thresholds/leaf weights are double tensors
   * (ai.onnx.ml 3 *_as_tensor attributes), so onnxruntime compares and sums in double like LightGBM; with float
   * attributes onnxruntime sums leaves in float32, which drifts past 1e-6 from about 1,000 trees.
   * 'float': float attributes exactly as onnxmltools writes them (thresholds rounded to stay exact).
   */
  precision?: 'double' | 'float';
  /** ai.onnx opset (default 17); ai.onnx.ml is imported at version 3. */
  opset?: number;
  producerName?: string;
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Largest float32 that is <= t, so that for every float32 x: x <= t (double) <=> x <= result (float). */
export function float32AtOrBelow(t: number): number {
  if (Number.isNaN(t)) return t;
  const f = Math.fround(t);
  if (f <= t) return f;
  // f rounded up: step one ulp towards -infinity.
  F32[0] = f;
  if (f === Infinity) return 3.4028234663852886e38;
  if (f > 0) U32[0] = U32[0]! - 1;
  else if (f === 0)
    U32[0] = 0x80000001; // just below -0: the smallest negative subnormal
  else U32[0] = U32[0]! + 1;
  return F32[0]!;
}

/** Categories of a LightGBM bitset merged into runs of consecutive integers [from, to]. */
export function categoryRuns(words: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w]! >>> 0;
    for (let b = 0; b < 32; b++) {
      if (!((word >>> b) & 1)) continue;
      const c = w * 32 + b;
      const last = runs[runs.length - 1];
      if (last && last[1] === c - 1) last[1] = c;
      else runs.push([c, c]);
    }
  }
  return runs;
}

/**
 * onnxruntime (>= 1.16) loads a tree depth-first, false child first, and requires every false child to be a node
 * not yet placed; shared nodes are only accepted as true children. Checked here so an export never fails at load.
 */
function checkOrtLayout(treeId: number, splits: { id: number; t: number; f: number }[]) {
  const byId = new Map(splits.map((s) => [s.id, s]));
  const placed = new Set<number>();
  const visit = (id: number) => {
    placed.add(id);
    const s = byId.get(id);
    if (!s) return;
    if (placed.has(s.f))
      throw new Error(`internal: tree ${treeId} node ${id} has a shared false child ${s.f}`);
    visit(s.f);
    if (!placed.has(s.t)) visit(s.t);
  };
  visit(0);
}

interface NodeAttrs {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  hitrates: number[];
  classTreeIds: number[];
  classNodeIds: number[];
  classIds: number[];
  classWeights: number[];
}

function emitTree(tree: Tree, treeId: number, leafScale: number, double: boolean, out: NodeAttrs) {
  const nInternal = tree.numLeaves - 1;
  const pending: {
    id: number;
    feature: number;
    mode: string;
    value: number;
    t: number;
    f: number;
    miss: number;
  }[] = [];
  let nextId = nInternal + tree.numLeaves;
  const fresh = () => nextId++;
  const childId = (c: number) => (c >= 0 ? c : nInternal + ~c);
  const split = (id: number, feature: number, mode: string, value: number, t: number, f: number, miss = 0) =>
    pending.push({ id, feature, mode, value, t, f, miss });
  const Z = K_ZERO_THRESHOLD;

  for (let k = 0; k < nInternal; k++) {
    const feature = tree.splitFeature[k]!;
    const L = childId(tree.leftChild[k]!);
    const R = childId(tree.rightChild[k]!);
    const dt = tree.decisionType[k]!;
    const threshold = tree.threshold[k]!;
    if (dt & 1) {
      const catIdx = threshold;
      const words = tree.catThreshold!.slice(tree.catBoundaries![catIdx]!, tree.catBoundaries![catIdx + 1]!);
      const runs = categoryRuns(words);
      if (runs.length === 0) {
        split(k, feature, 'BRANCH_LT', -Infinity, L, R);
        continue;
      }
      // Chain over runs, every shared subtree reached by a true branch except the final false -> R:
      // onnxruntime lays each node's false child right after it, so a false child must be a fresh node.
      // x < from ? R : (x < to+1 ? L : next run). NaN fails every test and ends right.
      let id = k;
      runs.forEach(([from, to], j) => {
        const inRun = fresh();
        if (from === 0) split(id, feature, 'BRANCH_LEQ', -1, R, inRun);
        else split(id, feature, 'BRANCH_LT', from, R, inRun);
        const next = j === runs.length - 1 ? R : fresh();
        split(inRun, feature, 'BRANCH_LT', to + 1, L, next);
        id = next;
      });
      continue;
    }
    const missingType = (dt >> 2) & 3;
    const defaultLeft = (dt & 2) !== 0;
    const tf = double ? threshold : float32AtOrBelow(threshold);
    if (missingType === 2) {
      split(k, feature, 'BRANCH_LEQ', tf, L, R, defaultLeft ? 1 : 0);
    } else if (missingType === 0) {
      split(k, feature, 'BRANCH_LEQ', tf, L, R, 0 <= threshold ? 1 : 0);
    } else if (defaultLeft) {
      if (Z <= threshold) {
        split(k, feature, 'BRANCH_LEQ', tf, L, R, 1);
      } else {
        // Values above t but within [-Z, Z] are "zero" and must still go left.
        const b = fresh();
        const c = fresh();
        split(k, feature, 'BRANCH_LEQ', tf, L, b, 1);
        split(b, feature, 'BRANCH_LEQ', Z, c, R);
        split(c, feature, 'BRANCH_LT', -Z, R, L);
      }
    } else if (threshold < -Z) {
      split(k, feature, 'BRANCH_LEQ', tf, L, R, 0);
    } else {
      // Values at or below t but within [-Z, Z] are "zero" and must go right (NaN too, via tracks_true).
      const b = fresh();
      const c = fresh();
      split(k, feature, 'BRANCH_GT', tf, R, b, 1);
      split(b, feature, 'BRANCH_LT', -Z, L, c);
      split(c, feature, 'BRANCH_LEQ', Z, R, L);
    }
  }
  checkOrtLayout(treeId, pending);
  const nodes: { id: number; leaf?: number; s?: (typeof pending)[number] }[] = pending.map((s) => ({
    id: s.id,
    s,
  }));
  for (let l = 0; l < tree.numLeaves; l++) nodes.push({ id: nInternal + l, leaf: l });
  nodes.sort((a, b) => a.id - b.id);
  for (const n of nodes) {
    out.treeIds.push(treeId);
    out.nodeIds.push(n.id);
    out.hitrates.push(1);
    if (n.s) {
      out.featureIds.push(n.s.feature);
      out.modes.push(n.s.mode);
      out.values.push(n.s.value);
      out.trueIds.push(n.s.t);
      out.falseIds.push(n.s.f);
      out.missingTrue.push(n.s.miss);
    } else {
      out.featureIds.push(0);
      out.modes.push('LEAF');
      out.values.push(0);
      out.trueIds.push(0);
      out.falseIds.push(0);
      out.missingTrue.push(0);
      out.classTreeIds.push(treeId);
      out.classNodeIds.push(n.id);
      out.classIds.push(0);
      const w = tree.leafValue[n.leaf!]! * leafScale;
      out.classWeights.push(double ? w : Math.fround(w));
    }
  }
}

export function ensembleToOnnx(ensemble: TreeEnsemble, opts: EnsembleToOnnxOptions): Uint8Array {
  const inputName = opts.inputName ?? 'input';
  const nFeatures = ensemble.featureNames.length;
  const leafScale = ensemble.objective.sigmoid * (ensemble.averageOutput ? 1 / ensemble.trees.length : 1);
  const a: NodeAttrs = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueIds: [],
    falseIds: [],
    missingTrue: [],
    hitrates: [],
    classTreeIds: [],
    classNodeIds: [],
    classIds: [],
    classWeights: [],
  };
  const double = (opts.precision ?? 'double') === 'double';
  ensemble.trees.forEach((t, i) => emitTree(t, i, leafScale, double, a));

  const probTensor = opts.zipmap ? 'probability_tensor' : 'probabilities';
  const classifier: OnnxNode = {
    input: [double ? 'input_double' : inputName],
    output: ['label', probTensor],
    name: 'LightGbmLGBMClassifier',
    opType: 'TreeEnsembleClassifier',
    domain: 'ai.onnx.ml',
    attribute: [
      attr.ints('class_ids', a.classIds),
      attr.ints('class_nodeids', a.classNodeIds),
      attr.ints('class_treeids', a.classTreeIds),
      double
        ? attr.doubles('class_weights_as_tensor', a.classWeights)
        : attr.floats('class_weights', a.classWeights),
      attr.ints('classlabels_int64s', [0, 1]),
      attr.ints('nodes_falsenodeids', a.falseIds),
      attr.ints('nodes_featureids', a.featureIds),
      attr.floats('nodes_hitrates', a.hitrates),
      attr.ints('nodes_missing_value_tracks_true', a.missingTrue),
      attr.strings('nodes_modes', a.modes),
      attr.ints('nodes_nodeids', a.nodeIds),
      attr.ints('nodes_treeids', a.treeIds),
      attr.ints('nodes_truenodeids', a.trueIds),
      double ? attr.doubles('nodes_values_as_tensor', a.values) : attr.floats('nodes_values', a.values),
      attr.string('post_transform', 'LOGISTIC'),
    ],
  };
  const nodes: OnnxNode[] = [classifier];
  if (double) {
    nodes.unshift({
      input: [inputName],
      output: ['input_double'],
      name: 'CastToDouble',
      opType: 'Cast',
      domain: '',
      attribute: [attr.int('to', TENSOR_DOUBLE)],
    });
  }
  let probOutputType: OnnxType = tensorTypeOf(TENSOR_FLOAT, ['N', 2]);
  if (opts.zipmap) {
    nodes.push({
      input: [probTensor],
      output: ['probabilities'],
      name: 'ZipMap',
      opType: 'ZipMap',
      domain: 'ai.onnx.ml',
      attribute: [attr.ints('classlabels_int64s', [0, 1])],
    });
    probOutputType = {
      sequenceType: {
        elemType: { mapType: { keyType: TENSOR_INT64, valueType: tensorTypeOf(TENSOR_FLOAT, []) } },
      },
    };
  }
  const model: OnnxModel = {
    irVersion: 8,
    opsetImport: [
      { domain: '', version: opts.opset ?? 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ],
    producerName: opts.producerName ?? 'proativa',
    producerVersion: '1',
    domain: '',
    modelVersion: 0,
    docString: '',
    graph: {
      node: nodes,
      name: 'lightgbm_binary',
      input: [{ name: inputName, type: tensorTypeOf(TENSOR_FLOAT, ['N', nFeatures]) }],
      output: [
        { name: 'label', type: tensorTypeOf(TENSOR_INT64, ['N']) },
        { name: 'probabilities', type: probOutputType },
      ],
    },
    metadataProps: [{ key: 'feature_names', value: ensemble.featureNames.join(' ') }],
  };
  return encodeModel(model);
}
