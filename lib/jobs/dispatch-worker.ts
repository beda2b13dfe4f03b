// The offer outbox worker: a pg-boss schedule (every minute) sends one job; the job drains due QUEUED offers in
// batches (each batch claimed FOR UPDATE SKIP LOCKED by lib/engagement/dispatch.ts) until a batch comes back
// short. PROATIVA_OFFER_DISPATCH_SCHEDULE=0 removes the schedule.
import 'server-only';
import type PgBoss from 'pg-boss';
import { OFFER_DISPATCH_CRON, OFFER_DISPATCH_QUEUE, workQueue } from '@/lib/jobs/queue';
import { TIME_ZONE } from '@/lib/i18n/locales';
import { dispatchDue } from '@/lib/engagement/dispatch';
import { resolveProviders } from '@/lib/engagement/providers';
import { log } from '@/lib/log';

export const DISPATCH_BATCH = 100;
/** At most this many batches per job, so one job never runs past the next minute's. */
export const DISPATCH_MAX_BATCHES = 50;

export async function drainOutbox(): Promise<number> {
  const providers = await resolveProviders();
  let total = 0;
  for (let i = 0; i < DISPATCH_MAX_BATCHES; i++) {
    const s = await dispatchDue({ providers, batchSize: DISPATCH_BATCH });
    total += s.claimed;
    if (s.claimed < DISPATCH_BATCH) break;
  }
  return total;
}

export async function startDispatchWorker(boss: PgBoss): Promise<void> {
  await workQueue<object>(
    boss,
    OFFER_DISPATCH_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 15 },
    async () => {
      const n = await drainOutbox();
      if (n > 0) log.info({ offers: n }, 'offer outbox drained');
    },
  );
  if (process.env.PROATIVA_OFFER_DISPATCH_SCHEDULE === '0') {
    await boss.unschedule(OFFER_DISPATCH_QUEUE);
    return;
  }
  await boss.schedule(OFFER_DISPATCH_QUEUE, OFFER_DISPATCH_CRON, {}, { tz: TIME_ZONE });
}
