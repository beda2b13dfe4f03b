// Real-time scoring against the production build over HTTP: autocannon with 32 concurrent connections (the
// issue's load) on POST /api/v1/score, next to its floors under the same load and the same API key in the same
// run: POST /api/v1/noop (the same authorization, scope, rate limit and body read, then nothing) and a 404 of
// the same server. The app runs `next start` on a throwaway database with a small demo book, the default
// model and policy; each scoring request names a client not decided yet (a new decision: features from the
// store, inference, TreeSHAP, policy, one ledger write), then a second pass replays decided clients.
// A full run builds the app when its sources changed; --quick uses the build that exists and otherwise skips.
//   BENCH_RT_CLIENTS=6000 npm run bench -- realtime-http
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '@/lib/db/embedded';
import { scratchDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { resetEnvCache } from '@/lib/env';
import { buildIfNeeded, nextBin, root } from '../build-util';
import { loadAverage, type Figure, type LoadAverage, type SectionContext } from './harness';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadAverage().join(' ');

interface Figures {
  label: string;
  loadBefore: LoadAverage;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function cannon(
  label: string,
  opts: autocannon.Options,
  expectStatus: (status: number) => boolean = (s) => s >= 200 && s < 300,
): Promise<Figures> {
  let unexpected = 0;
  const loadBefore = loadAverage();
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon({ connections: 32, ...opts }, (err, result) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result),
    );
    inst.on('response', (_client, statusCode) => {
      if (!expectStatus(statusCode)) unexpected++;
    });
  });
  return {
    label,
    loadBefore,
    perSecond: r.requests.average,
    p50: r.latency.p50,
    p95: r.latency.p97_5,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: unexpected,
    errors: r.errors + r.timeouts,
  };
}

function show(log: (s: string) => void, f: Figures, floor?: Figures) {
  const ratio = floor
    ? `  ${((100 * f.perSecond) / floor.perSecond).toFixed(0)}% of the no-op's req/s, p99 ${(f.p99 / floor.p99).toFixed(1)}x its p99`
    : '';
  log(
    `${f.label.padEnd(36)} ${fmt(f.perSecond).padStart(6)} req/s  p50 ${f.p50} ms  p97.5 ${f.p95} ms  p99 ${f.p99} ms  (${fmt(f.requests)} requests, ${f.non2xx} unexpected status, ${f.errors} errors)${ratio}`,
  );
}

async function waitForHealth(url: string, child: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the app exited before it was ready');
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not become healthy at ${url} within 120 s`);
}

export async function benchRealtimeHttp(ctx: SectionContext): Promise<Figure[]> {
  const clients = ctx.params.rtClients;
  const seconds = ctx.params.rtSeconds;
  if (ctx.params.quick) {
    // CI runs --quick after the e2e step, which leaves a build; building here would take minutes.
    if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID')))
      ctx.skip('no production build (run npm run build)');
  } else buildIfNeeded(ctx.log);
  const scratch = await scratchDatabase('proativa_bench_http');
  let server: ChildProcess | undefined;
  try {
    await migrate(scratch.url);
    process.env.DATABASE_URL = scratch.url;
    resetEnvCache();
    const { pool, closeDb } = await import('@/lib/db');
    const { seedDemoPortfolio } = await import('@/lib/seed/demo');
    const { registerDefaultModel } = await import('@/lib/models/default-model');
    const { ensureDefaultPolicy } = await import('@/lib/policy/store');
    const { createApiKeyRecord } = await import('@/lib/auth/api-key-admin');
    let ids: string[];
    let token: string;
    try {
      const t = Date.now();
      await seedDemoPortfolio(pool(), { clients, months: 8 });
      const reg = await registerDefaultModel(null);
      if (!reg.registered) throw new Error(`default model not registered: ${reg.reason}`);
      await ensureDefaultPolicy();
      const key = await createApiKeyRecord(
        pool(),
        { name: 'bench', role: 'DATA_SCIENTIST', scopes: ['score', 'read'], rateLimitPerMinute: 100_000_000 },
        { userId: null, via: 'cli', by: 'bench' },
      );
      token = key.token;
      ids = (
        await pool().query<{ e: string }>(`SELECT "externalId" AS e FROM "Client" ORDER BY id`)
      ).rows.map((r) => r.e);
      ctx.log(
        `\n== Real-time scoring over HTTP, production build, 32 connections: ${fmt(clients)} clients (setup ${((Date.now() - t) / 1000).toFixed(0)} s) ==`,
      );
    } finally {
      await closeDb();
    }

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: scratch.url,
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: crypto.randomBytes(32).toString('hex'),
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'warn',
        PROATIVA_MONTHLY_SCORING: '0',
      },
    });
    await waitForHealth(url, server);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const noopOpts: autocannon.Options = {
      url: `${url}/api/v1/noop`,
      method: 'POST',
      headers,
      body: '{"externalId":"SIM-0000001"}',
    };
    // Warm-up: JIT, the model's first load, the pool, the day's real-time run row (on clients set aside).
    await cannon('warm-up', { ...noopOpts, duration: 3 });
    const warm = ids.splice(0, 200);
    let w = 0;
    await cannon('warm-up score', {
      url,
      amount: warm.length,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/score',
          headers,
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ externalId: warm[w++ % warm.length] }) }),
        },
      ],
    });

    ctx.log(`load average before: ${load()}`);
    const notFound = await cannon(
      '404 of the same build',
      { url: `${url}/api/v1/no-such-route`, duration: seconds },
      (s) => s === 404,
    );
    show(ctx.log, notFound);
    const floor = await cannon('no-op route (same auth, body read)', { ...noopOpts, duration: seconds });
    show(ctx.log, floor);
    let next = 0;
    const fresh = await cannon('score, new decision (written)', {
      url,
      amount: ids.length,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/score',
          headers,
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ externalId: ids[next++ % ids.length] }) }),
        },
      ],
    });
    show(ctx.log, fresh, floor);
    let k = 0;
    const replay = await cannon('score, already decided (replay)', {
      url,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/score',
          headers,
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ externalId: ids[(k++ * 7919) % ids.length] }),
          }),
        },
      ],
    });
    show(ctx.log, replay, floor);
    ctx.log(
      `targets: throughput >= 40% of the no-op's and p99 <= 3x its p99 (new decisions: ${((100 * fresh.perSecond) / floor.perSecond).toFixed(0)}%, ${(fresh.p99 / floor.p99).toFixed(1)}x); load average after: ${load()}`,
    );
    ctx.details.notFound = notFound;
    ctx.details.targetsMet = fresh.perSecond >= 0.4 * floor.perSecond && fresh.p99 <= 3 * floor.p99;
    const rps = { name: 'no-op route, same build and load', value: floor.perSecond, unit: 'req/s' };
    const p99 = { name: 'no-op route p99', value: floor.p99, unit: 'ms' };
    const details = (f: Figures) => ({
      ...f,
      floorRequests: floor.requests,
      floorLoadBefore: floor.loadBefore,
    });
    return [
      ctx.figure('POST /api/v1/score, new decision', fresh.perSecond, 'req/s', rps, {
        loadBefore: fresh.loadBefore,
        details: details(fresh),
      }),
      ctx.figure('POST /api/v1/score, new decision p99', fresh.p99, 'ms', p99, {
        loadBefore: fresh.loadBefore,
        details: details(fresh),
      }),
      ctx.figure('POST /api/v1/score, replay', replay.perSecond, 'req/s', rps, {
        loadBefore: replay.loadBefore,
        details: details(replay),
      }),
      ctx.figure('POST /api/v1/score, replay p99', replay.p99, 'ms', p99, {
        loadBefore: replay.loadBefore,
        details: details(replay),
      }),
    ];
  } finally {
    if (server && server.exitCode === null) {
      const s = server;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => s.kill('SIGKILL'), 10_000);
        s.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        s.kill('SIGTERM');
      });
    }
    await scratch.drop();
  }
}
