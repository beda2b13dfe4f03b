// Parser for LightGBM text models (`booster.save_model()`, versions v2/v3/v4) into the shared TreeEnsemble.
// Only binary classifiers are accepted; anything else is refused with an error naming the line or key.

import type { Tree, TreeEnsemble } from '@/lib/ml/tree-model';
import { DECISION_CATEGORICAL } from '@/lib/ml/tree-model';

export class LightGbmParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LightGbmParseError';
  }
}

interface Line {
  no: number;
  text: string;
}

function parseNumber(token: string, where: string): number {
  const t = token.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan') return NaN;
  const v = Number(t);
  if (t === '' || Number.isNaN(v)) throw new LightGbmParseError(`${where}: "${token}" is not a number`);
  return v;
}

function parseList(value: string | undefined, where: string): number[] {
  if (value === undefined) return [];
  const trimmed = value.trim();
  if (trimmed === '') return [];
  return trimmed.split(/\s+/).map((tok, i) => parseNumber(tok, `${where}[${i}]`));
}

function parseIntList(value: string | undefined, where: string): number[] {
  const list = parseList(value, where);
  list.forEach((v, i) => {
    if (!Number.isInteger(v)) throw new LightGbmParseError(`${where}[${i}]: ${v} is not an integer`);
  });
  return list;
}

/** Splits "key=value"; a line without '=' is a flag (e.g. `average_output`). */
function splitKeyValue(text: string): [string, string | undefined] {
  const eq = text.indexOf('=');
  if (eq < 0) return [text.trim(), undefined];
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

function parseTree(index: number, lines: Line[], numFeatures: number): Tree {
  const kv = new Map<string, { value: string; no: number }>();
  for (const line of lines) {
    const [k, v] = splitKeyValue(line.text);
    if (v === undefined) {
      throw new LightGbmParseError(`Tree=${index}, line ${line.no}: expected key=value, got "${line.text}"`);
    }
    kv.set(k, { value: v, no: line.no });
  }
  const where = (key: string) =>
    `Tree=${index}, key ${key}${kv.has(key) ? ` (line ${kv.get(key)!.no})` : ''}`;
  const numLeavesEntry = kv.get('num_leaves');
  if (!numLeavesEntry) throw new LightGbmParseError(`Tree=${index}: missing key num_leaves`);
  const numLeaves = parseNumber(numLeavesEntry.value, where('num_leaves'));
  if (!Number.isInteger(numLeaves) || numLeaves < 1) {
    throw new LightGbmParseError(`${where('num_leaves')}: must be a positive integer, got ${numLeaves}`);
  }
  const isLinear = kv.get('is_linear');
  if (isLinear && isLinear.value.trim() !== '0') {
    throw new LightGbmParseError(`${where('is_linear')}: linear trees are not supported`);
  }
  const nInternal = numLeaves - 1;
  const numCat = kv.has('num_cat') ? parseNumber(kv.get('num_cat')!.value, where('num_cat')) : 0;

  const list = (key: string, expected: number, required: boolean, ints = false): number[] | undefined => {
    const entry = kv.get(key);
    if (!entry) {
      if (required && expected > 0) throw new LightGbmParseError(`Tree=${index}: missing key ${key}`);
      return undefined;
    }
    const values = ints ? parseIntList(entry.value, where(key)) : parseList(entry.value, where(key));
    if (values.length !== expected && !(values.length === 0 && !required)) {
      throw new LightGbmParseError(`${where(key)}: expected ${expected} values, got ${values.length}`);
    }
    return values;
  };

  const splitFeature = list('split_feature', nInternal, true, true) ?? [];
  const splitGain = list('split_gain', nInternal, false) ?? new Array<number>(nInternal).fill(0);
  const threshold = list('threshold', nInternal, true) ?? [];
  const decisionType = list('decision_type', nInternal, false, true) ?? new Array<number>(nInternal).fill(0);
  const leftChild = list('left_child', nInternal, true, true) ?? [];
  const rightChild = list('right_child', nInternal, true, true) ?? [];
  const leafValue = list('leaf_value', numLeaves, true) ?? [];
  const tree: Tree = {
    numLeaves,
    splitFeature,
    splitGain: splitGain.length ? splitGain : new Array<number>(nInternal).fill(0),
    threshold,
    decisionType: decisionType.length ? decisionType : new Array<number>(nInternal).fill(0),
    leftChild,
    rightChild,
    leafValue,
    shrinkage: kv.has('shrinkage') ? parseNumber(kv.get('shrinkage')!.value, where('shrinkage')) : 1,
  };
  const optional: [keyof Tree, string, number][] = [
    ['leafWeight', 'leaf_weight', numLeaves],
    ['leafCount', 'leaf_count', numLeaves],
    ['internalValue', 'internal_value', nInternal],
    ['internalWeight', 'internal_weight', nInternal],
    ['internalCount', 'internal_count', nInternal],
  ];
  for (const [field, key, n] of optional) {
    const values = list(key, n, false);
    if (values && values.length === n && n > 0) (tree as unknown as Record<string, number[]>)[field] = values;
  }
  if (numCat > 0) {
    const bounds = list('cat_boundaries', numCat + 1, true, true)!;
    const catEntry = kv.get('cat_threshold');
    if (!catEntry)
      throw new LightGbmParseError(`Tree=${index}: missing key cat_threshold (num_cat=${numCat})`);
    const cats = parseIntList(catEntry.value, where('cat_threshold'));
    if (
      bounds[0] !== 0 ||
      bounds[numCat] !== cats.length ||
      bounds.some((b, i) => i > 0 && b < bounds[i - 1]!)
    ) {
      throw new LightGbmParseError(
        `${where('cat_boundaries')}: boundaries must rise from 0 to ${cats.length} (cat_threshold length)`,
      );
    }
    tree.catBoundaries = bounds;
    tree.catThreshold = cats.map((c) => c >>> 0);
  }

  for (let i = 0; i < nInternal; i++) {
    const f = splitFeature[i]!;
    if (f < 0 || f >= numFeatures) {
      throw new LightGbmParseError(
        `${where('split_feature')}[${i}]: feature ${f} outside 0..${numFeatures - 1}`,
      );
    }
    for (const [key, child] of [
      ['left_child', leftChild[i]!],
      ['right_child', rightChild[i]!],
    ] as const) {
      const ok = child >= 0 ? child < nInternal && child !== 0 : ~child < numLeaves;
      if (!ok) throw new LightGbmParseError(`${where(key)}[${i}]: child ${child} does not exist`);
    }
    const dt = decisionType[i] ?? 0;
    if (dt & DECISION_CATEGORICAL) {
      const catIdx = threshold[i]!;
      if (!tree.catBoundaries || !Number.isInteger(catIdx) || catIdx < 0 || catIdx >= numCat) {
        throw new LightGbmParseError(
          `${where('threshold')}[${i}]: categorical split index ${catIdx} has no bitset`,
        );
      }
    } else if (((dt >> 2) & 3) === 3) {
      throw new LightGbmParseError(`${where('decision_type')}[${i}]: unknown missing type in ${dt}`);
    }
  }
  return tree;
}

function parseObjective(value: string, lineNo: number): TreeEnsemble['objective'] {
  const parts = value.trim().split(/\s+/);
  const name = parts[0] ?? '';
  if (name !== 'binary') {
    throw new LightGbmParseError(
      `line ${lineNo}: objective "${value.trim()}" is not supported; only binary classification ("binary sigmoid:X") is served`,
    );
  }
  let sigmoid = 1;
  for (const p of parts.slice(1)) {
    const [k, v] = p.split(':');
    if (k === 'sigmoid' && v !== undefined) {
      sigmoid = parseNumber(v, `line ${lineNo}: objective sigmoid`);
      if (!(sigmoid > 0)) throw new LightGbmParseError(`line ${lineNo}: sigmoid must be > 0, got ${v}`);
    }
  }
  return { name: 'binary', sigmoid };
}

/** Parses a LightGBM text model. Throws LightGbmParseError naming the line, tree or key on malformed input. */
export function parseLightGbmText(text: string): TreeEnsemble {
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = new Map<string, { value: string | undefined; no: number }>();
  let i = 0;
  while (i < raw.length && !raw[i]!.startsWith('Tree=')) {
    const line = raw[i]!.trim();
    if (line === 'end of trees') break;
    if (line !== '' && line !== 'tree') {
      const [k, v] = splitKeyValue(line);
      header.set(k, { value: v, no: i + 1 });
    }
    i++;
  }
  if (header.size === 0 && !raw.some((l) => l.startsWith('Tree='))) {
    throw new LightGbmParseError('not a LightGBM text model: no header keys and no Tree= blocks');
  }
  const version = header.get('version')?.value?.trim();
  if (version !== undefined && !/^v[234]$/.test(version)) {
    throw new LightGbmParseError(`line ${header.get('version')!.no}: unsupported model version "${version}"`);
  }
  const numClass = header.get('num_class');
  if (numClass && numClass.value?.trim() !== '1') {
    throw new LightGbmParseError(
      `line ${numClass.no}: num_class=${numClass.value} (only binary classifiers)`,
    );
  }
  const perIter = header.get('num_tree_per_iteration');
  if (perIter && perIter.value?.trim() !== '1') {
    throw new LightGbmParseError(`line ${perIter.no}: num_tree_per_iteration=${perIter.value} (only binary)`);
  }
  const objectiveEntry = header.get('objective');
  if (!objectiveEntry || objectiveEntry.value === undefined) {
    throw new LightGbmParseError('header: missing key objective');
  }
  const objective = parseObjective(objectiveEntry.value, objectiveEntry.no);
  const namesEntry = header.get('feature_names');
  if (!namesEntry || namesEntry.value === undefined || namesEntry.value.trim() === '') {
    throw new LightGbmParseError('header: missing key feature_names');
  }
  const featureNames = namesEntry.value.trim().split(/\s+/);
  const maxIdx = header.get('max_feature_idx');
  if (maxIdx && Number(maxIdx.value) !== featureNames.length - 1) {
    throw new LightGbmParseError(
      `line ${maxIdx.no}: max_feature_idx=${maxIdx.value} but feature_names lists ${featureNames.length} names`,
    );
  }
  const infosEntry = header.get('feature_infos');
  const featureInfos = infosEntry?.value !== undefined ? infosEntry.value.trim().split(/\s+/) : undefined;
  if (featureInfos && featureInfos.length !== featureNames.length) {
    throw new LightGbmParseError(
      `line ${infosEntry!.no}: feature_infos has ${featureInfos.length} entries for ${featureNames.length} features`,
    );
  }

  const trees: Tree[] = [];
  let endOfTrees = false;
  while (i < raw.length) {
    const line = raw[i]!.trim();
    if (line === 'end of trees') {
      endOfTrees = true;
      i++;
      break;
    }
    if (line === '') {
      i++;
      continue;
    }
    if (!line.startsWith('Tree=')) {
      throw new LightGbmParseError(
        `line ${i + 1}: expected "Tree=${trees.length}" or "end of trees", got "${line}"`,
      );
    }
    const idx = Number(line.slice(5));
    if (idx !== trees.length) {
      throw new LightGbmParseError(`line ${i + 1}: expected Tree=${trees.length}, got "${line}"`);
    }
    i++;
    const body: Line[] = [];
    while (
      i < raw.length &&
      raw[i]!.trim() !== '' &&
      !raw[i]!.startsWith('Tree=') &&
      raw[i]!.trim() !== 'end of trees'
    ) {
      body.push({ no: i + 1, text: raw[i]!.trim() });
      i++;
    }
    trees.push(parseTree(idx, body, featureNames.length));
  }
  if (!endOfTrees) throw new LightGbmParseError('the model is truncated: "end of trees" not found');
  if (trees.length === 0) throw new LightGbmParseError('the model has no trees');

  const treeSizes = header.get('tree_sizes');
  if (treeSizes?.value !== undefined && treeSizes.value.trim() !== '') {
    const n = treeSizes.value.trim().split(/\s+/).length;
    if (n !== trees.length) {
      throw new LightGbmParseError(
        `line ${treeSizes.no}: tree_sizes lists ${n} trees, the file has ${trees.length}`,
      );
    }
  }

  let parameters: Record<string, string> | undefined;
  for (; i < raw.length; i++) {
    if (raw[i]!.trim() !== 'parameters:') continue;
    parameters = {};
    for (i++; i < raw.length && raw[i]!.trim() !== 'end of parameters'; i++) {
      const m = /^\[([^:\]]+):\s?(.*)\]$/.exec(raw[i]!.trim());
      if (m) parameters[m[1]!] = m[2]!;
    }
    break;
  }
  const ensemble: TreeEnsemble = {
    featureNames,
    trees,
    objective,
    averageOutput: header.has('average_output'),
  };
  if (featureInfos) ensemble.featureInfos = featureInfos;
  if (parameters) ensemble.parameters = parameters;
  return ensemble;
}
