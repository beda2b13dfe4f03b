// Fault: the disk an upload is written to fills up. The app never spools an upload to a temp folder (the route
// streams the body into PostgreSQL chunk by chunk, app/api/v1/ingest/upload.ts), so the disk that fills is the
// database's. Injected, when this process is root and may mount (the sandbox, a root CI job): the Client table
// and its indexes moved to a tablespace on a 1 MiB tmpfs, so PostgreSQL's own writes fail with ENOSPC ("could
// not extend file": SQLSTATE 53100). Otherwise: a trigger raising that same SQLSTATE once the table would pass
// 3,000 rows (the error the server sends, without the real disk). Counted: the upload answers 503 with a message
// that names the database disk, its batch is FAILED with that message and the number of rows it stored, exactly
// that many rows are in the table, each whole; after space is freed the same upload stores every valid row
// exactly once (inserted + unchanged = valid, rows in the table = valid).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor } from '@/lib/test/users';
import { pool } from '@/lib/db';
import * as ingest from '@/app/api/v1/ingest/[kind]/route';

const ROWS = 5000;
const HEADER =
  'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name';
const bad = (i: number) => i % 1000 === 500;
const CSV =
  [
    HEADER,
    ...Array.from(
      { length: ROWS },
      (_, i) =>
        `D${String(i).padStart(5, '0')},MASS,SE,${bad(i) ? '1985-13-01' : '1980-01-15'},2020-01-10,true,false,true,false,` +
        `d${i}@example.com.br,11987654321,Cliente com um nome razoavelmente comprido ${i}`,
    ),
  ].join('\n') + '\n';
const INVALID = Array.from({ length: ROWS }, (_, i) => i).filter(bad).length;
const VALID = ROWS - INVALID;

let t: TestDatabase;
let key: string;
let mountDir: string | null = null;
let tablespace: string | null = null;
let injection: 'tmpfs' | 'trigger';
const say = (s: string) => process.stdout.write(`[fault disk-full] ${s}\n`);

/** A 1 MiB tmpfs owned by the postgres system user, or null when this process may not mount. */
function smallDisk(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-fault-disk-'));
  fs.chmodSync(dir, 0o755);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (m.status !== 0) {
    fs.rmdirSync(dir);
    return null;
  }
  const u = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (u.status === 0 && g.status === 0) fs.chownSync(dir, Number(u.stdout), Number(g.stdout));
  return dir;
}

beforeAll(async () => {
  t = await createTestDatabase();
  key = await createApiKeyFor('ADMIN');
  const p = pool();
  // PROATIVA_FAULT_DISK=trigger forces the fallback (to check it where mounting works).
  mountDir = process.env.PROATIVA_FAULT_DISK === 'trigger' ? null : smallDisk();
  if (mountDir) {
    tablespace = `fault_disk_${crypto.randomBytes(4).toString('hex')}`;
    await p.query(`CREATE TABLESPACE ${tablespace} LOCATION '${mountDir}'`);
    await p.query(`ALTER TABLE "Client" SET TABLESPACE ${tablespace}`);
    const idx = await p.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'Client' AND schemaname = current_schema()`,
    );
    for (const r of idx.rows) await p.query(`ALTER INDEX "${r.name}" SET TABLESPACE ${tablespace}`);
    injection = 'tmpfs';
  } else {
    await p.query(`
      CREATE FUNCTION fault_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM "Client") > 3000 THEN
          RAISE EXCEPTION 'could not extend file "base/fault/client": No space left on device'
            USING ERRCODE = 'disk_full';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER fault_disk_full AFTER INSERT ON "Client" FOR EACH STATEMENT EXECUTE FUNCTION fault_disk_full();`);
    injection = 'trigger';
  }
});

afterAll(async () => {
  await t.drop();
  if (tablespace) {
    const pg = (await import('pg')).default;
    const { inject } = await import('vitest');
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`DROP TABLESPACE IF EXISTS ${tablespace}`).catch(() => undefined);
    await admin.end();
  }
  if (mountDir) {
    spawnSync('umount', [mountDir]);
    fs.rmSync(mountDir, { recursive: true, force: true });
  }
});

function upload() {
  const req = new Request('http://localhost/api/v1/ingest/clients?fileName=clientes.csv', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'accept-language': 'en' },
    body: CSV,
  });
  return ingest.POST(req, { params: Promise.resolve({ kind: 'clients' }) });
}

const count = async () => Number((await pool().query('SELECT count(*)::int AS n FROM "Client"')).rows[0].n);

describe('the disk an upload is written to is full', () => {
  it('fails the upload with a message naming the disk, keeps only whole rows, and the next upload succeeds', async () => {
    const started = Date.now();
    const res = await upload();
    const body = (await res.json()) as {
      error: { code: string; message: string };
      report: { batchId: string; status: string; message: string; inserted: number };
    };
    const stored = await count();
    say(
      `injected: ${injection === 'tmpfs' ? `Client table on a 1 MiB tmpfs (${mountDir})` : 'a trigger raising SQLSTATE 53100 past 3,000 rows'}`,
    );
    say(`first upload: HTTP ${res.status} ${body.error?.code}; "${body.error?.message}"`);
    expect(res.status).toBe(503);
    expect(body.error.code).toBe('UNAVAILABLE');
    expect(body.error.message).toMatch(/database server's disk is full/);
    expect(body.report.status).toBe('FAILED');
    const batch = await pool().query<{
      status: string;
      message: { code: string; params?: { stored?: number } }[];
    }>(`SELECT status::text, message FROM "IngestionBatch" WHERE id = $1`, [body.report.batchId]);
    expect(batch.rows[0]!.status).toBe('FAILED');
    expect(batch.rows[0]!.message[0]!.code).toBe('ingest.file.diskFull');
    // What the batch says it kept is what the table holds: whole rows, none half written.
    const kept = batch.rows[0]!.message[1]!;
    const said = kept.code === 'ingest.batch.storedBefore' ? kept.params!.stored! : 0;
    const whole = await pool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Client"
        WHERE name = 'Cliente com um nome razoavelmente comprido ' || ltrim(substr("externalId", 2), '0')
           OR ("externalId" = 'D00000' AND name LIKE '% 0')`,
    );
    say(
      `rows stored by the failed upload: table ${stored}, batch message ${said}, whole rows ${whole.rows[0]!.n}`,
    );
    expect(stored).toBeLessThan(VALID);
    expect(said).toBe(stored);
    expect(whole.rows[0]!.n).toBe(stored);
    expect(body.report.inserted).toBe(stored);

    // Space freed: the same upload again.
    if (injection === 'tmpfs') {
      expect(spawnSync('mount', ['-o', 'remount,size=64m', mountDir!]).status).toBe(0);
    } else {
      await pool().query('DROP TRIGGER fault_disk_full ON "Client"');
    }
    const again = await upload();
    const report = (await again.json()) as {
      status: string;
      inserted: number;
      updated: number;
      unchanged: number;
      rejected: number;
    };
    const after = await count();
    say(
      `second upload: HTTP ${again.status} ${report.status}; inserted ${report.inserted} (expected ${VALID - stored}), ` +
        `unchanged ${report.unchanged} (expected ${stored}), rejected ${report.rejected} (expected ${INVALID}); ` +
        `table ${after} (expected ${VALID}); ${Date.now() - started} ms`,
    );
    expect(again.status).toBe(200);
    expect(report).toMatchObject({
      status: 'COMPLETED',
      inserted: VALID - stored,
      updated: 0,
      unchanged: stored,
      rejected: INVALID,
    });
    expect(after).toBe(VALID);
    const distinct = await pool().query<{ n: number }>(
      'SELECT count(DISTINCT "externalId")::int AS n FROM "Client"',
    );
    expect(distinct.rows[0]!.n).toBe(VALID);
  });
});
