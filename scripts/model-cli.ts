// Command-line tool for models: a table of subcommands (`score`, `register`, `train`, and the registry's
// `list`, `promote`, `rollback`). Run with `tsx scripts/model-cli.ts <subcommand> ...`.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importModel, ModelImportError } from '@/lib/ml/import-model';
import { OnnxScorer } from '@/lib/ml/onnx/ort-scorer';
import { train } from './model-train';
import { MISSING_TOKENS, splitLine } from './csv-cells';
import { cliLocale } from './cli-util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Subcommand {
  /** Arguments after the subcommand name. */
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run: (args: string[], io: CliIo) => Promise<number>;
}

function parseCell(cell: string): number | null {
  if (MISSING_TOKENS.has(cell.toLowerCase())) return NaN;
  const v = Number(cell);
  return Number.isNaN(v) ? null : v;
}

export interface ParsedTable {
  data: Float32Array;
  /** 1-based file line of each data row. */
  lines: number[];
  /** Per row: null when valid, else the reason it was rejected. */
  errors: (string | null)[];
  warnings: string[];
}

/**
 * Reads CSV/TSV text into a row-major matrix in the model's feature order. A first line with any non-numeric
 * cell is a header (columns matched by name); otherwise columns are taken by position.
 */
export function readTable(text: string, featureNames: string[], matchByName = true): ParsedTable {
  const allLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstIdx = allLines.findIndex((l) => l.trim() !== '');
  const n = featureNames.length;
  const warnings: string[] = [];
  if (firstIdx < 0)
    return { data: new Float32Array(0), lines: [], errors: [], warnings: ['the data file is empty'] };
  const delimiter = allLines[firstIdx]!.includes('\t') ? '\t' : ',';
  const trimTrailing = (cells: string[], width: number) =>
    cells.length === width + 1 && cells[width] === '' ? cells.slice(0, width) : cells;

  const first = splitLine(allLines[firstIdx]!, delimiter);
  const hasHeader = first.some((c) => c !== '' && parseCell(c) === null);
  let columnOf: number[];
  let width: number;
  if (hasHeader) {
    const header = first.length > 1 && first[first.length - 1] === '' ? first.slice(0, -1) : first;
    width = header.length;
    if (matchByName) {
      const index = new Map(header.map((h, i) => [h, i]));
      const missing = featureNames.filter((f) => !index.has(f));
      if (missing.length) {
        throw new Error(`the data header lacks model features: ${missing.join(', ')}`);
      }
      columnOf = featureNames.map((f) => index.get(f)!);
      const extra = header.filter((h) => !featureNames.includes(h));
      if (extra.length) warnings.push(`ignoring columns not used by the model: ${extra.join(', ')}`);
    } else {
      if (width < n) throw new Error(`the data has ${width} columns, the model needs ${n}`);
      columnOf = featureNames.map((_, i) => i);
      warnings.push('the model has no feature names; columns are taken by position');
    }
  } else {
    width = n;
    columnOf = featureNames.map((_, i) => i);
  }

  const rows: number[][] = [];
  const lines: number[] = [];
  const errors: (string | null)[] = [];
  for (let i = hasHeader ? firstIdx + 1 : firstIdx; i < allLines.length; i++) {
    if (allLines[i]!.trim() === '') continue;
    const cells = trimTrailing(splitLine(allLines[i]!, delimiter), width);
    lines.push(i + 1);
    const values = new Array<number>(n).fill(NaN);
    let error: string | null = null;
    if (cells.length !== width) {
      error = `expected ${width} columns, found ${cells.length}`;
    } else {
      for (let f = 0; f < n; f++) {
        const v = parseCell(cells[columnOf[f]!]!);
        if (v === null) {
          error = `column ${featureNames[f]}: "${cells[columnOf[f]!]}" is not a number`;
          break;
        }
        values[f] = v;
      }
    }
    rows.push(values);
    errors.push(error);
  }
  const data = new Float32Array(rows.length * n);
  rows.forEach((r, i) => data.set(r, i * n));
  return { data, lines, errors, warnings };
}

const score: Subcommand = {
  usage: '<model.onnx|model.txt> <data.csv|data.tsv>',
  summary: 'write the positive-class probability of each data row to stdout, one per line',
  async run(args, io) {
    const [modelPath, dataPath] = args;
    if (!modelPath || !dataPath || args.length > 2) {
      io.stderr(`usage: tsx scripts/model-cli.ts score ${this.usage}\n`);
      return 2;
    }
    const model = await importModel(new Uint8Array(fs.readFileSync(modelPath)), path.basename(modelPath));
    const scorer = await OnnxScorer.create(model.servingOnnx);
    try {
      const table = readTable(
        fs.readFileSync(dataPath, 'utf8'),
        model.featureNames,
        model.featureNamesFromModel,
      );
      for (const w of table.warnings) io.stderr(`warning: ${w}\n`);
      const probs = await scorer.scoreBatch(table.data, table.lines.length);
      const out: string[] = [];
      let bad = 0;
      table.errors.forEach((err, i) => {
        if (err) {
          bad++;
          io.stderr(`line ${table.lines[i]}: ${err}\n`);
          out.push('');
        } else out.push(String(probs[i]));
      });
      if (out.length) io.stdout(out.join('\n') + '\n');
      if (bad) {
        io.stderr(`${bad} of ${out.length} rows rejected (empty output lines)\n`);
        return 1;
      }
      return 0;
    } finally {
      await scorer.release();
    }
  },
};

const register: Subcommand = {
  usage: '<model.onnx|model.txt> [--name NAME] [--positional-features]',
  summary:
    'register the model in the registry as a CANDIDATE (fs-v1 features, parity check; opens the database and applies migrations first)',
  async run(args, io) {
    const rest = [...args];
    let name: string | undefined;
    let positionalFeatures = false;
    const files: string[] = [];
    while (rest.length) {
      const a = rest.shift()!;
      if (a === '--name') {
        name = rest.shift();
        if (!name) {
          io.stderr('--name needs a value\n');
          return 2;
        }
      } else if (a.startsWith('--name=')) name = a.slice('--name='.length);
      else if (a === '--positional-features') positionalFeatures = true;
      else if (a.startsWith('--')) {
        io.stderr(`unknown option ${a}\nusage: npm run model -- register ${this.usage}\n`);
        return 2;
      } else files.push(a);
    }
    const [file] = files;
    if (!file || files.length > 1) {
      io.stderr(`usage: npm run model -- register ${this.usage}\n`);
      return 2;
    }
    if (!fs.existsSync(file)) {
      io.stderr(`error: ${file} does not exist\n`);
      return 1;
    }
    const bytes = new Uint8Array(fs.readFileSync(file));
    return withRegistry(io, async () => {
      const { parseParity, registerModel } = await import('@/lib/models/registry');
      const m = await registerModel({
        bytes,
        fileName: path.basename(file),
        name,
        positionalFeatures,
        actor: null,
      });
      const parity = parseParity(m.parity, m);
      io.stdout(
        `registered ${m.name} v${m.version} (${m.sourceFormat}, id ${m.id}) as CANDIDATE; ` +
          `ONNX vs TypeScript max |diff| = ${parity.maxAbsDiff}\n`,
      );
      return 0;
    });
  },
};

/**
 * Opens the database (migrations first), points the server modules at it and runs `work`; a RegistryError
 * becomes one "refused (reason): message" line and exit 1.
 */
async function withRegistry(io: CliIo, work: () => Promise<number>): Promise<number> {
  const { openDatabase } = await import('@/lib/db/connect');
  const { migrate } = await import('@/lib/db/migrate');
  const { resetEnvCache } = await import('@/lib/env');
  const database = await openDatabase((s) => io.stderr(`${s}\n`));
  try {
    await migrate(database.url);
    process.env.DATABASE_URL = database.url;
    resetEnvCache();
    const { RegistryError } = await import('@/lib/models/registry');
    const { closeDb } = await import('@/lib/db');
    try {
      return await work();
    } catch (e) {
      if (e instanceof RegistryError) {
        const { translateKey } = await import('@/lib/i18n/translate');
        io.stderr(`refused (${e.reason}): ${translateKey(cliLocale(), `errors.${e.code}`, e.params)}\n`);
        return 1;
      }
      throw e;
    } finally {
      await closeDb();
    }
  } finally {
    await database.close();
  }
}

/** Why --by cannot act: an unknown or disabled person, or a role without 'models:manage'. */
export class ActorRefused extends Error {}

/**
 * The person a registry change from the command line is audited as: an existing, active user whose role has
 * 'models:manage', as the app would see them (lib/auth/session.ts builds the same Actor for a session).
 */
async function managerByEmail(email: string) {
  const { db } = await import('@/lib/db');
  const { isRole, roleCan } = await import('@/lib/auth/roles');
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: 'insensitive' } } });
  if (!user) throw new ActorRefused(`no user with e-mail ${email}`);
  if (!user.active) throw new ActorRefused(`user ${user.email} is disabled`);
  if (!isRole(user.role) || !roleCan(user.role, 'models:manage')) {
    throw new ActorRefused(`user ${user.email} (role ${user.role}) lacks the permission models:manage`);
  }
  return {
    kind: 'user' as const,
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: user.locale,
  };
}

interface LifecycleArgs {
  positional: string[];
  by?: string;
  json: boolean;
}

function parseLifecycleArgs(args: string[], io: CliIo, usageLine: string): LifecycleArgs | null {
  const rest = [...args];
  const out: LifecycleArgs = { positional: [], json: false };
  while (rest.length) {
    const a = rest.shift()!;
    if (a === '--json') out.json = true;
    else if (a === '--by') {
      const v = rest.shift();
      if (!v || v.startsWith('--')) {
        io.stderr(`--by needs an e-mail\nusage: ${usageLine}\n`);
        return null;
      }
      out.by = v;
    } else if (a.startsWith('--by=')) out.by = a.slice('--by='.length);
    else if (a.startsWith('--')) {
      io.stderr(`unknown option ${a}\nusage: ${usageLine}\n`);
      return null;
    } else out.positional.push(a);
  }
  return out;
}

type Labelled = { id: string; name: string; version: number } | null;
const described = (m: Labelled) => (m ? `${m.name} v${m.version} (id ${m.id})` : 'none');
const brief = (m: Labelled) => (m ? { id: m.id, name: m.name, version: m.version } : null);

/** A registry status change made as --by's person: refusals about the person are exit 1 with the reason. */
async function changeAs(
  io: CliIo,
  by: string,
  json: boolean,
  verb: string,
  change: (
    actor: Awaited<ReturnType<typeof managerByEmail>>,
  ) => Promise<{ champion: Labelled; retired: Labelled }>,
): Promise<number> {
  return withRegistry(io, async () => {
    let actor;
    try {
      actor = await managerByEmail(by);
    } catch (e) {
      if (e instanceof ActorRefused) {
        io.stderr(`refused: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
    const r = await change(actor);
    if (json) {
      io.stdout(
        `${JSON.stringify({ champion: brief(r.champion), retired: brief(r.retired), by: actor.email })}\n`,
      );
    } else {
      io.stdout(
        `${verb}: champion is now ${described(r.champion)}; ` +
          `${r.retired ? `previous champion ${described(r.retired)} retired` : 'there was no previous champion'} ` +
          `(audited as ${actor.email})\n`,
      );
    }
    return 0;
  });
}

const rollbackCommand: Subcommand = {
  usage: '--by EMAIL [--json]',
  summary:
    'make the most recently retired former champion the champion again (the current one is retired); audited as the --by user, who needs models:manage',
  async run(args, io) {
    const usageLine = `npm run model -- rollback ${this.usage}`;
    const a = parseLifecycleArgs(args, io, usageLine);
    if (!a) return 2;
    if (!a.by || a.positional.length) {
      io.stderr(`usage: ${usageLine}\n`);
      return 2;
    }
    return changeAs(io, a.by, a.json, 'rolled back', async (actor) => {
      const { rollback } = await import('@/lib/models/registry');
      return rollback(actor);
    });
  },
};

const promoteCommand: Subcommand = {
  usage: 'MODEL_ID --by EMAIL [--json]',
  summary:
    'make the version the champion (the current one is retired); audited as the --by user, who needs models:manage',
  async run(args, io) {
    const usageLine = `npm run model -- promote ${this.usage}`;
    const a = parseLifecycleArgs(args, io, usageLine);
    if (!a) return 2;
    const [id] = a.positional;
    if (!a.by || !id || a.positional.length > 1) {
      io.stderr(`usage: ${usageLine}\n`);
      return 2;
    }
    return changeAs(io, a.by, a.json, 'promoted', async (actor) => {
      const { promoteToChampion } = await import('@/lib/models/registry');
      return promoteToChampion(id, actor);
    });
  },
};

const listCommand: Subcommand = {
  usage: '[--json]',
  summary: 'list the registered versions (newest first) with their status',
  async run(args, io) {
    const usageLine = `npm run model -- list ${this.usage}`;
    const a = parseLifecycleArgs(args, io, usageLine);
    if (!a) return 2;
    if (a.by || a.positional.length) {
      io.stderr(`usage: ${usageLine}\n`);
      return 2;
    }
    return withRegistry(io, async () => {
      const { listModels } = await import('@/lib/models/registry');
      const models = await listModels();
      const rows = models.map((m) => ({
        id: m.id,
        name: m.name,
        version: m.version,
        status: m.status,
        sourceFormat: m.sourceFormat,
        featureSetVersion: m.featureSetVersion,
        createdAt: m.createdAt.toISOString(),
        promotedAt: m.promotedAt?.toISOString() ?? null,
        retiredAt: m.retiredAt?.toISOString() ?? null,
      }));
      if (a.json) {
        io.stdout(`${JSON.stringify(rows)}\n`);
        return 0;
      }
      if (!rows.length) {
        io.stdout('no model versions registered\n');
        return 0;
      }
      const lines = rows.map(
        (r) =>
          `${r.id}  ${r.status.padEnd(10)} ${`${r.name} v${r.version}`.padEnd(32)} ${r.sourceFormat.padEnd(8)} ` +
          `created ${r.createdAt.slice(0, 10)}${r.promotedAt ? `, promoted ${r.promotedAt.slice(0, 10)}` : ''}` +
          `${r.retiredAt ? `, retired ${r.retiredAt.slice(0, 10)}` : ''}`,
      );
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    });
  },
};

export const SUBCOMMANDS: Record<string, Subcommand> = {
  score,
  register,
  train,
  list: listCommand,
  promote: promoteCommand,
  rollback: rollbackCommand,
};

export function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name} ${c.usage}\n      ${c.summary}`);
  return [
    'usage: tsx scripts/model-cli.ts <subcommand> [args]',
    '',
    'subcommands:',
    ...lines,
    '',
    'Data files: comma or tab separated; a header row (detected when a cell is not a number) matches columns to',
    'the model feature names, otherwise columns are taken in model order. Empty cells, NaN and NA are missing.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = SUBCOMMANDS[name];
  if (!command) {
    io.stderr(`unknown subcommand "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    const err = e as Error & { code?: string };
    io.stderr(`error: ${e instanceof ModelImportError ? `${err.message} (${err.code})` : err.message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
