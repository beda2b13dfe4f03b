// The stored monitoring figures as the /api/v1/monitoring routes answer them; server pages call these
// directly. Reads only precomputed rows (never recomputes per view).
import 'server-only';
import { pool } from '@/lib/db';
import type { ModelCard } from '@/lib/models/card';
import { getActivePolicy } from '@/lib/policy/store';
import { topFeatures } from '@/lib/monitoring/compute';
import type { z } from 'zod';
import type {
  driftResponseSchema,
  performanceResponseSchema,
  triggersResponseSchema,
} from '@/lib/validations/monitoring';

export type PerformanceResponse = z.infer<typeof performanceResponseSchema>;
export type DriftResponse = z.infer<typeof driftResponseSchema>;
export type TriggersResponse = z.infer<typeof triggersResponseSchema>;

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface ModelRow {
  id: string;
  name: string;
  version: number;
  featureNames: string[];
  card: ModelCard;
}

async function modelOf(modelVersionId?: string): Promise<ModelRow | null> {
  const r = await pool().query<ModelRow>(
    `SELECT id, name, version, "featureNames", card FROM "ModelVersion"
      WHERE ${modelVersionId ? 'id = $1' : `status = 'CHAMPION'`} ORDER BY "promotedAt" DESC NULLS LAST LIMIT 1`,
    modelVersionId ? [modelVersionId] : [],
  );
  return r.rows[0] ?? null;
}

async function head(m: ModelRow) {
  const policy = await getActivePolicy(pool());
  const cardAuc = m.card.metrics?.outOfTime?.auc;
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    cardAuc: typeof cardAuc === 'number' ? cardAuc : null,
    threshold: policy?.thresholds.moderate ?? 0.2,
  };
}

export async function getPerformance(q: {
  periodKind?: 'MONTH' | 'DAY' | 'RUN';
  cohort?: 'all' | 'treated' | 'holdout';
  modelVersionId?: string;
}): Promise<PerformanceResponse> {
  const m = await modelOf(q.modelVersionId);
  if (!m) return { model: null, items: [], computedAt: null };
  const r = await pool().query(
    `SELECT "periodKind"::text AS "periodKind", period, "asOfMonth", cohort, n, positives, matured, auc, "aucLow",
            "aucHigh", gini, ks, recall, "precision", "estAuc", "estRecall", "estPrecision", details,
            ${ISO('"computedAt"')} AS "computedAt"
       FROM "PerformanceMetric"
      WHERE "modelVersionId" = $1 AND "periodKind" = $2::"MetricPeriodKind" AND cohort = $3
      ORDER BY period`,
    [m.id, q.periodKind ?? 'MONTH', q.cohort ?? 'all'],
  );
  let computedAt: string | null = null;
  const items = r.rows.map(({ computedAt: c, ...row }: Record<string, unknown>) => {
    if (typeof c === 'string' && (!computedAt || c > computedAt)) computedAt = c;
    return row as PerformanceResponse['items'][number];
  });
  return { model: await head(m), items, computedAt };
}

export async function getDrift(q: {
  periodKind?: 'WEEK' | 'MONTH';
  feature?: string;
  modelVersionId?: string;
}): Promise<DriftResponse> {
  const m = await modelOf(q.modelVersionId);
  if (!m) return { model: null, features: [], items: [], computedAt: null };
  const r = await pool().query(
    `SELECT "periodKind"::text AS "periodKind", period, feature, n, psi, verdict, "referenceMean", "currentMean",
            "meanShift", "missingShare", shares, ${ISO('"computedAt"')} AS "computedAt"
       FROM "DriftMetric"
      WHERE "modelVersionId" = $1 AND "periodKind" = $2::"MetricPeriodKind" AND ($3::text IS NULL OR feature = $3)
      ORDER BY period, feature`,
    [m.id, q.periodKind ?? 'WEEK', q.feature ?? null],
  );
  const ref = (f: string) => (f === 'score' ? m.card.reference?.score : m.card.reference?.features[f]);
  let computedAt: string | null = null;
  const items = r.rows.map(({ computedAt: c, ...row }: Record<string, unknown>) => {
    if (typeof c === 'string' && (!computedAt || c > computedAt)) computedAt = c;
    const rd = ref(row.feature as string);
    return {
      ...(row as Omit<DriftResponse['items'][number], 'referenceShares' | 'cuts'>),
      referenceShares: rd?.proportions ?? [],
      cuts: rd?.cuts ?? [],
    };
  });
  return { model: await head(m), features: topFeatures(m.card, m.featureNames), items, computedAt };
}

export async function getTriggers(q: { open?: boolean } = {}): Promise<TriggersResponse> {
  const p = pool();
  const t = await p.query(
    `SELECT id, name, metric, comparator, threshold, "periodKind"::text AS "periodKind", cohort, feature,
            "minSample", "cooldownDays", action, enabled, "windowMonths",
            ${ISO('"updatedAt"')} AS "updatedAt"
       FROM "MonitoringTrigger" ORDER BY name`,
  );
  const f = await p.query(
    `SELECT f.id::text AS id, f."triggerId", t.name, t.action, f.metric, f.period, f.subject, f.value, f.threshold,
            ${ISO('f."firedAt"')} AS "firedAt", ${ISO('f."acknowledgedAt"')} AS "acknowledgedAt",
            u.name AS "acknowledgedBy", f."ackNote", rr.id AS "retrainingRequestId",
            rr.status::text AS "retrainingStatus"
       FROM "TriggerFiring" f JOIN "MonitoringTrigger" t ON t.id = f."triggerId"
       LEFT JOIN "User" u ON u.id = f."acknowledgedById"
       LEFT JOIN "RetrainingRequest" rr ON rr."firingId" = f.id
      WHERE ($1::boolean IS NULL OR (f."acknowledgedAt" IS NULL) = $1)
      ORDER BY f."firedAt" DESC, f.id DESC LIMIT 500`,
    [q.open === undefined ? null : q.open],
  );
  return { triggers: t.rows, items: f.rows };
}

/** What a monitoring page's widgets poll, read once on the server for the first paint. */
export interface MonitoringFirstPaint {
  drift: DriftResponse;
  perf: PerformanceResponse;
  triggers: TriggersResponse;
}

/**
 * The weekly drift, the monthly performance (all clients) and the trigger log, as the JSON the
 * /api/v1/monitoring routes answer (Response.json), so polled and first-paint data have one shape.
 */
export async function getMonitoringFirstPaint(): Promise<MonitoringFirstPaint> {
  const [drift, perf, triggers] = await Promise.all([
    getDrift({ periodKind: 'WEEK' }),
    getPerformance({ periodKind: 'MONTH', cohort: 'all' }),
    getTriggers(),
  ]);
  return JSON.parse(JSON.stringify({ drift, perf, triggers })) as MonitoringFirstPaint;
}

/** The models a challenger comparison may take: CANDIDATE and CHALLENGER versions, newest first. */
export async function listChallengerOptions(): Promise<
  { id: string; name: string; version: number; status: 'CANDIDATE' | 'CHALLENGER' }[]
> {
  const r = await pool().query<{
    id: string;
    name: string;
    version: number;
    status: 'CANDIDATE' | 'CHALLENGER';
  }>(
    `SELECT id, name, version, status::text AS status FROM "ModelVersion"
      WHERE status IN ('CANDIDATE', 'CHALLENGER') ORDER BY "createdAt" DESC LIMIT 50`,
  );
  return r.rows;
}
