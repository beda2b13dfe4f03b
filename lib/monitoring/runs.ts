// MonitoringRun rows: created with their pg-boss job in one transaction (like lib/scoring/batch.ts), listed
// for the UI, and run (status, progress, message) by the monitoring worker.
import 'server-only';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { audit } from '@/lib/audit';
import { getBoss, MONITORING_QUEUE, MONITORING_QUEUE_OPTIONS, type MonitoringJob } from '@/lib/jobs/queue';
import { log } from '@/lib/log';
import { computeMonitoring, type ComputeSummary } from '@/lib/monitoring/compute';

export interface MonitoringRunView {
  id: string;
  kind: string;
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  modelVersionId: string | null;
  progress: Record<string, unknown> | null;
  message: string | null;
  origin: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function bossDb(tx: pg.ClientBase): PgBoss.Db {
  return { executeSql: (text, values) => tx.query(text, values) };
}

const COLS = `id, kind, status::text AS status, "modelVersionId", progress, message, origin,
  to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char("startedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt",
  to_char("finishedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

/** Stores a QUEUED run and its job in one transaction; returns the run. */
export async function createMonitoringRun(
  input: { kind: string; modelVersionId?: string; origin?: string },
  actor: Actor | null,
): Promise<MonitoringRunView> {
  const boss = await getBoss();
  const tx = await pool().connect();
  try {
    await tx.query('BEGIN');
    const r = await tx.query<MonitoringRunView>(
      `INSERT INTO "MonitoringRun" (id, kind, "modelVersionId", origin, "createdById")
       VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING ${COLS}`,
      [
        input.kind,
        input.modelVersionId ?? null,
        input.origin ?? 'app',
        actor?.kind === 'user' ? actor.id : null,
      ],
    );
    const run = r.rows[0]!;
    await boss.insert(
      [
        {
          name: MONITORING_QUEUE,
          data: { monitoringRunId: run.id } satisfies MonitoringJob,
          singletonKey: run.id,
          ...MONITORING_QUEUE_OPTIONS,
        },
      ],
      { db: bossDb(tx) },
    );
    await tx.query('COMMIT');
    if (actor) await audit(actor, 'monitoring.run.start', run.id, { kind: input.kind });
    return run;
  } catch (e) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    tx.release();
  }
}

export async function listMonitoringRuns(limit = 50): Promise<MonitoringRunView[]> {
  const r = await pool().query<MonitoringRunView>(
    `SELECT ${COLS} FROM "MonitoringRun" ORDER BY "createdAt" DESC LIMIT $1`,
    [limit],
  );
  return r.rows;
}

/** Works one run: RUNNING, the computation with its progress, then SUCCEEDED or FAILED with the reason. */
export async function runMonitoring(monitoringRunId: string): Promise<ComputeSummary | null> {
  const p = pool();
  const claimed = await p.query<{ modelVersionId: string | null }>(
    `UPDATE "MonitoringRun" SET status = 'RUNNING', "startedAt" = now(), message = NULL
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING "modelVersionId"`,
    [monitoringRunId],
  );
  const row = claimed.rows[0];
  if (!row) return null; // finished or cancelled already: a duplicate delivery
  try {
    const summary = await computeMonitoring({
      ...(row.modelVersionId ? { modelVersionId: row.modelVersionId } : {}),
      onProgress: async (pr) => {
        await p.query(`UPDATE "MonitoringRun" SET progress = $2 WHERE id = $1`, [
          monitoringRunId,
          JSON.stringify(pr),
        ]);
      },
    });
    await p.query(
      `UPDATE "MonitoringRun" SET status = 'SUCCEEDED', "finishedAt" = now(), "modelVersionId" = $2,
              progress = $3 WHERE id = $1`,
      [monitoringRunId, summary.modelVersionId, JSON.stringify(summary)],
    );
    return summary;
  } catch (e) {
    log.error({ err: e, monitoringRunId }, 'monitoring run failed');
    await p.query(
      `UPDATE "MonitoringRun" SET status = 'FAILED', "finishedAt" = now(), message = $2 WHERE id = $1`,
      [monitoringRunId, e instanceof Error ? e.message.slice(0, 500) : String(e)],
    );
    throw e;
  }
}
