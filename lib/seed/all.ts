// Everything a fresh database gets, used by `npm start` and `npm run db:seed` (after clearing work a crashed
// process left RUNNING): demo users, the demo portfolio
// (through ingestion), features for every month, and the default model as champion. Idempotent: each step
// skips what is already there.
import pg from 'pg';
import { resetEnvCache, type Env } from '@/lib/env';
import { prismaFor } from '@/lib/db/connect';
import { seedDemoUsers } from '@/lib/seed/users';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { seedDemoPortfolios } from '@/lib/seed/portfolios';
import { failAbandonedWork } from '@/lib/jobs/recover';
import { failInterruptedBatches } from '@/lib/ingest/store/liveness';

export async function seedAll(
  url: string,
  e: Pick<Env, 'DEMO_CLIENTS' | 'DEMO_MONTHS'>,
  log: (s: string) => void,
) {
  const { prisma, close } = prismaFor(url);
  try {
    const created = await seedDemoUsers(prisma);
    if (created.length) log(`Seeded ${created.length} demo users.`);
  } finally {
    await close();
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    const abandoned = await failAbandonedWork(pool);
    // Whatever their age, batches whose ingesting process died (lib/ingest/store/liveness.ts).
    abandoned.batches += await failInterruptedBatches(pool);
    if (abandoned.batches || abandoned.trainingJobs) {
      log(
        `Marked ${abandoned.batches} interrupted ingestion batch(es) and ${abandoned.trainingJobs} training job(s) as FAILED.`,
      );
    }
    await seedDemoPortfolio(pool, { clients: e.DEMO_CLIENTS, months: e.DEMO_MONTHS, log });
    // The managers' portfolios before the backfill, so its alerts carry them.
    await seedDemoPortfolios(pool, log);
  } finally {
    await pool.end();
  }
  // The registry reads DATABASE_URL through lib/db.ts, like the web app.
  process.env.DATABASE_URL = url;
  resetEnvCache();
  const { registerDefaultModel } = await import('@/lib/models/default-model');
  const { closeDb } = await import('@/lib/db');
  const { stopBoss } = await import('@/lib/jobs/queue');
  const { backfillDecisions } = await import('@/lib/seed/backfill');
  try {
    const r = await registerDefaultModel(null);
    if (r.registered) log(`Registered the default model ${r.name} v${r.version} as champion.`);
    const { ensureDefaultPolicy } = await import('@/lib/policy/store');
    if ((await ensureDefaultPolicy()).created) log('Activated the default decision policy v1.');
    if (e.DEMO_CLIENTS > 0) {
      const started = Date.now();
      const b = await backfillDecisions(log);
      if (b.runs) {
        log(
          `Scored ${b.runs} months (${b.months[0]}..${b.months.at(-1)}): ${b.decisions} decisions in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      }
      // The simulated operation over the backfilled months, through the same services managers and the
      // dispatcher use (rows marked demo), then monitoring figures so a fresh dashboard has them.
      if (b.runs) {
        const { playDemoAlerts } = await import('@/lib/seed/demo-alerts');
        const a = await playDemoAlerts(log);
        log(
          `Demo operation: ${a.claimed} alerts claimed, ${a.contacted} contacted, ${a.accepted} offers accepted, ${a.declined} declined, ${a.unreachable} unreachable.`,
        );
        const { playDemoOffers } = await import('@/lib/seed/demo-offers');
        const o = await playDemoOffers(log);
        log(
          `Demo offers: ${o.offers} dispatched over ${o.months} months, ${o.sent} sent, ${o.read} read, ${o.accepted} accepted, ${Object.values(o.skipped).reduce((s, n) => s + n, 0)} skipped.`,
        );
        const { computeMonitoring } = await import('@/lib/monitoring/compute');
        const m = await computeMonitoring();
        log(
          `Computed monitoring: ${m.performanceRows} performance and ${m.driftRows} drift rows, ${m.firings.fired} trigger firing(s) in ${(m.millis / 1000).toFixed(1)} s.`,
        );
      }
    }
  } finally {
    await stopBoss().catch(() => undefined);
    await closeDb();
  }
}
