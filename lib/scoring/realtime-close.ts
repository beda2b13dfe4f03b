// Closing the real-time runs of past days: a REALTIME run collects the decisions of one UTC day (per model and
// policy version) and stays RUNNING while its day lasts. Once the day is over nothing is written to it again
// (lib/scoring/realtime.ts only asks for today's run), so the daily monitoring schedule closes it like a batch
// run: its summary (bands, holdout, histogram, the previous batch run's figures) and SUCCEEDED. Idempotent;
// today's run is never touched.
import 'server-only';
import { pool } from '@/lib/db';
import { log } from '@/lib/log';
import { runSummary } from '@/lib/scoring/summary';
import { runDay } from '@/lib/scoring/realtime';

/** Closes every REALTIME run of a day before `today` ('YYYY-MM-DD', UTC) that is still open; returns their ids. */
export async function closeRealtimeRuns(today = runDay()): Promise<string[]> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`not a YYYY-MM-DD day: ${today}`);
  const p = pool();
  const open = await p.query<{ id: string; day: string }>(
    `SELECT id, day FROM "ScoringRun"
      WHERE kind = 'REALTIME' AND status IN ('QUEUED', 'RUNNING') AND day < $1 ORDER BY day`,
    [today],
  );
  const closed: string[] = [];
  for (const r of open.rows) {
    const summary = await runSummary(p, r.id);
    // finishedAt: the end of its UTC day (when its last decision could be made), not the moment of closing.
    const u = await p.query(
      `UPDATE "ScoringRun"
          SET status = 'SUCCEEDED', summary = $2::jsonb,
              "finishedAt" = least(now(), ($3::date + 1)::timestamp AT TIME ZONE 'UTC'),
              "clientsTotal" = greatest("clientsTotal", "clientsDone")
        WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
      [r.id, JSON.stringify(summary), r.day],
    );
    if (u.rowCount) closed.push(r.id);
  }
  if (closed.length) log.info({ runs: closed.length, before: today }, 'real-time runs of past days closed');
  return closed;
}
