// Opens the database for command-line tools and the launcher: DATABASE_URL when set, else the embedded
// PostgreSQL in the data folder. Also turns connection failures into messages a person can act on.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { dataDir, env } from '@/lib/env';
import { freePort, resolveClusterDir, startEmbeddedPostgres, type EmbeddedHandle } from '@/lib/db/embedded';

export interface Database {
  url: string;
  embedded?: EmbeddedHandle;
  close(): Promise<void>;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

export async function checkConnection(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query('select 1');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(
      `Cannot connect to PostgreSQL at ${describeUrl(url)}: ${reason}. Check DATABASE_URL and that the server is running.`,
    );
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function openDatabase(log: (s: string) => void = () => undefined): Promise<Database> {
  const e = env();
  if (e.DATABASE_URL) {
    await checkConnection(e.DATABASE_URL);
    return { url: e.DATABASE_URL, close: async () => undefined };
  }
  const dir = resolveClusterDir(path.join(dataDir(), 'postgres'));
  const embedded = await startEmbeddedPostgres({ dir, port: e.EMBEDDED_PG_PORT, log });
  return { url: embedded.url, embedded, close: () => embedded.stop() };
}

export function prismaFor(url: string): { prisma: PrismaClient; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database for end-to-end runs and benchmarks: a new database on DATABASE_URL's server when set
 * (its role needs CREATEDB), otherwise a new embedded cluster in a temp folder. drop() removes it entirely.
 */
export async function scratchDatabase(
  prefix: string,
  opts: { durable?: boolean } = {},
): Promise<ScratchDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    const name = `${prefix}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new URL(external);
    admin.pathname = '/postgres';
    const run = async (sql: string) => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await run(`create database ${name}`);
    const u = new URL(external);
    u.pathname = `/${name}`;
    return { url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  fs.chmodSync(dir, 0o755); // the postgres system user (when running as root) must reach the cluster folder
  const h = await startEmbeddedPostgres({
    dir: path.join(dir, 'cluster'),
    port: await freePort(),
    durable: opts.durable,
  });
  return {
    url: h.url,
    async drop() {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
