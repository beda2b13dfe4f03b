// Reading ONNX classifiers: graph inputs/outputs, ZipMap detection and removal, and the attributes of an
// ai.onnx.ml TreeEnsembleClassifier (for the TypeScript parity evaluation in ./evaluate).

import {
  bytesToString,
  decodeModel,
  describeType,
  encodeModel,
  OnnxFormatError,
  tensorTypeOf,
  tensorValues,
  TENSOR_DOUBLE,
  TENSOR_FLOAT,
  type OnnxAttribute,
  type OnnxModel,
  type OnnxNode,
} from './proto';

export interface TreeEnsembleAttributes {
  nodesTreeIds: number[];
  nodesNodeIds: number[];
  nodesFeatureIds: number[];
  nodesModes: string[];
  nodesValues: number[];
  nodesTrueNodeIds: number[];
  nodesFalseNodeIds: number[];
  nodesMissingValueTracksTrue: number[];
  classTreeIds: number[];
  classNodeIds: number[];
  classIds: number[];
  classWeights: number[];
  classLabels: (number | string)[];
  postTransform: string;
  baseValues: number[];
  /** onnxruntime compares and sums in the precision of the node's input: double when fed by Cast(to=double). */
  precision: 'float' | 'double';
}

export interface OnnxInspection {
  inputName: string;
  inputShape: (number | string | null)[];
  inputType: string;
  outputs: { name: string; type: string }[];
  hasZipMap: boolean;
  opsetImports: { domain: string; version: number }[];
  producerName: string;
  /** Feature names recorded in the model's metadata (feature_names, space separated), if any. */
  featureNames?: string[];
  treeEnsemble?: TreeEnsembleAttributes;
}

function attrMap(node: OnnxNode): Map<string, OnnxAttribute> {
  return new Map((node.attribute ?? []).map((a) => [a.name, a]));
}

function numbers(attrs: Map<string, OnnxAttribute>, name: string, tensorName?: string): number[] {
  const a = attrs.get(name);
  if (a?.floats?.length) return a.floats;
  if (a?.ints?.length) return a.ints;
  const t = tensorName ? attrs.get(tensorName)?.t : undefined;
  return t ? tensorValues(t) : [];
}

/** Reads the TreeEnsembleClassifier's attributes; throws OnnxFormatError when they are inconsistent. */
export function readTreeEnsembleAttributes(node: OnnxNode): TreeEnsembleAttributes {
  const a = attrMap(node);
  const strings = (name: string) => (a.get(name)?.strings ?? []).map(bytesToString);
  const out: TreeEnsembleAttributes = {
    nodesTreeIds: numbers(a, 'nodes_treeids'),
    nodesNodeIds: numbers(a, 'nodes_nodeids'),
    nodesFeatureIds: numbers(a, 'nodes_featureids'),
    nodesModes: strings('nodes_modes'),
    nodesValues: numbers(a, 'nodes_values', 'nodes_values_as_tensor'),
    nodesTrueNodeIds: numbers(a, 'nodes_truenodeids'),
    nodesFalseNodeIds: numbers(a, 'nodes_falsenodeids'),
    nodesMissingValueTracksTrue: numbers(a, 'nodes_missing_value_tracks_true'),
    classTreeIds: numbers(a, 'class_treeids'),
    classNodeIds: numbers(a, 'class_nodeids'),
    classIds: numbers(a, 'class_ids'),
    classWeights: numbers(a, 'class_weights', 'class_weights_as_tensor'),
    classLabels: a.get('classlabels_int64s')?.ints?.length
      ? a.get('classlabels_int64s')!.ints!
      : strings('classlabels_strings'),
    postTransform: bytesToString(a.get('post_transform')?.s) || 'NONE',
    baseValues: numbers(a, 'base_values', 'base_values_as_tensor'),
    precision: 'float',
  };
  const n = out.nodesNodeIds.length;
  const perNode: [string, unknown[]][] = [
    ['nodes_treeids', out.nodesTreeIds],
    ['nodes_featureids', out.nodesFeatureIds],
    ['nodes_modes', out.nodesModes],
    ['nodes_values', out.nodesValues],
    ['nodes_truenodeids', out.nodesTrueNodeIds],
    ['nodes_falsenodeids', out.nodesFalseNodeIds],
  ];
  for (const [name, values] of perNode) {
    if (values.length !== n) {
      throw new OnnxFormatError(
        `TreeEnsembleClassifier: ${name} has ${values.length} entries, nodes_nodeids ${n}`,
      );
    }
  }
  if (out.nodesMissingValueTracksTrue.length !== 0 && out.nodesMissingValueTracksTrue.length !== n) {
    throw new OnnxFormatError(
      'TreeEnsembleClassifier: nodes_missing_value_tracks_true does not match the nodes',
    );
  }
  const m = out.classWeights.length;
  if (out.classTreeIds.length !== m || out.classNodeIds.length !== m || out.classIds.length !== m) {
    throw new OnnxFormatError(
      'TreeEnsembleClassifier: class_treeids/class_nodeids/class_ids/class_weights differ in length',
    );
  }
  if (out.classLabels.length !== 2) {
    throw new OnnxFormatError(
      `TreeEnsembleClassifier has ${out.classLabels.length} class labels; only binary classifiers are served`,
    );
  }
  return out;
}

function graphOf(model: OnnxModel) {
  const graph = model.graph;
  if (!graph) throw new OnnxFormatError('not a valid ONNX model: it has no graph');
  return graph;
}

export function inspectOnnx(bytes: Uint8Array): OnnxInspection {
  const model = decodeModel(bytes);
  const graph = graphOf(model);
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name));
  const input = inputs[0];
  if (!input?.name) throw new OnnxFormatError('the ONNX graph has no input');
  if (inputs.length > 1) {
    throw new OnnxFormatError(
      `the ONNX graph has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); one [N, F] float input is expected`,
    );
  }
  const dims = input.type?.tensorType?.shape?.dim ?? [];
  const nodes = graph.node ?? [];
  const tree = nodes.find((n) => n.opType === 'TreeEnsembleClassifier');
  const featureMeta = (model.metadataProps ?? []).find((p) => p.key === 'feature_names')?.value;
  const result: OnnxInspection = {
    inputName: input.name,
    inputShape: dims.map((d) => (d.dimValue !== undefined ? d.dimValue : (d.dimParam ?? null))),
    inputType: describeType(input.type),
    outputs: (graph.output ?? []).map((o) => ({ name: o.name ?? '', type: describeType(o.type) })),
    hasZipMap: nodes.some((n) => n.opType === 'ZipMap'),
    opsetImports: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: o.version ?? 0 })),
    producerName: model.producerName ?? '',
  };
  if (featureMeta) result.featureNames = featureMeta.split(/\s+/).filter(Boolean);
  if (tree) {
    result.treeEnsemble = readTreeEnsembleAttributes(tree);
    const source = tree.input?.[0];
    const cast = nodes.find((n) => n.opType === 'Cast' && n.output?.[0] === source);
    const castTo = cast?.attribute?.find((a) => a.name === 'to')?.i;
    const graphInputType = source === input.name ? input.type?.tensorType?.elemType : undefined;
    if (castTo === TENSOR_DOUBLE || graphInputType === TENSOR_DOUBLE)
      result.treeEnsemble.precision = 'double';
  }
  return result;
}

/**
 * For a classifier whose probabilities pass through ZipMap (a sequence of maps onnxruntime-node cannot return),
 * returns a copy whose outputs are the label and the probability float tensor [N, classes] that fed ZipMap.
 * A model without ZipMap comes back unchanged. The input bytes are never modified.
 */
export function exposeProbabilityTensor(bytes: Uint8Array): Uint8Array {
  const model = decodeModel(bytes);
  const graph = graphOf(model);
  const nodes = graph.node ?? [];
  const zipmaps = nodes.filter((n) => n.opType === 'ZipMap');
  if (zipmaps.length === 0) return bytes.slice();
  const tree = nodes.find((n) => n.opType === 'TreeEnsembleClassifier');
  const nClasses = tree ? readTreeEnsembleAttributes(tree).classLabels.length : 2;
  const replaced = new Map<string, string>();
  for (const z of zipmaps) {
    const from = z.input?.[0];
    const to = z.output?.[0];
    if (!from || !to) throw new OnnxFormatError('ZipMap node without input or output');
    replaced.set(to, from);
  }
  graph.node = nodes.filter((n) => n.opType !== 'ZipMap');
  const stillUsed = (name: string) => graph.node!.some((n) => (n.input ?? []).includes(name));
  graph.output = (graph.output ?? []).map((o) => {
    const source = o.name ? replaced.get(o.name) : undefined;
    if (!source) return o;
    return { name: source, type: tensorTypeOf(TENSOR_FLOAT, ['N', nClasses]) };
  });
  for (const [to] of replaced) {
    if (stillUsed(to))
      throw new OnnxFormatError(`ZipMap output ${to} is used by another node; cannot remove it`);
  }
  return encodeModel(model);
}
