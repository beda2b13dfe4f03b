// `npm run ingest`: a good file, a file with bad rows (exit 0, rejections listed), a missing file or unknown kind
// (non-zero, one clear line), the --json shape; one run spawns the real command to prove the exit code and stdout.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { runIngestCli } from './ingest';

let t: TestDatabase;
let dir: string;

const CLIENTS = `externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name
C1,MASS,SE,1990-05-01,2020-01-10,true,false,true,false,c1@example.com.br,11987654321,Ana
C2,AFFLUENT,S,,2021-03-01,false,false,false,false,,,
`;
const OUTCOMES_BAD = `clientExternalId,referenceMonth,defaulted,observedAt
C1,2025-01,true,2025-02-28
C1,2025-13,false,2025-02-28
C7,2025-01,false,2025-02-28
C2,2025-01,maybe,2025-02-28
`;

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runIngestCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function write(name: string, text: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

beforeAll(async () => {
  // The CLI speaks the terminal's language; these expectations are the English messages.
  process.env.LANG = 'en_US.UTF-8';
  delete process.env.LC_ALL;
  delete process.env.LC_MESSAGES;
  // The CLI applies migrations itself: start from an empty database to prove it.
  t = await createTestDatabase({ migrate: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-ingest-cli-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t.drop();
});

describe('npm run ingest', () => {
  it('migrates an empty database, ingests a good file and prints the counts', async () => {
    const r = await run(['clients', write('clientes.csv', CLIENTS)]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Batch \d+: clients from clientes.csv \(csv, .* bytes\) COMPLETED/);
    expect(r.stdout).toMatch(/inserted\s+2\b/);
    expect(r.stdout).toMatch(/rejected\s+0\b/);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const b = await c.query(`select source, "actorName", "actorId" from "IngestionBatch"`);
    await c.end();
    expect(b.rows).toEqual([{ source: 'cli', actorName: 'cli', actorId: null }]);
  });

  it('exits 0 for a file with bad rows and lists each with line, field and reason', async () => {
    const r = await run(['outcomes', write('outcomes.csv', OUTCOMES_BAD)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/inserted\s+1\b/);
    expect(r.stdout).toMatch(/rejected\s+3\b/);
    expect(r.stdout).toMatch(/\b3\s+referenceMonth\s+.*2025-13/);
    expect(r.stdout).toMatch(/\b4\s+clientExternalId\s+unknown client 'C7'/);
    expect(r.stdout).toMatch(/\b5\s+defaulted\s+/);
    expect(r.stdout).toMatch(/rejections\.csv/);
  });

  it('shows only the first 20 rejected rows and says where the rest are', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `C1,2024-${String((i % 12) + 1).padStart(2, '0')},x,2025-01-01`,
    );
    const r = await run([
      'outcomes',
      write('many.csv', `clientExternalId,referenceMonth,defaulted,observedAt\n${rows.join('\n')}\n`),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Rejected rows \(20 of 30 errors\)/);
    expect(r.stdout).toMatch(/"IngestionRejection" WHERE "batchId" = \d+/);
  });

  it('--json prints exactly one JSON object with the report', async () => {
    const r = await run(['outcomes', write('again.csv', OUTCOMES_BAD), '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.stdout);
    expect(Object.keys(obj)).toEqual(
      expect.arrayContaining([
        'batchId',
        'kind',
        'status',
        'received',
        'inserted',
        'updated',
        'unchanged',
        'rejected',
        'rejections',
        'warnings',
        'message',
      ]),
    );
    expect(obj).toMatchObject({
      kind: 'outcomes',
      status: 'COMPLETED',
      received: 4,
      inserted: 0,
      unchanged: 1,
      rejected: 3,
    });
    expect(obj.rejections[0]).toEqual({
      line: 3,
      field: 'referenceMonth',
      code: 'ingest.row.monthInvalid',
      params: { field: 'referenceMonth', value: "'2025-13'" },
      reason: "referenceMonth must be YYYY-MM, got '2025-13'",
    });
  });

  it('reads NDJSON by extension or --format', async () => {
    const nd =
      '{"clientExternalId":"C2","referenceMonth":"2025-02","defaulted":false,"observedAt":"2025-03-31"}\n';
    const r = await run(['outcomes', write('o.jsonl', nd), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'ndjson', inserted: 1 });
    const f = await run(['outcomes', write('o.txt', nd), '--format', 'ndjson', '--json']);
    expect(JSON.parse(f.stdout)).toMatchObject({ format: 'ndjson', unchanged: 1 });
  });

  it('fails with one clear line for a missing file, an unknown kind or a missing column', async () => {
    const missing = await run(['clients', path.join(dir, 'nope.csv')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^Error: cannot read '.*nope\.csv': no such file\.$/);
    const kind = await run(['limits', write('x.csv', CLIENTS)]);
    expect(kind.code).not.toBe(0);
    expect(kind.stderr).toMatch(/Unknown kind 'limits'/);
    const column = await run(['clients', write('bad.csv', 'externalId,segment\nC1,MASS\n'), '--json']);
    expect(column.code).toBe(1);
    expect(JSON.parse(column.stdout).status).toBe('FAILED');
    expect(column.stderr).toMatch(/^Error: .*region/m);
  });

  it('as a real process: exit codes and a JSON-only stdout', async () => {
    const spawnCli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const p = spawn(
          process.execPath,
          [
            path.resolve('node_modules/tsx/dist/cli.mjs'),
            '--conditions=react-server',
            'scripts/ingest.ts',
            ...args,
          ],
          { env: { ...process.env, DATABASE_URL: t.url }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d) => (stdout += d));
        p.stderr.on('data', (d) => (stderr += d));
        p.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const ok = await spawnCli(['clients', write('c2.csv', CLIENTS), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ status: 'COMPLETED', unchanged: 2 });
    const bad = await spawnCli(['clients', path.join(dir, 'absent.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
