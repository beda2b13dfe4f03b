// Acknowledging a firing, editing triggers and the retraining requests they open.
import 'server-only';
import { pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';

/** Marks a firing acknowledged by a person (once: a second acknowledgement is a 409). */
export async function acknowledgeFiring(id: string, actor: Actor, note?: string): Promise<void> {
  const r = await pool().query(
    `UPDATE "TriggerFiring" SET "acknowledgedAt" = now(), "acknowledgedById" = $2, "ackNote" = $3
      WHERE id = $1::bigint AND "acknowledgedAt" IS NULL RETURNING id`,
    [id, actor.kind === 'user' ? actor.id : null, note?.trim() || null],
  );
  if (!r.rowCount) {
    const exists = await pool().query(`SELECT 1 FROM "TriggerFiring" WHERE id = $1::bigint`, [id]);
    if (!exists.rowCount) throw new AppError('monitoring.firingNotFound', { id }, 404);
    throw new AppError('monitoring.alreadyAcknowledged', { id }, 409);
  }
  await audit(actor, 'monitoring.firing.acknowledge', id, { note: note ?? null });
}

export interface TriggerInput {
  id?: string | undefined;
  name: string;
  metric: string;
  comparator: string;
  threshold: number;
  periodKind: string;
  cohort?: string | undefined;
  feature?: string | undefined;
  minSample: number;
  cooldownDays: number;
  action: string;
  enabled: boolean;
  windowMonths?: number | undefined;
}

/** Creates or updates a trigger; returns its id. */
export async function saveTrigger(t: TriggerInput, actor: Actor): Promise<string> {
  const by = actor.kind === 'user' ? actor.id : null;
  const values = [
    t.name,
    t.metric,
    t.comparator,
    t.threshold,
    t.periodKind,
    t.cohort ?? null,
    t.feature || null,
    t.minSample,
    t.cooldownDays,
    t.action,
    t.enabled,
    by,
    t.windowMonths ?? null,
  ];
  if (t.metric === 'psi' && t.periodKind !== 'WEEK' && t.periodKind !== 'MONTH') {
    throw new AppError('monitoring.psiPeriod', {}, 400, 'periodKind');
  }
  let id: string | undefined;
  if (t.id) {
    const r = await pool().query<{ id: string }>(
      `UPDATE "MonitoringTrigger" SET name = $1, metric = $2, comparator = $3, threshold = $4,
              "periodKind" = $5::"MetricPeriodKind", cohort = $6, feature = $7, "minSample" = $8, "cooldownDays" = $9,
              action = $10, enabled = $11, "updatedById" = $12, "windowMonths" = $13, "updatedAt" = now()
        WHERE id = $14 RETURNING id`,
      [...values, t.id],
    );
    id = r.rows[0]?.id;
    if (!id) throw new AppError('monitoring.triggerNotFound', { id: t.id }, 404);
  } else {
    const r = await pool().query<{ id: string }>(
      `INSERT INTO "MonitoringTrigger" (id, name, metric, comparator, threshold, "periodKind", cohort, feature,
         "minSample", "cooldownDays", action, enabled, "updatedById", "windowMonths")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::"MetricPeriodKind", $6, $7, $8, $9, $10, $11, $12, $13)
       RETURNING id`,
      values,
    );
    id = r.rows[0]!.id;
  }
  await audit(actor, 'monitoring.trigger.save', id, { ...t });
  return id;
}
