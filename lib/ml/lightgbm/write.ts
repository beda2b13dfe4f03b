// Writer of LightGBM text models from the shared TreeEnsemble, in the layout `booster.save_model()` produces,
// so LightGBM itself (and our parser) can load the result. tree_sizes are the byte lengths of each block.

import type { Tree, TreeEnsemble } from '@/lib/ml/tree-model';

export interface WriteLightGbmOptions {
  /** Format version written in the header (default v3; v4 adds is_linear=0 to every tree). */
  version?: 'v3' | 'v4';
  /** Extra or overriding entries of the parameters section. */
  parameters?: Record<string, string>;
}

/** Shortest decimal that parses back to the same double (what LightGBM's %.17g achieves, shorter). */
function num(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

const list = (values: readonly number[]) => values.map(num).join(' ');

function treeBlock(index: number, tree: Tree, version: 'v3' | 'v4'): string {
  const lines: string[] = [`Tree=${index}`, `num_leaves=${tree.numLeaves}`];
  const numCat = tree.catBoundaries ? tree.catBoundaries.length - 1 : 0;
  lines.push(`num_cat=${numCat}`);
  lines.push(`split_feature=${list(tree.splitFeature)}`);
  lines.push(`split_gain=${list(tree.splitGain)}`);
  lines.push(`threshold=${list(tree.threshold)}`);
  lines.push(`decision_type=${list(tree.decisionType)}`);
  lines.push(`left_child=${list(tree.leftChild)}`);
  lines.push(`right_child=${list(tree.rightChild)}`);
  lines.push(`leaf_value=${list(tree.leafValue)}`);
  if (tree.leafWeight) lines.push(`leaf_weight=${list(tree.leafWeight)}`);
  // Training statistics are optional for LightGBM's loader; write them only when known.
  if (tree.leafCount) lines.push(`leaf_count=${list(tree.leafCount)}`);
  if (tree.internalValue) lines.push(`internal_value=${list(tree.internalValue)}`);
  if (tree.internalWeight) lines.push(`internal_weight=${list(tree.internalWeight)}`);
  if (tree.internalCount) lines.push(`internal_count=${list(tree.internalCount)}`);
  if (numCat > 0) {
    lines.push(`cat_boundaries=${list(tree.catBoundaries!)}`);
    lines.push(`cat_threshold=${list(tree.catThreshold ?? [])}`);
  }
  if (version === 'v4') lines.push('is_linear=0');
  lines.push(`shrinkage=${num(tree.shrinkage)}`);
  // LightGBM ends each block with a blank line pair; tree_sizes count it.
  return lines.join('\n') + '\n\n\n';
}

/** Split counts per feature, the importance LightGBM writes by default (saved_feature_importance_type=0). */
export function splitImportances(ensemble: TreeEnsemble): number[] {
  const counts = new Array<number>(ensemble.featureNames.length).fill(0);
  for (const tree of ensemble.trees) {
    for (const f of tree.splitFeature) counts[f] = (counts[f] ?? 0) + 1;
  }
  return counts;
}

export function writeLightGbmText(ensemble: TreeEnsemble, opts: WriteLightGbmOptions = {}): string {
  const version = opts.version ?? 'v3';
  const enc = new TextEncoder();
  const blocks = ensemble.trees.map((t, i) => treeBlock(i, t, version));
  const nFeatures = ensemble.featureNames.length;
  const header = [
    'tree',
    `version=${version}`,
    'num_class=1',
    'num_tree_per_iteration=1',
    'label_index=0',
    `max_feature_idx=${nFeatures - 1}`,
    `objective=binary sigmoid:${num(ensemble.objective.sigmoid)}`,
    ...(ensemble.averageOutput ? ['average_output'] : []),
    `feature_names=${ensemble.featureNames.join(' ')}`,
    `feature_infos=${(ensemble.featureInfos ?? new Array<string>(nFeatures).fill('none')).join(' ')}`,
    `tree_sizes=${blocks.map((b) => enc.encode(b).length).join(' ')}`,
  ];
  const importances = splitImportances(ensemble)
    .map((count, f) => ({ name: ensemble.featureNames[f]!, count }))
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count);
  const parameters: Record<string, string> = {
    boosting: ensemble.averageOutput ? 'rf' : 'gbdt',
    objective: 'binary',
    ...ensemble.parameters,
    sigmoid: num(ensemble.objective.sigmoid),
    ...opts.parameters,
  };
  return (
    header.join('\n') +
    '\n\n' +
    blocks.join('') +
    'end of trees\n\n' +
    'feature_importances:\n' +
    importances.map((x) => `${x.name}=${x.count}\n`).join('') +
    '\nparameters:\n' +
    Object.entries(parameters)
      .map(([k, v]) => `[${k}: ${v}]\n`)
      .join('') +
    'end of parameters\n\npandas_categorical:null\n'
  );
}
