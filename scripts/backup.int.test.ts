// `npm run backup` / `npm run restore` round trip on a small demo book with one decision run: back up, change and
// delete rows, refuse to restore without --yes (nothing changed), restore, and compare per-table row counts,
// md5 checksums of whole tables and the sequences with the values before. A file cut short is refused with the
// database left as it was; the restored schema still has its append-only trigger and working sequences.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { createBatchRun, workRunHere } from '@/lib/scoring/batch';
import { stopBoss } from '@/lib/jobs/queue';
import { tableCounts } from '@/lib/ops/backup';
import { freePort } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { resetEnvCache } from '@/lib/env';
import { findPgTool } from '@/lib/ops/pg-tools';
import { runBackupCli } from './backup';
import { runRestoreCli } from './restore';

let t: TestDatabase;
let dir: string;
const CHECKED = [
  'Client',
  'MonthlyStatement',
  'Decision',
  'Alert',
  'ScoringRun',
  'DecisionPolicy',
  'AuditLog',
];

async function cli(fn: typeof runBackupCli, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

interface State {
  counts: Record<string, number>;
  md5: Record<string, string>;
  sequences: Record<string, string>;
}

async function state(on: pg.Pool = pool()): Promise<State> {
  const c = await on.connect();
  try {
    const counts = await tableCounts(c);
    const md5: Record<string, string> = {};
    for (const table of CHECKED) {
      const r = await c.query<{ h: string }>(
        `SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${table}" x`,
      );
      md5[table] = r.rows[0]!.h;
    }
    const seqs = await c.query<{ s: string }>(
      `SELECT sequencename AS s FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    );
    const sequences: Record<string, string> = {};
    for (const { s } of seqs.rows) {
      const v = await c.query<{ v: string }>(`SELECT last_value::text || '/' || is_called AS v FROM "${s}"`);
      sequences[s] = v.rows[0]!.v;
    }
    return { counts, md5, sequences };
  } finally {
    c.release();
  }
}

let before: State;
let file: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-backup-test-'));
  await seedDemoPortfolio(pool(), { clients: 200, months: 6, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  await ensureDefaultPolicy();
  const run = await createBatchRun({ asOfMonth: '2026-10', chunkClients: 100, origin: 'test' }, null);
  await workRunHere(run.id, { pollMs: 50 });
  await stopBoss();
  before = await state();
}, 120_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run backup / npm run restore', () => {
  it('backs up every table and prints the file, its size and the main tables’ rows', async () => {
    expect(before.counts.Client).toBe(200);
    expect(before.counts.Decision).toBeGreaterThan(0);
    expect(before.counts.Alert).toBeGreaterThan(0);
    file = path.join(dir, 'round-trip.backup');
    const r = await cli(runBackupCli, ['--out', file]);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(r.code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    expect(r.stdout).toContain(`Backup written: ${file}`);
    expect(r.stdout).toMatch(/size [\d.]+ (KiB|MiB)/);
    expect(r.stdout).toMatch(/Client\s+200\b/);
    expect(r.stdout).toMatch(new RegExp(`Decision\\s+${before.counts.Decision!.toLocaleString('en-US')}\\b`));
    // The backup only reads: nothing changed.
    expect(await state()).toEqual(before);
    // A second backup to the same file is refused rather than overwriting it.
    const again = await cli(runBackupCli, ['--out', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('refuses to restore over data without --yes, saying what it would replace, and changes nothing', async () => {
    const p = pool();
    await p.query(`DELETE FROM "Alert"`);
    await p.query(
      `DELETE FROM "MonthlyStatement" WHERE "clientId" IN (SELECT id FROM "Client" ORDER BY id LIMIT 50)`,
    );
    await p.query(
      `UPDATE "Client" SET segment = 'changed' WHERE id IN (SELECT id FROM "Client" ORDER BY id LIMIT 10)`,
    );
    await p.query(`INSERT INTO "AuditLog" (action, target, details) VALUES ('test.change', 'x', '{}')`);
    const changed = await state();
    expect(changed.counts.Alert).toBe(0);
    expect(changed.md5.Client).not.toBe(before.md5.Client);
    expect(changed.sequences).not.toEqual(before.sequences);

    const r = await cli(runRestoreCli, [file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds data');
    expect(r.stderr).toContain('would replace all of it');
    expect(r.stderr).toMatch(/Client\s+200\b/);
    expect(r.stderr).toContain('--yes');
    expect(await state()).toEqual(changed);
  });

  it('refuses a backup cut short and leaves the database as it was', async () => {
    const cut = path.join(dir, 'cut.backup');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const now = await state();
    const r = await cli(runRestoreCli, [cut, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: /m);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(await state()).toEqual(now);
    const missing = await cli(runRestoreCli, [path.join(dir, 'nope.backup'), '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Backup file not found');
  });

  it('restores with --yes: the same rows in every table, the same checksums and sequences', async () => {
    const r = await cli(runRestoreCli, [file, '--yes']);
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Restored ${file}`);
    expect(r.stdout).toMatch(/Client\s+200\b/);
    const after = await state();
    expect(after.counts).toEqual(before.counts);
    expect(after.md5).toEqual(before.md5);
    expect(after.sequences).toEqual(before.sequences);
  });

  it('the restored schema still works: the ledger is append-only and new rows get fresh ids', async () => {
    const p = pool();
    await expect(
      p.query(`DELETE FROM "Decision" WHERE id = (SELECT min(id) FROM "Decision")`),
    ).rejects.toThrow();
    const max = (await p.query<{ m: string }>(`SELECT max(id)::text AS m FROM "AuditLog"`)).rows[0]!.m;
    const ins = await p.query<{ id: string }>(
      `INSERT INTO "AuditLog" (action, target, details) VALUES ('test.after', 'x', '{}') RETURNING id::text`,
    );
    expect(BigInt(ins.rows[0]!.id)).toBeGreaterThan(BigInt(max ?? '0'));
  });

  it('--engine pg_dump uses a pg_dump as new as the server, or says clearly that none is installed', async () => {
    const c = await pool().connect();
    const major = Math.floor(
      Number((await c.query<{ n: string }>(`SELECT current_setting('server_version_num') AS n`)).rows[0]!.n) /
        10000,
    );
    c.release();
    const out = path.join(dir, 'pgdump.dump');
    const search = findPgTool('pg_dump', major);
    const r = await cli(runBackupCli, ['--out', out, '--engine', 'pg_dump']);
    if (search.tool) {
      expect(r.code).toBe(0);
      expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('PGDMP');
      const back = await cli(runRestoreCli, [out, '--yes']);
      expect(back.code).toBe(0);
      expect((await state()).md5).toEqual(before.md5);
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`pg_dump for PostgreSQL ${major} or newer is needed`);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
    }
  });
});

/**
 * A throwaway cluster of the newest PostgreSQL installed with its own client programs (Debian's postgresql-15 on
 * this image), so the pg_dump engine runs for real: the embedded PostgreSQL 18 has no pg_dump to match it.
 */
async function systemPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const root = '/usr/lib/postgresql';
  const bin = (fs.existsSync(root) ? fs.readdirSync(root) : [])
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'))
    .find((d) =>
      ['initdb', 'pg_ctl', 'postgres', 'pg_dump', 'pg_restore'].every((f) => fs.existsSync(path.join(d, f))),
    );
  if (!bin)
    throw new Error(
      `No PostgreSQL server with its client programs under ${root} (Debian's postgresql package)`,
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-pgdump-test-'));
  fs.chmodSync(dir, 0o755);
  const root0 = process.getuid?.() === 0;
  if (root0) spawnSync('chown', ['postgres:postgres', dir]);
  const run = (cmd: string, args: string[]) => {
    const r = root0
      ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { encoding: 'utf8' })
      : spawnSync(path.join(bin, cmd), args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.error?.message}`);
  };
  const pw = path.join(dir, 'pw');
  fs.writeFileSync(pw, 'backup-test\n');
  if (root0) spawnSync('chown', ['postgres:postgres', pw]);
  const data = path.join(dir, 'data');
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    `--pwfile=${pw}`,
    '--auth=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const port = await freePort();
  run('pg_ctl', [
    'start',
    '-w',
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`,
  ]);
  return {
    url: `postgresql://postgres:backup-test@127.0.0.1:${port}/postgres`,
    async stop() {
      run('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('with pg_dump -Fc and pg_restore (a server whose client programs are installed)', () => {
  let server: { url: string; stop(): Promise<void> } | undefined;
  let p: pg.Pool;
  let mine: State;
  const testUrl = process.env.DATABASE_URL;
  const dumpFile = () => path.join(dir, 'system.dump');

  beforeAll(async () => {
    server = await systemPostgres();
    await migrate(server.url);
    p = new pg.Pool({ connectionString: server.url, max: 2 });
    await seedDemoPortfolio(p, {
      clients: 40,
      months: 6,
      computeFeatures: false,
      today: new Date('2026-12-01T00:00:00Z'),
    });
    await p.query(
      `INSERT INTO "AuditLog" (action, target, details) VALUES ('test.before', 'x', '{"a": [1, 2]}')`,
    );
    mine = await state(p);
    process.env.DATABASE_URL = server.url;
    resetEnvCache();
  }, 120_000);

  afterAll(async () => {
    process.env.DATABASE_URL = testUrl;
    resetEnvCache();
    await p?.end();
    await server?.stop();
  });

  it('backs up with pg_dump in custom format and restores with pg_restore to the same rows', async () => {
    expect(mine.counts.Client).toBe(40);
    expect(mine.counts.MonthlyStatement).toBeGreaterThan(40);
    const r = await cli(runBackupCli, ['--out', dumpFile(), '--engine', 'pg_dump']);
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/engine pg_dump .*pg_dump/);
    expect(r.stdout).toMatch(/Client\s+40\b/);
    expect(fs.readFileSync(dumpFile()).subarray(0, 5).toString('latin1')).toBe('PGDMP');

    await p.query(
      `DELETE FROM "MonthlyStatement" WHERE "clientId" IN (SELECT id FROM "Client" ORDER BY id LIMIT 10)`,
    );
    await p.query(`UPDATE "Client" SET segment = 'changed'`);
    await p.query(`INSERT INTO "AuditLog" (action, target, details) VALUES ('test.after', 'x', '{}')`);
    const changed = await state(p);
    expect(changed.md5.Client).not.toBe(mine.md5.Client);

    const refused = await cli(runRestoreCli, [dumpFile()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('would replace all of it');
    expect(await state(p)).toEqual(changed);

    const back = await cli(runRestoreCli, [dumpFile(), '--yes']);
    expect(back.stderr).not.toContain('Error');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('engine pg_dump');
    expect(await state(p)).toEqual(mine);
  });
});
