// The embedded PostgreSQL keeps its data across restarts, starts fresh from an empty folder, and explains
// an occupied port instead of crashing.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '@/lib/db/embedded';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-embedded-'));
fs.chmodSync(root, 0o755);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function q(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('keeps data across a stop and start, and a deleted folder gives a fresh cluster', async () => {
    const dir = path.join(root, 'cluster');
    const port = await freePort();
    const a = await startEmbeddedPostgres({ dir, port });
    expect(a.owned).toBe(true);
    await q(a.url, 'create table kept (v int); insert into kept values (42)');
    await a.stop();
    const b = await startEmbeddedPostgres({ dir, port });
    expect(await q(b.url, 'select v from kept')).toEqual([{ v: 42 }]);
    // a second process on the same folder reuses the running server instead of starting another
    const c = await startEmbeddedPostgres({ dir, port });
    expect(c.owned).toBe(false);
    await c.stop();
    expect(await q(b.url, 'select count(*)::int as n from kept')).toEqual([{ n: 1 }]);
    await b.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    const d = await startEmbeddedPostgres({ dir, port });
    expect(await q(d.url, `select to_regclass('kept') as t`)).toEqual([{ t: null }]);
    await d.stop();
  });

  it('explains an occupied port', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      await expect(startEmbeddedPostgres({ dir: path.join(root, 'other'), port })).rejects.toThrow(
        new RegExp(`Port ${port} is already in use.*EMBEDDED_PG_PORT`),
      );
    } finally {
      blocker.close();
    }
  });
});
