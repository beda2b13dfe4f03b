// A throwaway, migrated database on the harness's cluster for a section that runs the product's own modules
// against it: DATABASE_URL points there and the env cache is reset, so lib/db's pool opens on it (import
// product modules that read the database after this returns). `close` ends the pool and drops the database.
import type pg from 'pg';
import { scratchDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';

export async function productScratch(name: string): Promise<{ pool: () => pg.Pool; close(): Promise<void> }> {
  const scratch = await scratchDatabase(name);
  await migrate(scratch.url);
  process.env.DATABASE_URL = scratch.url;
  const { resetEnvCache } = await import('@/lib/env');
  resetEnvCache();
  const { pool, closeDb } = await import('@/lib/db');
  return {
    pool,
    async close() {
      await closeDb();
      await scratch.drop();
    },
  };
}

/** `n` clients CLI-0000001.. (segment varejo, region SP), the sections' stand-in book. */
export async function insertBenchClients(p: pg.Pool, n: number): Promise<void> {
  await p.query(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart")
     SELECT 'CLI-' || lpad(i::text, 7, '0'), 'varejo', 'SP', DATE '2020-01-01' FROM generate_series(1, $1) i`,
    [n],
  );
}
