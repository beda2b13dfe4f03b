// The bench's own PostgreSQL cluster (.bench/pg, git-ignored) and the simulated portfolio cached in it: one
// database per set of inputs (parameters, migrations, the simulator's and the ingestion's sources), built once
// through the product's ingestion path and reused while a marker row, written last, says it is complete.
// Sections that change the book work on a copy (CREATE DATABASE ... TEMPLATE), so the cache stays pristine.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addMonths } from '@/lib/domain/raw';
import { freePort, resolveClusterDir, startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrate, readMigrations } from '@/lib/db/migrate';
import { writePortfolioCsv } from '@/lib/simulator/csv';
import { ingestFile } from '@/lib/ingest/store';
import type { IngestKind } from '@/lib/ingest/kinds';
import { portfolioDatabaseName, portfolioKey, type PortfolioCopy, type PortfolioSpec } from './harness';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface BenchCluster {
  /** URL of the `postgres` database: scratchDatabase() makes its throwaway databases next to it. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** The port a still-running cluster listens on (line 4 of postmaster.pid), to reuse it rather than collide. */
function runningPort(clusterDir: string): number | null {
  try {
    const lines = fs.readFileSync(path.join(clusterDir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n');
    const port = Number(lines[3]);
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null;
  }
}

export async function startBenchCluster(log: (s: string) => void): Promise<BenchCluster> {
  const dir = resolveClusterDir(path.join(ROOT, '.bench', 'pg'));
  const port = runningPort(dir) ?? (await freePort());
  const h = await startEmbeddedPostgres({ dir, port, database: 'postgres', log });
  const urlFor = (database: string) => {
    const u = new URL(h.url);
    u.pathname = `/${database}`;
    return u.toString();
  };
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => h.stop() };
}

/** Digest of the sources whose change would change the stored portfolio (generator, ingestion, this builder). */
export function sourcesDigest(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name))
        h.update(`${path.relative(ROOT, p)}\n`).update(fs.readFileSync(p));
    }
  };
  for (const d of ['lib/simulator', 'lib/ingest']) walk(path.join(ROOT, d));
  // How the portfolio is built is an input too.
  h.update(fs.readFileSync(path.join(ROOT, 'scripts', 'bench', 'portfolio.ts')));
  return h.digest('hex');
}

async function withAdmin<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

const MARKER = 'bench_portfolio';

async function isComplete(url: string, key: string): Promise<boolean> {
  return withAdmin(url, async (c) => {
    const t = await c.query(`SELECT to_regclass($1) AS t`, [MARKER]);
    if (!t.rows[0]?.t) return false;
    const r = await c.query(`SELECT 1 FROM ${MARKER} WHERE key = $1`, [key]);
    return (r.rowCount ?? 0) > 0;
  });
}

export interface PortfolioInfo {
  database: string;
  key: string;
  reused: boolean;
  buildSeconds: number;
  spec: PortfolioSpec;
}

/** The cached portfolio's database, built now if absent or incomplete. */
export async function ensurePortfolio(
  cluster: BenchCluster,
  spec: PortfolioSpec,
  log: (s: string) => void,
  progress: (done: number, total: number, what: string) => void,
): Promise<PortfolioInfo> {
  const key = portfolioKey(spec, readMigrations(), sourcesDigest());
  const database = portfolioDatabaseName(key);
  const url = cluster.urlFor(database);
  // One builder at a time per cache entry (two bench runs started together).
  const lock = new pg.Client({ connectionString: cluster.adminUrl });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [database]);
    const exists = await lock.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [database]);
    if ((exists.rowCount ?? 0) > 0 && (await isComplete(url, key))) {
      log(
        `portfolio: reusing ${database} (${spec.clients.toLocaleString('en-US')} clients, ${spec.months} months)`,
      );
      return { database, key, reused: true, buildSeconds: 0, spec };
    }
    if ((exists.rowCount ?? 0) > 0) log(`portfolio: ${database} is incomplete (no marker row): rebuilding`);
    await lock.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await lock.query(`CREATE DATABASE ${database}`);
    const t0 = Date.now();
    await buildPortfolio(url, spec, key, log, progress);
    const buildSeconds = (Date.now() - t0) / 1000;
    log(`portfolio: built ${database} in ${buildSeconds.toFixed(0)} s`);
    return { database, key, reused: false, buildSeconds, spec };
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext($1))`, [database]).catch(() => undefined);
    await lock.end();
  }
}

async function buildPortfolio(
  url: string,
  spec: PortfolioSpec,
  key: string,
  log: (s: string) => void,
  progress: (done: number, total: number, what: string) => void,
) {
  const startMonth = addMonths(spec.endMonth, -(spec.months - 1));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-bench-portfolio-'));
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  try {
    await migrate(url);
    log(
      `portfolio: generating ${spec.clients.toLocaleString('en-US')} clients x ${spec.months} months (${startMonth}..${spec.endMonth}, seed ${spec.seed})`,
    );
    const files = await writePortfolioCsv(
      { clients: spec.clients, months: spec.months, startMonth, seed: spec.seed },
      path.join(work, 'csv'),
    );
    for (const kind of ['clients', 'statements', 'bureau'] as IngestKind[]) {
      const file = files.files[kind as keyof typeof files.files];
      const size = fs.statSync(file).size;
      const r = await ingestFile(pool, {
        kind,
        format: 'csv',
        source: fs.createReadStream(file, { highWaterMark: 1 << 20 }),
        fileName: `${kind}.csv`,
        origin: 'bench',
        actor: { id: null, name: 'bench' },
        onProgress: (p) => progress(p.bytes, size, `ingesting ${kind} (bytes)`),
      });
      progress(size, size, `ingesting ${kind} (bytes)`);
      if (r.status !== 'COMPLETED') throw new Error(`ingesting ${kind} failed`);
    }
    // No VACUUM ANALYZE: the scoring section measured a freshly ingested book before the cache, and still does.
    // Written last: its presence means every step above finished.
    await pool.query(
      `CREATE TABLE ${MARKER} (key text PRIMARY KEY, spec jsonb NOT NULL, "builtAt" timestamptz NOT NULL)`,
    );
    await pool.query(`INSERT INTO ${MARKER} VALUES ($1, $2, now())`, [key, JSON.stringify(spec)]);
  } finally {
    await pool.end();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A throwaway copy of the cached portfolio (a file copy on the server: seconds, not an ingestion). */
export async function copyPortfolio(cluster: BenchCluster, info: PortfolioInfo): Promise<PortfolioCopy> {
  const name = `${info.database}_copy_${crypto.randomBytes(3).toString('hex')}`;
  await withAdmin(cluster.adminUrl, (c) =>
    c.query(`CREATE DATABASE ${name} TEMPLATE ${info.database} STRATEGY FILE_COPY`),
  );
  return {
    url: cluster.urlFor(name),
    spec: info.spec,
    drop: () =>
      withAdmin(cluster.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
