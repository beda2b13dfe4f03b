// The `train` subcommand of scripts/model-cli.ts: trains a model from labelled CSV files and writes model.onnx,
// model.txt, model-card.json and model-card.md into a folder.

import fs from 'node:fs';
import path from 'node:path';
import type { Subcommand } from './model-cli';
import { parseParamList, trainModel, writeModelFiles, type LabelledMatrix } from '@/lib/ml/train-model';
import type { GbdtParams } from '@/lib/ml/train/params';
import { MISSING_TOKENS, splitLine } from './csv-cells';

const MAX_REPORTED_ERRORS = 10;

export interface LabelledCsv extends LabelledMatrix {
  featureNames: string[];
}

/**
 * Reads a labelled CSV (header required; numeric cells; empty/NaN/NA = missing; label 0 or 1). Features are
 * the given columns in that order, or every column but the label and the dropped ones. Throws an Error that
 * lists the first bad rows by file, line, column and reason.
 */
export function readLabelledCsv(
  file: string,
  opts: { label: string; drop?: string[]; features?: string[] },
): LabelledCsv {
  const name = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== '');
  if (headerIdx < 0) throw new Error(`${name} is empty`);
  const delimiter = lines[headerIdx]!.includes('\t') ? '\t' : ',';
  const header = splitLine(lines[headerIdx]!, delimiter);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (index.has(h))
      throw new Error(`${name} line ${headerIdx + 1}: column "${h}" appears twice in the header`);
    index.set(h, i);
  });
  const labelCol = index.get(opts.label);
  if (labelCol === undefined) {
    throw new Error(`${name}: no label column "${opts.label}" in the header (${header.join(', ')})`);
  }
  const drop = new Set(opts.drop ?? []);
  for (const d of drop)
    if (!index.has(d)) throw new Error(`${name}: --drop column "${d}" is not in the header`);
  let featureNames: string[];
  if (opts.features) {
    const missing = opts.features.filter((f) => !index.has(f));
    if (missing.length)
      throw new Error(`${name}: the header lacks the training features ${missing.join(', ')}`);
    featureNames = opts.features;
  } else {
    featureNames = header.filter((h) => h !== opts.label && !drop.has(h));
  }
  if (featureNames.length === 0) throw new Error(`${name}: no feature columns left`);
  const cols = featureNames.map((f) => index.get(f)!);
  const nF = featureNames.length;

  const values: number[] = [];
  const labels: number[] = [];
  const errors: string[] = [];
  let badRows = 0;
  for (let li = headerIdx + 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === '') continue;
    const cells = splitLine(line, delimiter);
    const where = `${name} line ${li + 1}`;
    let error: string | null = null;
    const row = new Array<number>(nF);
    let label = NaN;
    if (cells.length !== header.length)
      error = `${where}: expected ${header.length} columns, found ${cells.length}`;
    else {
      const l = cells[labelCol]!;
      if (l !== '0' && l !== '1' && Number(l) !== 0 && Number(l) !== 1) {
        error = `${where}, column ${opts.label}: label must be 0 or 1, got "${l}"`;
      } else label = Number(l);
      for (let f = 0; f < nF && !error; f++) {
        const cell = cells[cols[f]!]!;
        if (MISSING_TOKENS.has(cell.toLowerCase())) row[f] = NaN;
        else {
          const v = Number(cell);
          if (Number.isNaN(v)) error = `${where}, column ${featureNames[f]}: "${cell}" is not a number`;
          else if (!Number.isFinite(v)) error = `${where}, column ${featureNames[f]}: infinite value`;
          else row[f] = v;
        }
      }
    }
    if (error) {
      badRows++;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
      continue;
    }
    for (const v of row) values.push(v);
    labels.push(label);
  }
  if (badRows) {
    const more = badRows > errors.length ? `\n(and ${badRows - errors.length} more bad rows)` : '';
    throw new Error(`${badRows} bad rows in ${name}:\n${errors.join('\n')}${more}`);
  }
  if (labels.length === 0) throw new Error(`${name} has a header but no data rows`);
  return { X: Float32Array.from(values), y: Uint8Array.from(labels), nRows: labels.length, featureNames };
}

interface TrainArgs {
  trainFile: string;
  label: string;
  valid?: string;
  drop: string[];
  params: Partial<GbdtParams>;
  out: string;
  name?: string;
}

function parseArgs(args: string[]): TrainArgs | string {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (!['label', 'valid', 'drop', 'params', 'out', 'name'].includes(key))
        return `unknown option --${key}`;
      if (value === undefined) return `--${key} needs a value`;
      flags[key] = value;
    } else positional.push(a);
  }
  if (positional.length !== 1) return 'give exactly one training CSV';
  if (!flags.label) return '--label <column> is required';
  if (!flags.out) return '--out <dir> is required';
  return {
    trainFile: positional[0]!,
    label: flags.label,
    valid: flags.valid,
    drop: (flags.drop ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    params: parseParamList(flags.params ?? ''),
    out: flags.out,
    name: flags.name,
  };
}

export const train: Subcommand = {
  usage:
    '<train.csv> --label <column> [--valid <valid.csv>] [--drop <col,col>] [--params key=value,...] [--name <name>] --out <dir>',
  summary:
    'train a LightGBM-compatible model; writes model.onnx, model.txt, model-card.json and model-card.md into dir',
  async run(args, io) {
    const a = parseArgs(args);
    if (typeof a === 'string') {
      io.stderr(`${a}\nusage: npm run model -- train ${this.usage}\n`);
      return 2;
    }
    const trainData = readLabelledCsv(a.trainFile, { label: a.label, drop: a.drop });
    const validData = a.valid
      ? readLabelledCsv(a.valid, { label: a.label, features: trainData.featureNames })
      : undefined;
    io.stderr(
      `training on ${trainData.nRows} rows x ${trainData.featureNames.length} features` +
        (validData ? `, validating on ${validData.nRows} rows` : '') +
        '\n',
    );
    const name = a.name ?? path.basename(path.resolve(a.out));
    const reproduce = [
      'npm run model -- train',
      ...args.map((s) => (/[\s"']/.test(s) ? JSON.stringify(s) : s)),
    ].join(' ');
    const model = trainModel({
      train: trainData,
      valid: validData,
      featureNames: trainData.featureNames,
      params: a.params,
      meta: { name, reproduce },
    });
    const files = writeModelFiles(a.out, model);
    const t = model.card.training!;
    if (model.card.metrics?.validation)
      io.stdout(`valid AUC: ${model.card.metrics.validation.auc.toFixed(4)}\n`);
    io.stdout(`training time: ${((t.trainingMillis ?? 0) / 1000).toFixed(2)} s\n`);
    io.stdout(`trees: ${model.card.numTrees} (best iteration ${t.bestIteration})\n`);
    io.stdout(`wrote ${Object.values(files).join(', ')}\n`);
    return 0;
  },
};
