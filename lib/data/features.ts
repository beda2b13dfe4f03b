// Reads for the feature catalogue (data scientists): computed months and their precomputed statistics.
import 'server-only';
import { pool } from '@/lib/db';
import { authorize } from '@/lib/auth/session';
import { FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import type { FeatureStats } from '@/lib/features/stats';
import { readJsonColumn } from '@/lib/json-column';
import { featureStatsSchema } from '@/lib/validations/feature-stats';

export async function getFeatureRuns() {
  await authorize('features:view');
  const r = await pool().query<{ asOfMonth: string; clients: number; durationMs: number; computedAt: Date }>(
    `SELECT "asOfMonth", clients, "durationMs", "computedAt" FROM "FeatureRun"
      WHERE "featureSetVersion" = $1 ORDER BY "asOfMonth" DESC`,
    [FEATURE_SET_VERSION],
  );
  return r.rows;
}

export async function getFeatureRun(asOfMonth: string) {
  await authorize('features:view');
  const r = await pool().query<{ asOfMonth: string; clients: number; computedAt: Date; stats: unknown }>(
    `SELECT "asOfMonth", clients, "computedAt", stats FROM "FeatureRun" WHERE "featureSetVersion" = $1 AND "asOfMonth" = $2`,
    [FEATURE_SET_VERSION, asOfMonth],
  );
  const row = r.rows[0];
  if (!row) return null;
  const ref = { column: 'FeatureRun.stats', id: `${FEATURE_SET_VERSION}/${asOfMonth}` };
  const stats: FeatureStats = readJsonColumn(featureStatsSchema, row.stats, ref, () => ({
    clients: row.clients,
    sampleSize: 0,
    features: [],
  }));
  return { ...row, stats };
}
