// The monitoring queue's worker and schedules: daily (closes past days' REALTIME runs, then recall/precision of real-time days), weekly (drift) and
// monthly (AUC of newly matured months). Each scheduled job creates a MonitoringRun row (so the UI shows it)
// and computes everything: one computation is cheap enough that splitting by frequency would only add states.
// PROATIVA_MONITORING_SCHEDULE=0 removes the schedules.
import 'server-only';
import type PgBoss from 'pg-boss';
import { MONITORING_QUEUE, MONITORING_QUEUE_OPTIONS, workQueue, type MonitoringJob } from '@/lib/jobs/queue';
import { TIME_ZONE } from '@/lib/i18n/locales';
import { log } from '@/lib/log';
import { createMonitoringRun, runMonitoring } from '@/lib/monitoring/runs';
import { closeRealtimeRuns } from '@/lib/scoring/realtime-close';

export const MONITORING_SCHEDULES = [
  { name: 'monitoring-daily', cron: '30 6 * * *', kind: 'daily' },
  { name: 'monitoring-weekly', cron: '0 7 * * 1', kind: 'weekly' },
  { name: 'monitoring-monthly', cron: '0 8 3 * *', kind: 'monthly' },
] as const;

/** Works the monitoring queue here and registers the schedules (idempotent across processes). */
export async function startMonitoringWorker(boss: PgBoss): Promise<void> {
  await workQueue<MonitoringJob>(
    boss,
    MONITORING_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 5 },
    async (job) => {
      await runMonitoring(job.data.monitoringRunId);
    },
  );
  for (const s of MONITORING_SCHEDULES) {
    if (process.env.PROATIVA_MONITORING_SCHEDULE === '0') {
      await boss.unschedule(s.name);
      continue;
    }
    await boss.createQueue(s.name, { name: s.name, ...MONITORING_QUEUE_OPTIONS });
    await boss.schedule(s.name, s.cron, {}, { tz: TIME_ZONE });
    await workQueue<object>(boss, s.name, { batchSize: 1, pollingIntervalSeconds: 60 }, async () => {
      // The daily run first closes yesterday's real-time runs, so their summaries exist when it reads them.
      if (s.kind === 'daily') await closeRealtimeRuns();
      const run = await createMonitoringRun({ kind: s.kind, origin: 'schedule' }, null);
      log.info({ monitoringRunId: run.id, kind: s.kind }, 'scheduled monitoring run queued');
    });
  }
}
