// Real-time scoring, the route handler alone (no Next.js server, no HTTP): POST /api/v1/score called in-process
// by 32 concurrent callers with an API key, against a throwaway database with a small demo book, the default
// model and policy. Prints req/s and latency percentiles for a no-op handler behind the same authorization
// (the floor), for new decisions (the write path: one ledger transaction each) and for clients already decided
// (the answer comes from the ledger, nothing written). The production figures come from autocannon against
// the built app (npm run bench); this one runs without a build.
//   BENCH_RT_CLIENTS=4000 npx tsx --import ./scripts/bench/server-only-hook.mjs scripts/bench/realtime.ts
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { resetEnvCache } from '@/lib/env';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

interface Figures {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
  /** This process's CPU time per request (µs): what the figures cost here, whatever else the machine runs. */
  cpuMicros: number;
}

/** `total` calls of fn by `concurrency` callers; latency of each call in ms. */
async function drive(
  total: number,
  concurrency: number,
  fn: (i: number) => Promise<Response>,
): Promise<Figures> {
  const lat = new Float64Array(total);
  let next = 0;
  let failures = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        const res = await fn(i);
        if (res.status !== 200) failures++;
        await res.arrayBuffer();
        lat[i] = performance.now() - s;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const sorted = Float64Array.from(lat).sort();
  const q = (p: number) => sorted[Math.min(total - 1, Math.floor(p * total))]!;
  return {
    requests: total,
    seconds,
    perSecond: total / seconds,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    failures,
    cpuMicros: (c.user + c.system) / total,
  };
}

function show(label: string, f: Figures, floor?: Figures) {
  const ratio = floor ? ` (${((100 * f.perSecond) / floor.perSecond).toFixed(0)}% of the no-op)` : '';
  console.log(
    `${label.padEnd(34)} ${fmt(f.perSecond).padStart(7)} req/s${ratio}  p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  ${fmt(f.cpuMicros)} µs CPU/req  (${fmt(f.requests)} requests, ${f.failures} failed)`,
  );
}

export async function benchRealtimeHandler(): Promise<void> {
  const clients = Number(process.env.BENCH_RT_CLIENTS ?? 4_000);
  const concurrency = Number(process.env.BENCH_RT_CONCURRENCY ?? 32);
  const scratch = await scratchDatabase('proativa_bench_rt');
  try {
    await migrate(scratch.url);
    process.env.DATABASE_URL = scratch.url;
    resetEnvCache();
    const { pool, closeDb } = await import('@/lib/db');
    const { seedDemoPortfolio } = await import('@/lib/seed/demo');
    const { registerDefaultModel } = await import('@/lib/models/default-model');
    const { ensureDefaultPolicy } = await import('@/lib/policy/store');
    const { createApiKeyRecord } = await import('@/lib/auth/api-key-admin');
    const { handler } = await import('@/lib/api/respond');
    const score = await import('@/app/api/v1/score/route');
    try {
      let t = Date.now();
      await seedDemoPortfolio(pool(), { clients, months: 8 });
      const reg = await registerDefaultModel(null);
      if (!reg.registered) throw new Error(`default model not registered: ${reg.reason}`);
      await ensureDefaultPolicy();
      console.log(
        `\n== Real-time scoring, handler only: ${fmt(clients)} clients, ${concurrency} concurrent ==`,
      );
      console.log(`setup (demo book, features, default model) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      const key = await createApiKeyRecord(
        pool(),
        { name: 'bench', role: 'DATA_SCIENTIST', scopes: ['score', 'read'], rateLimitPerMinute: 1_000_000 },
        { userId: null, via: 'cli', by: 'bench' },
      );
      const ids = (
        await pool().query<{ e: string }>(`SELECT "externalId" AS e FROM "Client" ORDER BY id`)
      ).rows.map((r) => r.e);
      const headers = { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' };
      const none = { params: Promise.resolve({}) };
      const scoreOne = (externalId: string, query = '') =>
        score.POST(
          new Request(`http://localhost/api/v1/score${query}`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ externalId }),
          }),
          none,
        );
      const noop = handler('score:realtime', async () => Response.json({ ok: true }));
      const callNoop = () =>
        noop(new Request('http://localhost/api/v1/noop', { method: 'POST', headers, body: '{}' }), none);

      // Warm-up: the model's first load, JIT, the pool's connections, the day's run row (on a client set aside).
      await drive(400, concurrency, () => callNoop());
      const warm = ids.splice(0, 50);
      await drive(warm.length, concurrency, (i) => scoreOne(warm[i]!));

      const floor = await drive(Math.max(8_000, clients * 2), concurrency, () => callNoop());
      show('no-op handler (same auth)', floor);
      t = Date.now();
      const half = Math.floor(ids.length / 2);
      const fresh = await drive(half, concurrency, (i) => scoreOne(ids[i]!));
      show('score, new decision (write)', fresh, floor);
      const explained = await drive(ids.length - half, concurrency, (i) =>
        scoreOne(ids[half + i]!, '?explain=full'),
      );
      show('score explain=full, new decision', explained, floor);
      const written = await pool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Decision" d JOIN "ScoringRun" r ON r.id = d."runId" WHERE r.kind = 'REALTIME'`,
      );
      console.log(`  (${fmt(written.rows[0]!.n)} real-time decisions written)`);
      const replay = await drive(Math.max(8_000, clients * 2), concurrency, (i) =>
        scoreOne(ids[(i * 7919) % ids.length]!),
      );
      show('score, already decided (replay)', replay, floor);
      console.log(`load average ${load()}`);
    } finally {
      await closeDb();
    }
  } finally {
    await scratch.drop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchRealtimeHandler().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
