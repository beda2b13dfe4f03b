import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { migrate, migrationStatus, readMigrations } from '@/lib/db/migrate';

let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.drop();
  t = undefined;
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-mig-'));
  fs.cpSync(path.resolve('prisma/migrations'), dir, { recursive: true });
  return dir;
}

describe('migration runner', () => {
  it('applies every migration once and records it the way Prisma does', async () => {
    t = await createTestDatabase({ migrate: false });
    const files = readMigrations();
    const applied = await migrate(t.url);
    expect(applied).toEqual(files.map((f) => f.name));
    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
      logs: string | null;
      rolled_back_at: Date | null;
    }>(t.url, 'select * from "_prisma_migrations" order by migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, r] of rows.entries()) {
      const sql = fs.readFileSync(path.resolve('prisma/migrations', r.migration_name, 'migration.sql'));
      expect(r.checksum).toBe(crypto.createHash('sha256').update(sql).digest('hex'));
      expect(r.checksum).toBe(files[i]?.checksum);
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(+(r.finished_at as Date)).toBeGreaterThanOrEqual(+r.started_at);
      expect(r.applied_steps_count).toBe(1);
      expect(r.logs).toBeNull();
      expect(r.rolled_back_at).toBeNull();
    }
    expect(await migrate(t.url)).toEqual([]);
    const status = await migrationStatus(t.url);
    expect(status).toMatchObject({ pending: [], modified: [], failed: [], unknown: [] });
  });

  it('refuses to run when an applied migration file was changed afterwards', async () => {
    t = await createTestDatabase({ migrate: false });
    const dir = copyMigrations();
    await migrate(t.url, { dir });
    const first = readMigrations(dir)[0];
    expect(first).toBeDefined();
    fs.appendFileSync(path.join(dir, first!.name, 'migration.sql'), '\n-- sneaky edit\n');
    await expect(migrate(t.url, { dir })).rejects.toThrow(/was modified after it was applied/);
    expect((await migrationStatus(t.url, dir)).modified).toEqual([first!.name]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records a failing migration with its error and refuses to continue past it', async () => {
    t = await createTestDatabase({ migrate: false });
    const dir = copyMigrations();
    const bad = path.join(dir, '29990101000000_broken');
    fs.mkdirSync(bad);
    fs.writeFileSync(
      path.join(bad, 'migration.sql'),
      'CREATE TABLE "Broken" (id INT);\nSELECT * FROM no_such_table;\n',
    );
    await expect(migrate(t.url, { dir })).rejects.toThrow(/29990101000000_broken failed: .*no_such_table/);
    const rows = await query<{ finished_at: Date | null; logs: string | null }>(
      t.url,
      `select finished_at, logs from "_prisma_migrations" where migration_name = '29990101000000_broken'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.finished_at).toBeNull();
    expect(rows[0]?.logs).toMatch(/no_such_table/);
    // the failed script left nothing half-applied
    expect(await query(t.url, `select to_regclass('"Broken"') as t`)).toEqual([{ t: null }]);
    await expect(migrate(t.url, { dir })).rejects.toThrow(/failed earlier and was never completed/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('two processes migrating at once apply each migration exactly once (advisory lock)', async () => {
    t = await createTestDatabase({ migrate: false });
    const results = await Promise.all([migrate(t.url), migrate(t.url), migrate(t.url)]);
    const total = results.flat();
    expect(total.sort()).toEqual(readMigrations().map((f) => f.name));
    const rows = await query<{ n: string }>(t.url, 'select count(*)::text as n from "_prisma_migrations"');
    expect(rows[0]?.n).toBe(String(readMigrations().length));
  });
});
