// The SQL in holdout.ts's header reproduces the control group inside PostgreSQL (for analysts and for
// set-based jobs); this proves it gives the very same draw as the TypeScript code.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { holdoutDraw } from '@/lib/policy/holdout';

describe('holdout draw in SQL', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it('equals holdoutDraw for ASCII and non-ASCII client keys', async () => {
    const keys = ['CLI-0000001', 'CLI-0000042', '12345', 'JOÃO-ç-1', 'a:b', 'x'.repeat(200)];
    const { rows } = await client.query<{ key: string; u: number }>(
      `select key, ('x' || left(encode(sha256(convert_to(key || ':' || $2, 'UTF8')), 'hex'), 12))::bit(48)::bigint
                 / 2::float8 ^ 48 as u
         from unnest($1::text[]) as key`,
      [keys, 'v1'],
    );
    expect(rows.map((r) => r.key)).toEqual(keys);
    for (const r of rows) expect(r.u).toBe(holdoutDraw(r.key, 'v1'));
  });
});
