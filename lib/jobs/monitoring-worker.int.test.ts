// The monitoring worker against a real database and pg-boss: the three schedules (daily recall/precision,
// weekly drift, monthly AUC) are registered with their cron, the Brasília time zone and their own queues; a
// scheduled tick creates a MonitoringRun row (origin 'schedule') that the monitoring queue then runs to the end;
// PROATIVA_MONITORING_SCHEDULE=0 removes the schedules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { TIME_ZONE } from '@/lib/i18n/locales';
import { MONITORING_QUEUE, MONITORING_QUEUE_OPTIONS, getBoss, stopBoss } from '@/lib/jobs/queue';
import { MONITORING_SCHEDULES, startMonitoringWorker } from '@/lib/jobs/monitoring-worker';

let t: TestDatabase;

async function until<T>(read: () => Promise<T | null | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  delete process.env.PROATIVA_MONITORING_SCHEDULE;
  await stopBoss();
  await t.drop();
});

describe('startMonitoringWorker', () => {
  it('registers the daily, weekly and monthly schedules on their own queues, in Brasília time', async () => {
    expect(MONITORING_SCHEDULES.map((s) => [s.name, s.cron, s.kind])).toEqual([
      ['monitoring-daily', '30 6 * * *', 'daily'], // recall/precision of real-time days, every morning
      ['monitoring-weekly', '0 7 * * 1', 'weekly'], // drift per ISO week, on Mondays
      ['monitoring-monthly', '0 8 3 * *', 'monthly'], // AUC of newly matured months, the 3rd of each month
    ]);
    const boss = await getBoss();
    // a tick already waiting on the weekly queue, as pg-boss's cron would leave it
    await boss.createQueue('monitoring-weekly', { name: 'monitoring-weekly', ...MONITORING_QUEUE_OPTIONS });
    await boss.send('monitoring-weekly', {});
    await startMonitoringWorker(boss);
    const schedules = await boss.getSchedules();
    const mine = schedules
      .filter((s) => s.name.startsWith('monitoring-'))
      .map((s) => ({ name: s.name, cron: s.cron, tz: s.options?.tz }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(mine).toEqual([
      { name: 'monitoring-daily', cron: '30 6 * * *', tz: TIME_ZONE },
      { name: 'monitoring-monthly', cron: '0 8 3 * *', tz: TIME_ZONE },
      { name: 'monitoring-weekly', cron: '0 7 * * 1', tz: TIME_ZONE },
    ]);
    for (const s of MONITORING_SCHEDULES) {
      const q = await boss.getQueue(s.name);
      expect(q?.retryLimit).toBe(MONITORING_QUEUE_OPTIONS.retryLimit);
    }
    expect(await boss.getQueue(MONITORING_QUEUE)).toBeTruthy();
  });

  it('turns a scheduled tick into a MonitoringRun row that the monitoring queue runs to the end', async () => {
    const run = await until(async () => {
      const r = await pool().query<{ id: string; kind: string; origin: string }>(
        `SELECT id, kind, origin FROM "MonitoringRun" WHERE origin = 'schedule'`,
      );
      return r.rows[0];
    });
    expect(run).toMatchObject({ kind: 'weekly', origin: 'schedule' });
    const done = await until(async () => {
      const r = await pool().query<{ status: string }>(
        `SELECT status::text AS status FROM "MonitoringRun" WHERE id = $1 AND status IN ('SUCCEEDED', 'FAILED')`,
        [run.id],
      );
      return r.rows[0];
    });
    expect(done.status).toBe('SUCCEEDED'); // an empty registry computes nothing, and says so
  }, 60_000);

  it('removes the schedules with PROATIVA_MONITORING_SCHEDULE=0', async () => {
    process.env.PROATIVA_MONITORING_SCHEDULE = '0';
    const boss = await getBoss();
    await startMonitoringWorker(boss);
    const left = (await boss.getSchedules()).filter((s) => s.name.startsWith('monitoring-'));
    expect(left).toEqual([]);
  });
});
