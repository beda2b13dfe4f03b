// Fault: the process ingesting a file SIGKILLed in the middle of it, then the file ingested again. Injected: the
// ingestion engine in a child process (lib/faults/ingest-child.ts, 1,000-row chunks) fed through stdin, which
// the test holds open after the first 6,000 of 7,000 rows; once rows are stored the child is SIGKILLed. The rerun
// is the real command line (scripts/ingest.ts --json) on the whole file. Counted: while the child lives its batch
// stays RUNNING (the liveness sweep leaves it alone); after the kill the rerun marks it FAILED (interrupted);
// the rerun stores every valid row: inserted = valid - stored before the kill, unchanged = stored before,
// rejected = the invalid and duplicate rows; Client rows = valid rows, one per external id, each with its values.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { failInterruptedBatches } from '@/lib/ingest/store/liveness';

const ROWS = 7000;
const FED = 6000;
const HEADER =
  'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name';
const bad = (i: number) => i % 500 === 250; // an impossible birth date
const line = (i: number) =>
  `K${String(i).padStart(5, '0')},MASS,SE,${bad(i) ? '1985-13-01' : '1980-01-15'},2020-01-10,true,false,true,false,` +
  `k${i}@example.com.br,11987654321,Cliente ${i}`;
const INVALID = Array.from({ length: ROWS }, (_, i) => i).filter(bad).length;
const DUPLICATES = 1; // line 2 repeated at the end
const VALID = ROWS - INVALID;

let t: TestDatabase;
let dir: string;
let file: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => process.stdout.write(`[fault ingest-kill] ${s}\n`);

beforeAll(async () => {
  t = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-fault-ingest-'));
  file = path.join(dir, 'clients.csv');
  const lines = [HEADER, ...Array.from({ length: ROWS }, (_, i) => line(i)), line(0)];
  fs.writeFileSync(file, lines.join('\n') + '\n');
});

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t.drop();
});

const node = (args: string[], extra: Record<string, string> = {}) =>
  spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'warn', ...extra },
    stdio: ['pipe', 'pipe', 'pipe'],
  });

describe('the ingesting process killed mid-file', () => {
  it('leaves a batch the rerun marks FAILED, and the rerun stores every valid row exactly once', async () => {
    const started = Date.now();
    const p = pool();
    const child = node(['lib/faults/ingest-child.ts'], { FAULT_CHUNK: '1000' });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    const text = fs.readFileSync(file, 'utf8').split('\n');
    child.stdin!.write(text.slice(0, FED + 1).join('\n') + '\n');

    // Wait until some rows are stored, then kill it (stdin still open: the file is not finished).
    let storedBefore = 0;
    for (let i = 0; i < 300 && storedBefore < 3000; i++) {
      await sleep(100);
      storedBefore = Number((await p.query('SELECT count(*)::int AS n FROM "Client"')).rows[0].n);
    }
    expect(storedBefore, `the child stored nothing: ${out}`).toBeGreaterThanOrEqual(3000);
    const running = await p.query<{ id: string; status: string }>(
      `SELECT id::text, status::text FROM "IngestionBatch"`,
    );
    expect(running.rows).toHaveLength(1);
    const killedId = running.rows[0]!.id;
    expect(running.rows[0]!.status).toBe('RUNNING');
    // A live ingestion is not taken for an interrupted one.
    expect(await failInterruptedBatches(p)).toBe(0);

    say(`child stored ${storedBefore} rows after ${Date.now() - started} ms`);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    // A statement the child had sent may still commit on the server after the kill: wait until its sessions
    // are gone (no other backend active, the batch's lock released) before counting what it stored.
    for (let i = 0; i < 100; i++) {
      const busy = await p.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                   AND pid <> pg_backend_pid() AND state = 'active')::int
              + (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))::int AS n`,
      );
      if (busy.rows[0]!.n === 0) break;
      await sleep(50);
    }
    storedBefore = Number((await p.query('SELECT count(*)::int AS n FROM "Client"')).rows[0].n);
    const afterKill = await p.query(`SELECT status::text FROM "IngestionBatch" WHERE id = $1`, [killedId]);
    say(
      `killed the ingestion with ${storedBefore} of ${ROWS} rows stored; its batch is ${afterKill.rows[0].status}`,
    );
    expect(afterKill.rows[0].status).toBe('RUNNING');

    // Rerun: the command line on the whole file.
    const rerun = node(['scripts/ingest.ts', 'clients', file, '--json']);
    let stdout = '';
    let stderr = '';
    rerun.stdout!.on('data', (d) => (stdout += String(d)));
    rerun.stderr!.on('data', (d) => (stderr += String(d)));
    rerun.stdin!.end();
    const code = await new Promise<number | null>((r) => rerun.once('exit', r));
    say(`rerun finished after ${Date.now() - started} ms`);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as {
      status: string;
      received: number;
      inserted: number;
      updated: number;
      unchanged: number;
      rejected: number;
    };

    const killed = await p.query<{ status: string; message: { code: string }[] }>(
      `SELECT status::text, message FROM "IngestionBatch" WHERE id = $1`,
      [killedId],
    );
    const clients = await p.query<{ n: number; d: number; wrong: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "externalId")::int AS d,
              count(*) FILTER (WHERE name <> 'Cliente ' || ltrim(substr("externalId", 2), '0')
                                 AND NOT ("externalId" = 'K00000' AND name = 'Cliente 0'))::int AS wrong
         FROM "Client"`,
    );
    const c = clients.rows[0]!;
    say(`killed batch after the rerun: ${killed.rows[0]!.status} (${killed.rows[0]!.message?.[0]?.code})`);
    say(
      `rerun: received ${report.received} (expected ${ROWS + DUPLICATES}), inserted ${report.inserted} (expected ${VALID - storedBefore}), ` +
        `unchanged ${report.unchanged} (expected ${storedBefore}), rejected ${report.rejected} (expected ${INVALID + DUPLICATES})`,
    );
    say(
      `Client rows: ${c.n} (expected ${VALID}), distinct ids ${c.d}, wrong values ${c.wrong}; ${Date.now() - started} ms`,
    );

    expect(killed.rows[0]!.status).toBe('FAILED');
    expect(killed.rows[0]!.message).toEqual([{ code: 'ingest.batch.interrupted', params: {} }]);
    expect(report).toMatchObject({
      status: 'COMPLETED',
      received: ROWS + DUPLICATES,
      inserted: VALID - storedBefore,
      updated: 0,
      unchanged: storedBefore,
      rejected: INVALID + DUPLICATES,
    });
    expect(c).toEqual({ n: VALID, d: VALID, wrong: 0 });
    const rejections = await p.query<{ code: string; n: number }>(
      `SELECT code, count(*)::int AS n FROM "IngestionRejection" r JOIN "IngestionBatch" b ON b.id = r."batchId"
        WHERE b.status = 'COMPLETED' GROUP BY 1 ORDER BY 1`,
    );
    expect(rejections.rows.reduce((s, r) => s + r.n, 0)).toBe(INVALID + DUPLICATES);
  });
});
