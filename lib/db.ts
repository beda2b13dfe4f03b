// The one database handle per process: a pg Pool (for COPY and set-based SQL) shared by the Prisma client.
// Cached on globalThis so Next's dev reloads do not open a new pool per edit.
import 'server-only';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { ConfigError, env } from '@/lib/env';
import { log } from '@/lib/log';

interface Handles {
  pool: pg.Pool;
  prisma: PrismaClient;
  url: string;
}

const globalForDb = globalThis as unknown as { __proativaDb?: Handles };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new ConfigError(
      'DATABASE_URL is not set. Start the product with `npm start` (it runs an embedded PostgreSQL and sets it), ' +
        'or set DATABASE_URL=postgresql://user:password@host:5432/database.',
    );
  }
  return url;
}

function open(url: string): Handles {
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => log.error({ err, component: 'pg-pool' }, 'idle database connection failed'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma, url };
}

function handles(): Handles {
  const url = databaseUrl();
  const cached = globalForDb.__proativaDb;
  if (cached && cached.url === url) return cached;
  const h = open(url);
  globalForDb.__proativaDb = h;
  return h;
}

/** The Prisma client (lazy: nothing connects until first use). */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const client = handles().prisma as unknown as Record<string | symbol, unknown>;
    const v = client[prop];
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(client) : v;
  },
});

export function pool(): pg.Pool {
  return handles().pool;
}

/** Closes the pool (CLI scripts and tests). */
export async function closeDb(): Promise<void> {
  const h = globalForDb.__proativaDb;
  globalForDb.__proativaDb = undefined;
  if (h) {
    await h.prisma.$disconnect().catch(() => undefined);
    await h.pool.end().catch(() => undefined);
  }
}
