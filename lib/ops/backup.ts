// Database backup and restore (`npm run backup`, `npm run restore`).
//
// Two engines, one file per backup:
// - pg_dump: `pg_dump -Fc` (custom format), restored by `pg_restore --clean --if-exists --no-owner
//   --single-transaction`. Used whenever a pg_dump at least as new as the server is installed (lib/ops/pg-tools.ts).
//   It holds the whole database, the pg-boss queue schema included.
// - builtin: when no such pg_dump exists (the embedded PostgreSQL 18 ships no client programs, and Debian 12 has
//   only pg_dump 15, which refuses a newer server): the `public` schema's rows, read in one REPEATABLE READ
//   snapshot, as gzipped JSON lines, with the applied migrations' names and checksums. Restoring rebuilds the
//   schema from those same migration files, loads the rows with triggers off (so it needs a superuser, which the
//   embedded cluster's role is), sets the sequences, all in one transaction, then applies newer migrations. It
//   does not hold the pg-boss queue: queued jobs are dropped and the queue schema is rebuilt by the next worker.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { spawn } from 'node:child_process';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import pg from 'pg';
import { migrate, readMigrations } from '@/lib/db/migrate';
import { findPgTool, type PgTool } from './pg-tools';

export type Engine = 'pg_dump' | 'builtin';

/** Tables whose row counts a summary prints (the rest are counted in `tables`). */
export const MAIN_TABLES = [
  'Client',
  'MonthlyStatement',
  'FeatureSnapshot',
  'ModelVersion',
  'ScoringRun',
  'Decision',
  'Alert',
  'Offer',
  'User',
  'AuditLog',
] as const;

export const BUILTIN_FORMAT = 'proativa-logical-backup';
const BUILTIN_VERSION = 1;
const BATCH = 2000;

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupSummary {
  file: string;
  bytes: number;
  engine: Engine;
  tool?: string;
  serverVersion: string;
  database: string;
  /** Rows per table of the public schema, in the snapshot the backup was taken from. */
  tables: Record<string, number>;
  durationMs: number;
}

export interface RestoreSummary {
  file: string;
  bytes: number;
  engine: Engine;
  tool?: string;
  database: string;
  tables: Record<string, number>;
  /** Migrations newer than the backup, applied after loading it. */
  migrationsApplied: string[];
  durationMs: number;
}

/** The URL without its password, and the password for PGPASSWORD (never on a command line). */
export function splitPassword(url: string): { url: string; password?: string } {
  const u = new URL(url);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = '';
  return { url: u.toString(), password };
}

export function describeTarget(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await c.connect();
  } catch (e) {
    throw new BackupError(
      `Cannot connect to PostgreSQL at ${describeTarget(url)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return c;
}

async function serverMajor(c: pg.ClientBase): Promise<{ major: number; version: string; database: string }> {
  const r = await c.query<{ n: string; v: string; d: string }>(
    `SELECT current_setting('server_version_num') AS n, current_setting('server_version') AS v, current_database() AS d`,
  );
  const row = r.rows[0]!;
  return { major: Math.floor(Number(row.n) / 10000), version: row.v.split(' ')[0]!, database: row.d };
}

async function publicTables(c: pg.ClientBase): Promise<string[]> {
  const r = await c.query<{ t: string }>(
    `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  return r.rows.map((x) => x.t);
}

/** Exact row count of every table of the public schema (in the caller's snapshot). */
export async function tableCounts(c: pg.ClientBase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await publicTables(c)) {
    const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM public.${q(t)}`);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

/** Rows per table of the target database, without the migration bookkeeping (empty when it has none). */
export async function existingData(url: string): Promise<Record<string, number>> {
  const c = await connect(url);
  try {
    const counts = await tableCounts(c);
    delete counts._prisma_migrations;
    return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Other sessions on the target database (a running web server or worker), for the restore's warning. */
export async function otherConnections(url: string): Promise<number> {
  const c = await connect(url);
  try {
    const r = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    return r.rows[0]!.n;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function run(cmd: string, args: string[], password: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...(password !== undefined ? { PGPASSWORD: password } : {}), LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new BackupError(`${path.basename(cmd)} could not start: ${e.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new BackupError(`${path.basename(cmd)} failed (exit ${code}): ${err.trim().slice(-2000)}`)),
    );
  });
}

async function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(line + '\n')) await once(stream, 'drain');
}

interface BuiltinHeader {
  format: typeof BUILTIN_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  database: string;
  migrations: { name: string; checksum: string }[];
}

async function dumpBuiltin(c: pg.Client, file: string, info: { version: string; database: string }) {
  const tables: Record<string, number> = {};
  const gz = createGzip({ level: 3 });
  const outStream = fs.createWriteStream(file, { mode: 0o600 });
  const piped = gz.pipe(outStream);
  const finished = once(piped, 'finish');
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const names = await publicTables(c);
    const migrations = names.includes('_prisma_migrations')
      ? (
          await c.query<{ name: string; checksum: string }>(
            `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
              WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
          )
        ).rows
      : [];
    const header: BuiltinHeader = {
      format: BUILTIN_FORMAT,
      version: BUILTIN_VERSION,
      createdAt: new Date().toISOString(),
      serverVersion: info.version,
      database: info.database,
      migrations,
    };
    await writeLine(gz, JSON.stringify(header));
    for (const t of names) {
      await writeLine(gz, JSON.stringify({ table: t }));
      await c.query(`DECLARE bk NO SCROLL CURSOR FOR SELECT x::text AS r FROM public.${q(t)} x`);
      let n = 0;
      for (;;) {
        const r = await c.query<{ r: string }>(`FETCH ${BATCH} FROM bk`);
        for (const row of r.rows) await writeLine(gz, JSON.stringify(row.r));
        n += r.rows.length;
        if (r.rows.length < BATCH) break;
      }
      await c.query('CLOSE bk');
      await writeLine(gz, JSON.stringify({ end: t, rows: n }));
      tables[t] = n;
    }
    const seqs = await c.query<{ s: string }>(
      `SELECT sequencename AS s FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    );
    const sequences: { name: string; value: string; called: boolean }[] = [];
    for (const { s } of seqs.rows) {
      const v = await c.query<{ v: string; c: boolean }>(
        `SELECT last_value::text AS v, is_called AS c FROM public.${q(s)}`,
      );
      sequences.push({ name: s, value: v.rows[0]!.v, called: v.rows[0]!.c });
    }
    await writeLine(gz, JSON.stringify({ done: true, tables, sequences }));
  } finally {
    await c.query('COMMIT').catch(() => undefined);
    gz.end();
  }
  await finished;
  return tables;
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
}

export function defaultBackupFile(dir: string, database: string, engine: Engine): string {
  return path.join(dir, `proativa-${database}-${stamp()}${engine === 'pg_dump' ? '.dump' : '.ndjson.gz'}`);
}

/**
 * Backs up the database at `url` into `out` (or a new file in `dir`). engine 'auto' prefers pg_dump and falls
 * back to the builtin engine when no compatible pg_dump is installed.
 */
export async function backupDatabase(
  url: string,
  opts: { out?: string; dir: string; engine?: Engine | 'auto'; log?: (s: string) => void },
): Promise<BackupSummary> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const c = await connect(url);
  try {
    const info = await serverMajor(c);
    const want = opts.engine ?? 'auto';
    let tool: PgTool | undefined;
    if (want !== 'builtin') {
      const s = findPgTool('pg_dump', info.major);
      if (s.tool) tool = s.tool;
      else if (want === 'pg_dump') throw new BackupError(s.reason!);
      else log(`${s.reason} Using the builtin engine instead.`);
    }
    const engine: Engine = tool ? 'pg_dump' : 'builtin';
    const file = path.resolve(opts.out ?? defaultBackupFile(opts.dir, info.database, engine));
    if (fs.existsSync(file)) throw new BackupError(`${file} already exists: choose another --out.`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.partial`;
    let tables: Record<string, number>;
    try {
      if (tool) {
        // Count in an exported snapshot and hand the same snapshot to pg_dump: the summary's counts are the file's.
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snap = (await c.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s;
        tables = await tableCounts(c);
        const { url: bare, password } = splitPassword(url);
        log(`Running ${tool.path} (${tool.version})…`);
        await run(tool.path, ['-Fc', `--snapshot=${snap}`, '--file', partial, '--dbname', bare], password);
        await c.query('COMMIT');
      } else {
        tables = await dumpBuiltin(c, partial, info);
      }
      fs.renameSync(partial, file);
    } catch (e) {
      fs.rmSync(partial, { force: true });
      throw e;
    }
    return {
      file,
      bytes: fs.statSync(file).size,
      engine,
      tool: tool ? `${tool.path} (${tool.version})` : undefined,
      serverVersion: info.version,
      database: info.database,
      tables,
      durationMs: Date.now() - started,
    };
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface BackupFileInfo {
  engine: Engine;
  bytes: number;
  /** Builtin backups only: when and from what it was taken. */
  header?: BuiltinHeader;
}

/** Which engine wrote the file (pg_dump's custom format starts with PGDMP, a builtin one is gzip). */
export async function inspectBackup(file: string): Promise<BackupFileInfo> {
  if (!fs.existsSync(file)) throw new BackupError(`Backup file not found: ${file}`);
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new BackupError(`${file} is not a file.`);
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(5);
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') === 'PGDMP') return { engine: 'pg_dump', bytes: stat.size };
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const it = jsonLines(file);
    const first = await it.next();
    await it.return(undefined);
    const header = first.value as BuiltinHeader | undefined;
    if (first.done || header?.format !== BUILTIN_FORMAT) {
      throw new BackupError(`${file} is not a Proativa backup (its first line is not a backup header).`);
    }
    return { engine: 'builtin', bytes: stat.size, header };
  }
  throw new BackupError(
    `${file} is neither a pg_dump custom-format archive nor a Proativa backup (made by npm run backup).`,
  );
}

async function* jsonLines(file: string): AsyncGenerator<unknown> {
  const raw = fs.createReadStream(file);
  const input = raw.pipe(createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) {
      n++;
      if (line === '') continue;
      try {
        yield JSON.parse(line) as unknown;
      } catch {
        throw new BackupError(`The backup file is damaged (line ${n} is not valid JSON).`);
      }
    }
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`The backup file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    rl.close();
    input.destroy();
    raw.destroy();
  }
}

/** The same bookkeeping table lib/db/migrate.ts creates (its rows come from the backup). */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

async function restoreBuiltin(c: pg.Client, file: string, migrationsDir?: string): Promise<void> {
  const it = jsonLines(file);
  const first = await it.next();
  const header = first.value as BuiltinHeader | undefined;
  if (first.done || header?.format !== BUILTIN_FORMAT) {
    throw new BackupError(`${file} is not a Proativa backup (its first line is not a backup header).`);
  }
  if (header.version > BUILTIN_VERSION) {
    throw new BackupError(`${file} was written by a newer version (format ${header.version}): update first.`);
  }
  const local = new Map(readMigrations(migrationsDir).map((m) => [m.name, m]));
  const sqls: string[] = [];
  for (const m of header.migrations) {
    const f = local.get(m.name);
    if (!f) {
      throw new BackupError(
        `The backup's schema includes migration ${m.name}, which this version of the code does not have: ` +
          'restore it with the version that made it.',
      );
    }
    if (f.checksum !== m.checksum) throw new BackupError(`Migration ${m.name} differs from the backup's.`);
    sqls.push(f.sql);
  }

  await c.query('BEGIN');
  try {
    try {
      await c.query('SET LOCAL session_replication_role = replica');
    } catch (e) {
      throw new BackupError(
        `A builtin backup is restored with triggers off, which needs a superuser role (${e instanceof Error ? e.message : String(e)}). ` +
          'Restore with a superuser DATABASE_URL, or back up and restore with pg_dump/pg_restore (PROATIVA_PG_BIN).',
      );
    }
    // A running web server or worker holds locks: fail after 15 s instead of waiting for ever.
    await c.query(`SET LOCAL lock_timeout = '15s'`);
    await c.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
    await c.query('DROP SCHEMA IF EXISTS public CASCADE');
    await c.query('CREATE SCHEMA public');
    await c.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
    await c.query(MIGRATIONS_TABLE);
    for (const sql of sqls) await c.query(sql);

    let table: string | undefined;
    let insert = '';
    let batch: string[] = [];
    let loaded = 0;
    let done:
      | { tables: Record<string, number>; sequences: { name: string; value: string; called: boolean }[] }
      | undefined;
    const flush = async () => {
      if (!batch.length) return;
      await c.query(insert, [batch]);
      loaded += batch.length;
      batch = [];
    };
    for (let next = await it.next(); !next.done; next = await it.next()) {
      const v = next.value;
      if (typeof v === 'string') {
        if (!table) throw new BackupError('The backup file is damaged (a row outside any table).');
        batch.push(v);
        if (batch.length >= BATCH) await flush();
      } else if (v && typeof v === 'object' && 'table' in v) {
        table = String((v as { table: string }).table);
        const cols = await c
          .query<{ a: string }>(
            `SELECT a.attname AS a FROM pg_attribute a
            WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum`,
            [`public.${q(table)}`],
          )
          .catch(() => {
            throw new BackupError(`The backup has table ${table}, which the restored schema does not.`);
          });
        const list = cols.rows.map((r) => q(r.a));
        insert =
          `INSERT INTO public.${q(table)} (${list.join(', ')}) OVERRIDING SYSTEM VALUE ` +
          `SELECT ${list.map((x) => `(t.r).${x}`).join(', ')} FROM (SELECT u::public.${q(table)} AS r FROM unnest($1::text[]) AS u) t`;
        loaded = 0;
      } else if (v && typeof v === 'object' && 'end' in v) {
        await flush();
        const expected = Number((v as unknown as { rows: number }).rows);
        if (loaded !== expected) {
          throw new BackupError(`Table ${table}: ${loaded} rows loaded, the backup says ${expected}.`);
        }
        table = undefined;
      } else if (v && typeof v === 'object' && 'done' in v) {
        done = v as unknown as typeof done;
      }
    }
    if (!done)
      throw new BackupError('The backup file is incomplete (it has no end marker): it was cut short.');
    for (const s of done.sequences) {
      await c.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        `public.${q(s.name)}`,
        s.value,
        s.called,
      ]);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    if (e instanceof BackupError) throw e;
    throw new BackupError(
      `Restore failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Replaces the database at `url` with the backup in `file`, then applies any newer migrations. */
export async function restoreDatabase(
  url: string,
  file: string,
  opts: { log?: (s: string) => void; migrationsDir?: string } = {},
): Promise<RestoreSummary> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const abs = path.resolve(file);
  const info = await inspectBackup(abs);
  const c = await connect(url);
  let tool: PgTool | undefined;
  let database: string;
  try {
    const server = await serverMajor(c);
    database = server.database;
    if (info.engine === 'pg_dump') {
      const s = findPgTool('pg_restore', server.major);
      if (!s.tool) throw new BackupError(s.reason!.replace(/ or newer/, ''));
      tool = s.tool;
      const { url: bare, password } = splitPassword(url);
      log(`Running ${tool.path} (${tool.version})…`);
      await run(
        tool.path,
        [
          '--clean',
          '--if-exists',
          '--no-owner',
          '--single-transaction',
          '--exit-on-error',
          '--dbname',
          bare,
          abs,
        ],
        password,
      );
    } else {
      await restoreBuiltin(c, abs, opts.migrationsDir);
    }
  } finally {
    await c.end().catch(() => undefined);
  }
  const applied = await migrate(url, { dir: opts.migrationsDir, log });
  const after = await connect(url);
  try {
    return {
      file: abs,
      bytes: info.bytes,
      engine: info.engine,
      tool: tool ? `${tool.path} (${tool.version})` : undefined,
      database,
      tables: await tableCounts(after),
      migrationsApplied: applied,
      durationMs: Date.now() - started,
    };
  } finally {
    await after.end().catch(() => undefined);
  }
}

/** "Client 2,500 · Decision 2,410 · ..." for the main tables present, then the total of the others. */
export function describeCounts(tables: Record<string, number>): string[] {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const lines = MAIN_TABLES.filter((t) => t in tables).map(
    (t) => `  ${t.padEnd(18)} ${fmt(tables[t]!).padStart(12)}`,
  );
  const others = Object.entries(tables).filter(
    ([t]) => !(MAIN_TABLES as readonly string[]).includes(t) && t !== '_prisma_migrations',
  );
  const rest = others.reduce((s, [, n]) => s + n, 0);
  lines.push(`  ${`${others.length} other tables`.padEnd(18)} ${fmt(rest).padStart(12)}`);
  return lines;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
