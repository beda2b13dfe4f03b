// Applies the SQL migrations in prisma/migrations and records them in `_prisma_migrations` exactly as
// Prisma Migrate does (same table, checksum, timestamps, step counts, advisory lock), so
// `prisma migrate deploy` / `status` agree with this runner on machines that have Prisma's engine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** The advisory lock key Prisma Migrate takes on PostgreSQL; sharing it serializes us with Prisma too. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file has changed since (checksum mismatch). */
  modified: string[];
  /** Started but never finished, not rolled back. */
  failed: string[];
  /** Recorded in the database but absent from the folder. */
  unknown: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export function defaultMigrationsDir(): string {
  return path.resolve(process.cwd(), 'prisma', 'migrations');
}

export function checksum(sql: string): string {
  return crypto.createHash('sha256').update(sql, 'utf8').digest('hex');
}

// The folder is read at run time (health check, start-up), never bundled: the turbopackIgnore comments keep the
// build from tracing the whole project into the server output because of these dynamic paths.
export function readMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir))
    throw new MigrationError(`Migrations folder not found: ${dir}`);
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, 'migration.sql')),
    )
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksum(sql) };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function recorded(client: pg.ClientBase | pg.Pool): Promise<Row[] | undefined> {
  const t = await client.query(`select to_regclass('"_prisma_migrations"') as t`);
  if (!t.rows[0]?.t) return undefined;
  const r = await client.query<Row>(
    'select migration_name, checksum, finished_at, rolled_back_at from "_prisma_migrations" order by started_at',
  );
  return r.rows;
}

function compare(files: MigrationFile[], rows: Row[] | undefined): MigrationStatus {
  const status: MigrationStatus = { applied: [], pending: [], modified: [], failed: [], unknown: [] };
  const live = (rows ?? []).filter((r) => r.rolled_back_at === null);
  for (const f of files) {
    const mine = live.filter((r) => r.migration_name === f.name);
    const done = mine.find((r) => r.finished_at !== null);
    if (done) {
      status.applied.push(f.name);
      if (done.checksum !== f.checksum) status.modified.push(f.name);
    } else if (mine.length > 0) status.failed.push(f.name);
    else status.pending.push(f.name);
  }
  const names = new Set(files.map((f) => f.name));
  for (const r of live) if (!names.has(r.migration_name)) status.unknown.push(r.migration_name);
  return status;
}

/** Status against a database URL (one short connection), or through an existing pool (the health probe). */
export async function migrationStatus(
  db: string | pg.Pool,
  dir = defaultMigrationsDir(),
): Promise<MigrationStatus> {
  if (typeof db !== 'string') return compare(readMigrations(dir), await recorded(db));
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return compare(readMigrations(dir), await recorded(client));
  } finally {
    await client.end();
  }
}

/** Applies pending migrations under Prisma's advisory lock. Returns the names applied. */
export async function migrate(
  url: string,
  opts: { dir?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const files = readMigrations(opts.dir);
  const log = opts.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_TABLE);
      const status = compare(files, await recorded(client));
      if (status.failed.length > 0) {
        throw new MigrationError(
          `Migration ${status.failed.join(', ')} failed earlier and was never completed. Fix the database, then mark ` +
            'it rolled back (prisma migrate resolve --rolled-back <name>) before starting again.',
        );
      }
      if (status.modified.length > 0) {
        throw new MigrationError(
          `Migration ${status.modified.join(', ')} was modified after it was applied (checksum differs). ` +
            'Applied migrations must never change: restore the original file and add a new migration instead.',
        );
      }
      const applied: string[] = [];
      for (const f of files.filter((m) => status.pending.includes(m.name))) {
        const id = crypto.randomUUID();
        await client.query(
          'insert into "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) values ($1, $2, $3, now(), 0)',
          [id, f.checksum, f.name],
        );
        try {
          await client.query('begin');
          await client.query(f.sql);
          await client.query('commit');
        } catch (e) {
          await client.query('rollback').catch(() => undefined);
          const message = e instanceof Error ? e.message : String(e);
          await client.query('update "_prisma_migrations" set logs = $2 where id = $1', [id, message]);
          throw new MigrationError(`Migration ${f.name} failed: ${message}`);
        }
        await client.query(
          'update "_prisma_migrations" set finished_at = now(), applied_steps_count = applied_steps_count + 1 where id = $1',
          [id],
        );
        applied.push(f.name);
        log(`Applied migration ${f.name}`);
      }
      return applied;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
