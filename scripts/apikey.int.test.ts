// `npm run apikey`: creating a key with scopes and a rate limit (printed once, only its hash stored, audited),
// the key working against the API, refusals naming the option (nothing created), revocation (idempotent,
// audited, unknown prefix an error); one run spawns the real command to prove its exit code and stdout.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import * as me from '@/app/api/v1/me/route';
import { runApiKeyCli } from './apikey';

let t: TestDatabase;

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runApiKeyCli(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const keyCount = async () =>
  (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "ApiKey"`)).rows[0]!.n;

const meWith = (key: string) =>
  me.GET(new Request('http://localhost/api/v1/me', { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({}),
  });

beforeAll(async () => {
  // The command applies migrations itself: start from an empty database to prove it.
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.drop());

describe('npm run apikey -- create', () => {
  it('creates a key with its scopes and limit, prints it once as JSON, stores only its hash, audits it', async () => {
    const r = await run([
      'create',
      '--name',
      'deploy pipeline',
      '--role',
      'DATA_SCIENTIST',
      '--scopes',
      'read,score',
      '--rate-limit',
      '1200',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      name: 'deploy pipeline',
      role: 'DATA_SCIENTIST',
      scopes: ['score', 'read'],
      rateLimitPerMinute: 1200,
    });
    expect(out.key).toMatch(new RegExp(`^pk_${out.prefix}_[A-Za-z0-9_-]{32}$`));
    const row = (
      await pool().query(
        `SELECT role::text AS role, scopes, "rateLimitPerMinute", "secretHash", "revokedAt" FROM "ApiKey" WHERE prefix = $1`,
        [out.prefix],
      )
    ).rows[0];
    expect(row).toMatchObject({
      role: 'DATA_SCIENTIST',
      scopes: ['score', 'read'],
      rateLimitPerMinute: 1200,
    });
    expect(row.revokedAt).toBeNull();
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secretHash).not.toContain(out.key.split('_').slice(2).join('_'));
    const audit = await pool().query(
      `SELECT "actorId", target, details FROM "AuditLog" WHERE action = 'apiKey.create'`,
    );
    expect(audit.rows).toEqual([
      {
        actorId: null,
        target: out.id,
        details: expect.objectContaining({
          name: 'deploy pipeline',
          scopes: ['score', 'read'],
          rateLimitPerMinute: 1200,
          via: 'cli',
        }),
      },
    ]);
    // The key works (read scope) and says who it is.
    const res = await meWith(out.key);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      kind: 'apiKey',
      name: 'deploy pipeline',
      role: 'DATA_SCIENTIST',
    });
  });

  it('defaults to the read scope and 600 a minute, and shows the key once in words', async () => {
    const r = await run(['create', '--name=reports', '--role=EXECUTIVE']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Created API key 'reports' \(prefix [0-9a-f]{12}\): role EXECUTIVE, scopes read, 600 requests\/min\./,
    );
    expect(r.stdout).toMatch(/shown once/);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^pk_[0-9a-f]{12}_/);
  });

  it.each([
    [['create', '--name', 'x1', '--role', 'BOSS'], /--role: .*ADMIN/],
    [['create', '--name', 'x2', '--role', 'ADMIN', '--scopes', 'score,write'], /--scopes: .*read/],
    [['create', '--name', 'x3', '--role', 'ADMIN', '--scopes', ''], /--scopes: Choose at least one scope/],
    [['create', '--name', 'x4', '--role', 'ADMIN', '--rate-limit', '0'], /--rate-limit: .*1,000,000/],
    [['create', '--role', 'ADMIN'], /--name: /],
    [['create', '--name', 'x5', '--role'], /--role needs a value/],
    [['create', '--name', 'x6', '--role', 'ADMIN', '--owner', 'me'], /Unknown option '--owner'/],
    [['rotate', 'abc'], /Unknown command 'rotate'/],
  ])('refuses %j naming the problem, and creates nothing', async (argv, message) => {
    const before = await keyCount();
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(await keyCount()).toBe(before);
  });
});

describe('npm run apikey -- revoke', () => {
  it('revokes by prefix (audited, idempotent); the key is refused from then on', async () => {
    const created = JSON.parse(
      (await run(['create', '--name', 'old', '--role', 'MANAGER', '--json'])).stdout,
    );
    expect((await meWith(created.key)).status).toBe(200);
    const r = await run(['revoke', created.prefix]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Revoked API key 'old' \(prefix [0-9a-f]{12}\)\. Running servers refuse it within 30 seconds\./,
    );
    const row = (await pool().query(`SELECT "revokedAt" FROM "ApiKey" WHERE prefix = $1`, [created.prefix]))
      .rows[0];
    expect(row.revokedAt).toBeInstanceOf(Date);
    const audit = await pool().query(
      `SELECT target, details->>'via' AS via FROM "AuditLog" WHERE action = 'apiKey.revoke'`,
    );
    expect(audit.rows).toEqual([{ target: created.id, via: 'cli' }]);
    // This process cached the key when it last used it; the command line revoked it from outside.
    const { configureApiKeyCache } = await import('@/lib/auth/api-keys');
    configureApiKeyCache();
    expect((await meWith(created.key)).status).toBe(401);

    const again = await run(['revoke', created.key, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      prefix: created.prefix,
      revoked: true,
      alreadyRevoked: true,
    });
  });

  it('fails for an unknown prefix and for something that is not a prefix', async () => {
    const unknown = await run(['revoke', 'abcdef012345']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Error: no API key with prefix abcdef012345.');
    const bad = await run(['revoke', 'no!']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a key prefix/);
  });

  it('runs as `npm run apikey` with an exit code and one JSON object on stdout', async () => {
    const p = spawn(
      process.execPath,
      [
        path.resolve('node_modules/tsx/dist/cli.mjs'),
        '--conditions=react-server',
        'scripts/apikey.ts',
        'create',
        '--name',
        'spawned',
        '--role',
        'ADMIN',
        '--scopes',
        'ingest',
        '--json',
      ],
      { env: { ...process.env, DATABASE_URL: t.url }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    p.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: 'spawned', role: 'ADMIN', scopes: ['ingest'] });
  });
});
