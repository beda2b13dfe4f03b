// `npm run ingest -- <kind> <file> [--json] [--format csv|ndjson]`: streams a local file into the database
// (DATABASE_URL or the embedded PostgreSQL) through the same engine as the upload page and the API.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { ingestFile, INGESTION_KINDS, isIngestionKind, type IngestReport } from '@/lib/ingest/store';
import { formatMessage, formatRejection, withReasons } from '@/lib/ingest/messages';
import type { Locale } from '@/lib/i18n/locales';
import { cliLocale, runCli } from './cli-util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Rejected rows printed by the human report; the rest are in the database and the CSV report. */
export const SHOWN_REJECTIONS = 20;

const USAGE = `Usage: npm run ingest -- <kind> <file> [--json] [--format csv|ndjson]
  kind: ${INGESTION_KINDS.join(' | ')}
  --json     print exactly one JSON object (the report) on stdout
  --format   csv or ndjson (default: from the extension; .ndjson/.jsonl are NDJSON, anything else CSV)`;

class UsageError extends Error {}

interface Args {
  kind: (typeof INGESTION_KINDS)[number];
  file: string;
  json: boolean;
  format: 'csv' | 'ndjson';
}

export function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  let json = false;
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--format') format = argv[++i];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else if (a.startsWith('--')) throw new UsageError(`Unknown option '${a}'.\n${USAGE}`);
    else positional.push(a);
  }
  const [kind, file, ...rest] = positional;
  if (!kind || !file || rest.length) throw new UsageError(`Expected a kind and a file.\n${USAGE}`);
  if (!isIngestionKind(kind)) {
    throw new UsageError(`Unknown kind '${kind}': use one of ${INGESTION_KINDS.join(', ')}.`);
  }
  if (format !== undefined && format !== 'csv' && format !== 'ndjson') {
    throw new UsageError(`Unknown format '${format}': use csv or ndjson.`);
  }
  const byExt = /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'csv';
  return { kind, file, json, format: (format as Args['format'] | undefined) ?? byExt };
}

/** The --json shape: the report without the fields only the web answers carry, its messages in words too. */
export function jsonReport(r: IngestReport, locale: Locale = cliLocale()) {
  return {
    batchId: r.batchId,
    kind: r.kind,
    status: r.status,
    fileName: r.fileName,
    format: r.format,
    bytes: r.bytes,
    received: r.received,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    rejections: withReasons(locale, r.rejections),
    warnings: r.warnings.map((w) => formatMessage(locale, w)),
    ...(r.details ? { details: r.details } : {}),
    durationMs: r.durationMs,
    message: formatMessage(locale, r.message),
  };
}

export function humanReport(r: IngestReport, locale: Locale = cliLocale()): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const out: string[] = [];
  out.push(
    `Batch ${r.batchId}: ${r.kind} from ${r.fileName ?? '(stdin)'} (${r.format}, ${n(r.bytes)} bytes) ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  out.push(`  ${formatMessage(locale, r.message)}`);
  out.push('');
  const rows: [string, number][] = [
    ['received', r.received],
    ['inserted', r.inserted],
    ['updated', r.updated],
    ['unchanged', r.unchanged],
    ['rejected', r.rejected],
  ];
  for (const [label, v] of rows) out.push(`  ${label.padEnd(10)} ${n(v).padStart(12)}`);
  if (r.details) {
    out.push('');
    out.push(
      `  ${'table'.padEnd(12)} ${'inserted'.padStart(10)} ${'updated'.padStart(10)} ${'unchanged'.padStart(10)}`,
    );
    for (const [table, c] of Object.entries(r.details)) {
      out.push(
        `  ${table.padEnd(12)} ${n(c.inserted).padStart(10)} ${n(c.updated).padStart(10)} ${n(c.unchanged).padStart(10)}`,
      );
    }
  }
  for (const w of r.warnings) out.push(`  warning: ${formatMessage(locale, w)}`);
  if (r.rejections.length) {
    const shown = r.rejections.slice(0, SHOWN_REJECTIONS);
    out.push('');
    out.push(`Rejected rows (${shown.length} of ${n(r.rejections.length)} errors):`);
    const width = Math.max(...shown.map((e) => e.field.length), 5);
    out.push(`  ${'line'.padStart(8)}  ${'field'.padEnd(width)}  reason`);
    for (const e of shown) {
      const reason = formatRejection(locale, e.code, e.params);
      out.push(`  ${String(e.line).padStart(8)}  ${e.field.padEnd(width)}  ${reason}`);
    }
    out.push('');
    out.push(
      `All of them: the batch's rejection report on the Ingestão page, GET /api/v1/ingest/batches/${r.batchId}/rejections.csv, ` +
        `or SQL: SELECT line, field, code, params FROM "IngestionRejection" WHERE "batchId" = ${r.batchId} ORDER BY line;`,
    );
  }
  return out.join('\n');
}

/** Runs the command; returns the exit code (0: the batch was stored, even with rejected rows). */
export async function runIngestCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const file = path.resolve(args.file);
  try {
    const st = await fs.promises.stat(file);
    if (!st.isFile()) throw new Error('not a regular file');
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    io.stderr(`Error: cannot read '${args.file}': ${why}.`);
    return 1;
  }

  const db = await openDatabase((s) => io.stderr(s));
  // ingestFile holds one connection for the batch and one per write lane (two by default).
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', (e) => io.stderr(`[db] ${e.message}`));
  try {
    await migrate(db.url, { log: (s) => io.stderr(s) });
    let lastShown = 0;
    const report = await ingestFile(pool, {
      kind: args.kind,
      format: args.format,
      source: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
      fileName: path.basename(file),
      origin: 'cli',
      actor: { id: null, name: 'cli' },
      onProgress: args.json
        ? undefined
        : (p) => {
            if (Date.now() - lastShown < 1000) return;
            lastShown = Date.now();
            io.stderr(`  … ${p.received.toLocaleString('en-US')} rows read, ${p.rejected} rejected`);
          },
    });
    io.stdout(args.json ? JSON.stringify(jsonReport(report)) : humanReport(report));
    if (report.status === 'FAILED') {
      io.stderr(`Error: ${formatMessage(cliLocale(), report.message)}`);
      return 1;
    }
    return 0;
  } finally {
    await pool.end().catch(() => undefined);
    await db.close();
  }
}

runCli(import.meta.url, runIngestCli);
