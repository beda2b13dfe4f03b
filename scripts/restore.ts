// `npm run restore -- FILE [--yes]`: replaces the database (DATABASE_URL, or the embedded PostgreSQL of this
// folder) with a backup made by `npm run backup`. Refuses without --yes when the database has data, listing what
// would be replaced. Stop the web server and the workers first.
import { openDatabase } from '@/lib/db/connect';
import {
  describeCounts,
  describeTarget,
  existingData,
  formatBytes,
  inspectBackup,
  otherConnections,
  restoreDatabase,
} from '@/lib/ops/backup';
import { runCli, type LineIo } from './cli-util';

const USAGE = `Usage: npm run restore -- FILE [--yes]
  Replaces DATABASE_URL's database (or the embedded PostgreSQL's) with FILE, a backup from npm run backup.
  Without --yes it refuses when the database holds data. Stop the web server and the workers first.`;

class UsageError extends Error {}

export function parseRestoreArgs(argv: readonly string[]): { file: string; yes: boolean } {
  let file: string | undefined;
  let yes = false;
  for (const a of argv) {
    if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else if (a === '--yes' || a === '-y') yes = true;
    else if (a.startsWith('-')) throw new UsageError(`Unknown option '${a}'.\n${USAGE}`);
    else if (file) throw new UsageError(`Expected one backup file, got '${file}' and '${a}'.\n${USAGE}`);
    else file = a;
  }
  if (!file) throw new UsageError(`Which backup file?\n${USAGE}`);
  return { file, yes };
}

export async function runRestoreCli(argv: readonly string[], io: LineIo): Promise<number> {
  let args;
  try {
    args = parseRestoreArgs(argv);
  } catch (e) {
    io.stderr(e instanceof Error ? e.message : String(e));
    return 2;
  }
  let info;
  try {
    info = await inspectBackup(args.file);
  } catch (e) {
    io.stderr(`Error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const db = await openDatabase((s) => io.stderr(s.trim()));
  try {
    const target = `${describeTarget(db.url)}${db.embedded ? ' (embedded PostgreSQL)' : ''}`;
    const from = info.header ? `, taken ${info.header.createdAt} from ${info.header.database}` : '';
    const existing = await existingData(db.url);
    if (Object.keys(existing).length > 0 && !args.yes) {
      io.stderr(
        `The database ${target} holds data. Restoring ${args.file} (${formatBytes(info.bytes)}, ${info.engine}${from}) would replace all of it:`,
      );
      for (const line of describeCounts(existing)) io.stderr(line);
      io.stderr(
        'Nothing was changed. Run again with --yes to replace it (back it up first: npm run backup).',
      );
      return 1;
    }
    const others = await otherConnections(db.url);
    if (others > 0) {
      io.stderr(
        `Warning: ${others} other connection(s) are open on this database (a web server or worker?). Stop them ` +
          'first: the restore waits at most 15 s for their locks, and they would keep working on the old data.',
      );
    }
    io.stderr(`Restoring ${args.file} into ${target}…`);
    const s = await restoreDatabase(db.url, args.file, { log: (l) => io.stderr(l) });
    const total = Object.values(s.tables).reduce((a, b) => a + b, 0);
    io.stdout(`Restored ${s.file} into ${target}`);
    io.stdout(
      `  size ${formatBytes(s.bytes)}, engine ${s.engine}${s.tool ? ` ${s.tool}` : ''}, ${(s.durationMs / 1000).toFixed(1)} s`,
    );
    io.stdout(`  ${Object.keys(s.tables).length} tables, ${total.toLocaleString('en-US')} rows`);
    for (const line of describeCounts(s.tables)) io.stdout(line);
    if (s.migrationsApplied.length)
      io.stdout(
        `  then applied ${s.migrationsApplied.length} newer migration(s): ${s.migrationsApplied.join(', ')}`,
      );
    if (s.engine === 'builtin')
      io.stdout('  Queued jobs are not part of a builtin backup: the next worker rebuilds the queue.');
    return 0;
  } catch (e) {
    io.stderr(`Error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await db.close();
  }
}

runCli(import.meta.url, runRestoreCli);
