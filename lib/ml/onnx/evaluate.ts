// Independent TypeScript evaluation of an ai.onnx.ml TreeEnsembleClassifier's attributes with onnxruntime's
// semantics (float32 inputs; float or double thresholds as the node's input type dictates;
// missing_value_tracks_true; shared child nodes allowed), used to
// check uploaded ONNX models that come without a LightGBM text model.

import { OnnxFormatError } from './proto';
import { inspectOnnx, type TreeEnsembleAttributes } from './inspect';

const MODES = [
  'LEAF',
  'BRANCH_LEQ',
  'BRANCH_LT',
  'BRANCH_GTE',
  'BRANCH_GT',
  'BRANCH_EQ',
  'BRANCH_NEQ',
] as const;

export interface CompiledOnnxEnsemble {
  numFeatures: number;
  roots: Int32Array;
  mode: Uint8Array;
  feature: Int32Array;
  value: Float64Array;
  trueNode: Int32Array;
  falseNode: Int32Array;
  tracksTrue: Uint8Array;
  /** Per node: its leaf contribution to the class scored as positive (0 for branch nodes). */
  weight: Float64Array;
  base: number;
  transform: 'LOGISTIC' | 'NONE';
}

/** Validates and compiles the attributes; throws OnnxFormatError for anything the evaluation cannot follow. */
export function compileOnnxEnsemble(a: TreeEnsembleAttributes): CompiledOnnxEnsemble {
  if (a.postTransform !== 'LOGISTIC' && a.postTransform !== 'NONE') {
    throw new OnnxFormatError(`post_transform ${a.postTransform} is not supported (LOGISTIC or NONE)`);
  }
  const n = a.nodesNodeIds.length;
  const double = a.precision === 'double';
  const index = new Map<string, number>();
  const roots: number[] = [];
  let prevTree: number | undefined;
  for (let i = 0; i < n; i++) {
    const key = `${a.nodesTreeIds[i]}:${a.nodesNodeIds[i]}`;
    if (index.has(key)) throw new OnnxFormatError(`duplicate node ${key} (tree:node)`);
    index.set(key, i);
    // onnxruntime takes the first listed node of each tree as its root.
    if (a.nodesTreeIds[i] !== prevTree) roots.push(i);
    prevTree = a.nodesTreeIds[i];
  }
  // Binary classifiers from LightGBM converters carry the positive-class raw score on class id 0 only;
  // when class id 1 has weights, onnxruntime reports its own score as the positive probability.
  const positiveClass = a.classIds.some((c) => c === 1) ? 1 : 0;
  const c: CompiledOnnxEnsemble = {
    numFeatures: 0,
    roots: Int32Array.from(roots),
    mode: new Uint8Array(n),
    feature: new Int32Array(n),
    value: new Float64Array(n),
    trueNode: new Int32Array(n),
    falseNode: new Int32Array(n),
    tracksTrue: new Uint8Array(n),
    weight: new Float64Array(n),
    base: a.baseValues[positiveClass] ?? 0,
    transform: a.postTransform,
  };
  for (let i = 0; i < n; i++) {
    const mode = MODES.indexOf(a.nodesModes[i] as (typeof MODES)[number]);
    if (mode < 0) throw new OnnxFormatError(`node ${i}: unknown mode ${a.nodesModes[i]}`);
    c.mode[i] = mode;
    c.value[i] = double ? a.nodesValues[i]! : Math.fround(a.nodesValues[i]!);
    c.tracksTrue[i] = a.nodesMissingValueTracksTrue[i] ? 1 : 0;
    if (mode === 0) continue;
    const feature = a.nodesFeatureIds[i]!;
    c.feature[i] = feature;
    c.numFeatures = Math.max(c.numFeatures, feature + 1);
    for (const [target, ids] of [
      [c.trueNode, a.nodesTrueNodeIds],
      [c.falseNode, a.nodesFalseNodeIds],
    ] as const) {
      const j = index.get(`${a.nodesTreeIds[i]}:${ids[i]}`);
      if (j === undefined)
        throw new OnnxFormatError(
          `node ${a.nodesTreeIds[i]}:${a.nodesNodeIds[i]} points to missing node ${ids[i]}`,
        );
      target[i] = j;
    }
  }
  for (let k = 0; k < a.classWeights.length; k++) {
    const j = index.get(`${a.classTreeIds[k]}:${a.classNodeIds[k]}`);
    if (j === undefined || c.mode[j] !== 0) {
      throw new OnnxFormatError(
        `class weight ${k} refers to ${a.classTreeIds[k]}:${a.classNodeIds[k]}, not a leaf`,
      );
    }
    const w = double ? a.classWeights[k]! : Math.fround(a.classWeights[k]!);
    if (a.classIds[k] === positiveClass) c.weight[j] = c.weight[j]! + w;
  }
  // A cycle would make evaluation loop forever; depth can never exceed the node count.
  for (const r of c.roots) {
    const stack: [number, number][] = [[r, 0]];
    const seen = new Uint8Array(n);
    while (stack.length) {
      const [node, depth] = stack.pop()!;
      if (depth > n) throw new OnnxFormatError('the tree ensemble contains a cycle');
      if (c.mode[node] === 0 || seen[node]) continue;
      seen[node] = 1;
      stack.push([c.trueNode[node]!, depth + 1], [c.falseNode[node]!, depth + 1]);
    }
  }
  return c;
}

function goesTrue(mode: number, x: number, t: number): boolean {
  switch (mode) {
    case 1:
      return x <= t;
    case 2:
      return x < t;
    case 3:
      return x >= t;
    case 4:
      return x > t;
    case 5:
      return x === t;
    default:
      return x !== t;
  }
}

/** Positive-class probability for one row, as onnxruntime's probabilities[:, 1]. */
export function evaluateOnnxEnsemble(c: CompiledOnnxEnsemble, data: ArrayLike<number>, offset = 0): number {
  let score = 0;
  for (let r = 0; r < c.roots.length; r++) {
    let node = c.roots[r]!;
    while (c.mode[node] !== 0) {
      const x = Math.fround(data[offset + c.feature[node]!]!);
      const ok = goesTrue(c.mode[node]!, x, c.value[node]!) || (c.tracksTrue[node] === 1 && Number.isNaN(x));
      node = ok ? c.trueNode[node]! : c.falseNode[node]!;
    }
    score += c.weight[node]!;
  }
  score += c.base;
  return c.transform === 'LOGISTIC' ? 1 / (1 + Math.exp(-score)) : score;
}

/** Positive-class probabilities of a TreeEnsembleClassifier ONNX model, evaluated without onnxruntime. */
export function predictOnnxProbaBatch(
  onnxBytes: Uint8Array,
  data: Float32Array | Float64Array,
  nRows: number,
  nFeatures: number,
): Float64Array {
  const attrs = inspectOnnx(onnxBytes).treeEnsemble;
  if (!attrs) throw new OnnxFormatError('the ONNX model has no TreeEnsembleClassifier node');
  const c = compileOnnxEnsemble(attrs);
  if (c.numFeatures > nFeatures) {
    throw new OnnxFormatError(`the trees use feature ${c.numFeatures - 1} but rows have ${nFeatures} values`);
  }
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) out[r] = evaluateOnnxEnsemble(c, data, r * nFeatures);
  return out;
}
