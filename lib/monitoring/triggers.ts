// Triggers are data (MonitoringTrigger rows data scientists edit): the defaults seeded idempotently, and the
// evaluation after each computation that stores a firing once per (trigger, period, subject), honouring the
// cooldown, and opens a RetrainingRequest for a RETRAIN firing.
import 'server-only';
import type pg from 'pg';
import { pool } from '@/lib/db';
import { log } from '@/lib/log';
import type { ModelCard } from '@/lib/models/card';

export const TRIGGER_ACTIONS = ['RETRAIN', 'POLICY_REVIEW', 'NOTIFY', 'CHALLENGER_READY'] as const;
export type TriggerAction = (typeof TRIGGER_ACTIONS)[number];
export const TRIGGER_COMPARATORS = ['<', '<=', '>', '>='] as const;
/**
 * Metrics a trigger may watch: PerformanceMetric columns, 'psi' of DriftMetric, or 'challengerP' (the paired
 * DeLong p-value of a challenger against the champion, evaluated by lib/monitoring/compare.ts).
 */
export const PERFORMANCE_METRICS = [
  'auc',
  'gini',
  'ks',
  'recall',
  'precision',
  'estAuc',
  'estRecall',
  'estPrecision',
] as const;
export const TRIGGER_METRICS = [...PERFORMANCE_METRICS, 'psi', 'challengerP'] as const;
export type TriggerMetric = (typeof TRIGGER_METRICS)[number];

export interface TriggerDefinition {
  name: string;
  metric: TriggerMetric;
  comparator: (typeof TRIGGER_COMPARATORS)[number];
  threshold: number;
  periodKind: 'MONTH' | 'WEEK' | 'DAY' | 'RUN';
  cohort: string | null;
  feature: string | null;
  minSample: number;
  cooldownDays: number;
  action: TriggerAction;
  /** Matured months pooled (challenger triggers); null = 3. */
  windowMonths?: number | null;
}

const LOCK = 0x6d6f7472; // 'motr'

/** The defaults of DESIGN.md's monitoring table, with the champion's top-5 features. */
export function defaultTriggers(top5: string[]): TriggerDefinition[] {
  const base = { minSample: 500, cooldownDays: 7 } as const;
  return [
    {
      name: 'auc-month-retrain',
      metric: 'auc',
      comparator: '<',
      threshold: 0.7,
      periodKind: 'MONTH',
      cohort: 'all',
      feature: null,
      action: 'RETRAIN',
      ...base,
    },
    {
      name: 'recall-month-policy-review',
      metric: 'recall',
      comparator: '<',
      threshold: 0.8,
      periodKind: 'MONTH',
      cohort: 'all',
      feature: null,
      action: 'POLICY_REVIEW',
      ...base,
    },
    {
      name: 'recall-day-policy-review',
      metric: 'recall',
      comparator: '<',
      threshold: 0.8,
      periodKind: 'DAY',
      cohort: 'all',
      feature: null,
      action: 'POLICY_REVIEW',
      ...base,
      cooldownDays: 1,
    },
    {
      name: 'est-auc-month-notify',
      metric: 'estAuc',
      comparator: '<',
      threshold: 0.7,
      periodKind: 'MONTH',
      cohort: 'all',
      feature: null,
      action: 'NOTIFY',
      ...base,
    },
    {
      // the challenger's AUC is higher and the paired DeLong test rejects equality at 5% over 3 matured months
      name: 'challenger-ready',
      metric: 'challengerP',
      comparator: '<',
      threshold: 0.05,
      periodKind: 'MONTH',
      cohort: 'all',
      feature: null,
      action: 'CHALLENGER_READY',
      windowMonths: 3,
      ...base,
    },
    ...[...top5, 'score'].map((f): TriggerDefinition => ({
      name: `psi-week-${f}`,
      metric: 'psi',
      comparator: '>',
      threshold: 0.25,
      periodKind: 'WEEK',
      cohort: null,
      feature: f,
      action: 'NOTIFY',
      ...base,
    })),
  ];
}

/** Inserts each default trigger missing by name (serialized across processes); returns how many were added. */
export async function ensureDefaultTriggers(modelVersionId?: string): Promise<number> {
  const p = pool();
  const m = await p.query<{ featureNames: string[]; card: ModelCard }>(
    `SELECT "featureNames", card FROM "ModelVersion" WHERE ${modelVersionId ? 'id = $1' : `status = 'CHAMPION'`} LIMIT 1`,
    modelVersionId ? [modelVersionId] : [],
  );
  const row = m.rows[0];
  const { topFeatures } = await import('@/lib/monitoring/compute');
  const top5 = row ? topFeatures(row.card, row.featureNames) : [];
  const c = await p.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [LOCK]);
    const defs = defaultTriggers(top5);
    const r = await c.query(
      `INSERT INTO "MonitoringTrigger" (id, name, metric, comparator, threshold, "periodKind", cohort, feature,
         "minSample", "cooldownDays", action, "windowMonths")
       SELECT gen_random_uuid(), x.name, x.metric, x.comparator, x.threshold, x."periodKind"::"MetricPeriodKind",
              x.cohort, x.feature, x."minSample", x."cooldownDays", x.action, x."windowMonths"
         FROM jsonb_to_recordset($1::jsonb) AS x(name text, metric text, comparator text, threshold float8,
              "periodKind" text, cohort text, feature text, "minSample" int, "cooldownDays" int, action text,
              "windowMonths" int)
        WHERE NOT EXISTS (SELECT 1 FROM "MonitoringTrigger" t WHERE t.name = x.name)`,
      [JSON.stringify(defs)],
    );
    await c.query('COMMIT');
    return r.rowCount ?? 0;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

export interface TriggerEvaluation {
  fired: number;
  retrainingRequests: number;
  /** Retraining requests moved to CHALLENGER_READY (lib/monitoring/compare.ts). */
  challengersReady?: number;
}

const SQL_CMP: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

interface Candidate {
  period: string;
  subject: string;
  value: number;
}

async function candidates(
  c: pg.ClientBase,
  modelVersionId: string,
  t: {
    metric: string;
    comparator: string;
    threshold: number;
    periodKind: string;
    cohort: string | null;
    feature: string | null;
    minSample: number;
  },
): Promise<Candidate[]> {
  const cmp = SQL_CMP[t.comparator];
  if (!cmp) return [];
  if (t.metric === 'psi') {
    const r = await c.query<Candidate>(
      `SELECT period, feature AS subject, psi AS value FROM "DriftMetric"
        WHERE "modelVersionId" = $1 AND "periodKind" = $2::"MetricPeriodKind" AND psi IS NOT NULL
          AND verdict IS NOT NULL AND n >= $3 AND ($4::text IS NULL OR feature = $4) AND psi ${cmp} $5
        ORDER BY period DESC`,
      [modelVersionId, t.periodKind, t.minSample, t.feature, t.threshold],
    );
    return r.rows;
  }
  if (!(PERFORMANCE_METRICS as readonly string[]).includes(t.metric)) return [];
  const estimated = t.metric.startsWith('est');
  // Realized metrics judge matured periods on their labelled rows; estimates watch the periods still maturing.
  const r = await c.query<Candidate>(
    `SELECT period, '' AS subject, "${t.metric}" AS value FROM "PerformanceMetric"
      WHERE "modelVersionId" = $1 AND "periodKind" = $2::"MetricPeriodKind" AND cohort = $3
        AND matured = $4 AND "${t.metric}" IS NOT NULL AND n >= $5 AND "${t.metric}" ${cmp} $6
      ORDER BY period DESC`,
    [modelVersionId, t.periodKind, t.cohort ?? 'all', !estimated, t.minSample, t.threshold],
  );
  return r.rows;
}

/**
 * Fires every enabled trigger on the stored figures: per subject, the newest breaching period not already
 * fired, unless the trigger fired on that subject within its cooldown (so a backfill of many breaching months
 * raises one firing, for the newest). Unique (trigger, period, subject) makes a re-run a no-op.
 */
export async function evaluateTriggers(modelVersionId: string): Promise<TriggerEvaluation> {
  const c = await pool().connect();
  const out: TriggerEvaluation = { fired: 0, retrainingRequests: 0 };
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [LOCK]);
    const triggers = await c.query<{
      id: string;
      name: string;
      metric: string;
      comparator: string;
      threshold: number;
      periodKind: string;
      cohort: string | null;
      feature: string | null;
      minSample: number;
      cooldownDays: number;
      action: string;
    }>(`SELECT * FROM "MonitoringTrigger" WHERE enabled ORDER BY name`);
    for (const t of triggers.rows) {
      const found = await candidates(c, modelVersionId, t);
      const seen = new Set<string>();
      for (const cand of found) {
        if (seen.has(cand.subject)) continue;
        seen.add(cand.subject);
        const recent = await c.query(
          `SELECT 1 FROM "TriggerFiring" WHERE "triggerId" = $1 AND subject = $2
             AND (period = $3 OR "firedAt" > now() - make_interval(days => $4::int)) LIMIT 1`,
          [t.id, cand.subject, cand.period, t.cooldownDays],
        );
        if (recent.rowCount) continue;
        const ins = await c.query<{ id: string }>(
          `INSERT INTO "TriggerFiring" ("triggerId", metric, period, subject, value, threshold, "modelVersionId")
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("triggerId", period, subject) DO NOTHING RETURNING id::text`,
          [t.id, t.metric, cand.period, cand.subject, cand.value, t.threshold, modelVersionId],
        );
        const firing = ins.rows[0];
        if (!firing) continue;
        out.fired++;
        if (t.action === 'RETRAIN') {
          await c.query(
            `INSERT INTO "RetrainingRequest" (id, reason, "firingId") VALUES (gen_random_uuid(), $1, $2::bigint)`,
            [
              `${t.metric} ${cand.value.toFixed(4)} ${t.comparator} ${t.threshold} (${t.periodKind} ${cand.period})`,
              firing.id,
            ],
          );
          out.retrainingRequests++;
        }
        log.warn(
          { trigger: t.name, period: cand.period, subject: cand.subject, value: cand.value },
          'monitoring trigger fired',
        );
      }
    }
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}
