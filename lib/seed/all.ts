// Everything a fresh database gets, used by `npm start` and `npm run db:seed` (after clearing work a crashed
// process left RUNNING): demo users, the demo portfolio
// (through ingestion), features for every month, and the default model as champion. Idempotent: each step
// skips what is already there.
import pg from 'pg';
import { resetEnvCache, type Env } from '@/lib/env';
import { prismaFor } from '@/lib/db/connect';
import { seedDemoUsers } from '@/lib/seed/users';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { failAbandonedWork } from '@/lib/jobs/recover';

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
    if (abandoned.batches || abandoned.trainingJobs) {
      log(
        `Marked ${abandoned.batches} interrupted ingestion batch(es) and ${abandoned.trainingJobs} training job(s) as FAILED.`,
      );
    }
    await seedDemoPortfolio(pool, { clients: e.DEMO_CLIENTS, months: e.DEMO_MONTHS, log });
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
    }
  } finally {
    await stopBoss().catch(() => undefined);
    await closeDb();
  }
}
