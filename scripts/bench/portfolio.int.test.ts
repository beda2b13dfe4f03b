// The bench's portfolio cache on a real PostgreSQL: built once through the product's ingestion, reused while
// its marker row is there, rebuilt when it is not, and copied for sections that change it.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { copyPortfolio, ensurePortfolio, type BenchCluster } from './portfolio';

const adminUrl = inject('pgAdminUrl');
const cluster: BenchCluster = {
  adminUrl,
  urlFor(database) {
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return u.toString();
  },
  stop: async () => undefined,
};
// A seed of its own, so this test's cache entry is not any real bench run's.
const spec = { clients: 40, months: 3, seed: 987_654, endMonth: '2026-10' };
const logs: string[] = [];
const log = (s: string) => logs.push(s);
const progress = () => undefined;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

let database = '';
afterAll(async () => {
  if (database) await query(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

describe('the cached portfolio', () => {
  it('is built once, then reused; rebuilt when its marker row is missing; copied for a section', async () => {
    const first = await ensurePortfolio(cluster, spec, log, progress);
    database = first.database;
    expect(first.reused).toBe(false);
    expect(first.database).toBe(`proativa_bench_${first.key}`);
    const url = cluster.urlFor(first.database);
    const counts = await query<{ clients: number; statements: number }>(
      url,
      `SELECT (SELECT count(*)::int FROM "Client") AS clients, (SELECT count(*)::int FROM "MonthlyStatement") AS statements`,
    );
    expect(counts[0]!.clients).toBe(40);
    expect(counts[0]!.statements).toBeGreaterThan(40);
    const marker = await query<{ key: string }>(url, `SELECT key FROM bench_portfolio`);
    expect(marker).toEqual([{ key: first.key }]);

    const again = await ensurePortfolio(cluster, spec, log, progress);
    expect(again).toMatchObject({ database: first.database, key: first.key, reused: true });

    // A build that died before its last step leaves no marker: the next run starts over.
    await query(url, `DELETE FROM bench_portfolio`);
    const rebuilt = await ensurePortfolio(cluster, spec, log, progress);
    expect(rebuilt.reused).toBe(false);
    expect(logs.some((l) => l.includes('incomplete'))).toBe(true);

    const copy = await copyPortfolio(cluster, rebuilt);
    try {
      await query(copy.url, `DELETE FROM "MonthlyStatement"`);
      const left = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "MonthlyStatement"`);
      expect(left[0]!.n).toBe(counts[0]!.statements); // the cache is untouched by what the copy does
    } finally {
      await copy.drop();
    }
    const copies = await query<{ n: number }>(
      adminUrl,
      `SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE '${first.database}_copy_%'`,
    );
    expect(copies[0]!.n).toBe(0);
  });
});
