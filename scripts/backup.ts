// `npm run backup -- [--out FILE] [--engine auto|pg_dump|builtin]`: backs up the database (DATABASE_URL, or the
// embedded PostgreSQL of this folder) into one file, by default .data/backups/proativa-<db>-<UTC time>.<ext>.
// pg_dump -Fc when a pg_dump at least as new as the server is installed, else the builtin engine (lib/ops/backup.ts).
import path from 'node:path';
import { openDatabase } from '@/lib/db/connect';
import { dataDir } from '@/lib/env';
import { backupDatabase, describeCounts, describeTarget, formatBytes, type Engine } from '@/lib/ops/backup';
import { runCli, type LineIo } from './cli-util';

const USAGE = `Usage: npm run backup -- [--out FILE] [--engine auto|pg_dump|builtin]
  Backs up DATABASE_URL (or the embedded PostgreSQL) into FILE, by default .data/backups/proativa-<db>-<time>.
  auto (the default) uses pg_dump -Fc when one at least as new as the server is installed (PATH, the
  Debian folders /usr/lib/postgresql/N/bin, or PROATIVA_PG_BIN), else the builtin engine.
  Restore with: npm run restore -- FILE`;

class UsageError extends Error {}

export function parseBackupArgs(argv: readonly string[]): { out?: string; engine: Engine | 'auto' } {
  let out: string | undefined;
  let engine: Engine | 'auto' = 'auto';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`Option ${flag} needs a value.\n${USAGE}`);
      return v;
    };
    if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    else if (flag === '--out' || flag === '-o') out = value();
    else if (flag === '--engine') {
      const v = value();
      if (v !== 'auto' && v !== 'pg_dump' && v !== 'builtin') {
        throw new UsageError(`--engine must be auto, pg_dump or builtin (got '${v}').`);
      }
      engine = v;
    } else throw new UsageError(`Unknown argument '${a}'.\n${USAGE}`);
  }
  return { out, engine };
}

export async function runBackupCli(argv: readonly string[], io: LineIo): Promise<number> {
  let args;
  try {
    args = parseBackupArgs(argv);
  } catch (e) {
    io.stderr(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const db = await openDatabase((s) => io.stderr(s.trim()));
  try {
    io.stderr(`Backing up ${describeTarget(db.url)}${db.embedded ? ' (embedded PostgreSQL)' : ''}…`);
    const s = await backupDatabase(db.url, {
      out: args.out,
      dir: path.join(dataDir(), 'backups'),
      engine: args.engine,
      log: (l) => io.stderr(l),
    });
    const total = Object.values(s.tables).reduce((a, b) => a + b, 0);
    io.stdout(`Backup written: ${s.file}`);
    io.stdout(
      `  size ${formatBytes(s.bytes)}, engine ${s.engine}${s.tool ? ` ${s.tool}` : ''}, PostgreSQL ${s.serverVersion}, database ${s.database}`,
    );
    io.stdout(
      `  ${Object.keys(s.tables).length} tables, ${total.toLocaleString('en-US')} rows, ${(s.durationMs / 1000).toFixed(1)} s`,
    );
    for (const line of describeCounts(s.tables)) io.stdout(line);
    io.stdout(`Restore with: npm run restore -- ${s.file}`);
    return 0;
  } catch (e) {
    io.stderr(`Error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await db.close();
  }
}

runCli(import.meta.url, runBackupCli);
