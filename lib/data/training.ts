// Suggested windows for a new training run: the as-of months whose labels have matured (an outcome exists),
// split oldest-first into training, validation (early stopping) and out-of-time.
import 'server-only';
import { pool } from '@/lib/db';
import { authorize } from '@/lib/auth/session';
import type { TrainingDefaults } from '@/components/models/training-panel';

export async function getTrainingDefaults(): Promise<TrainingDefaults> {
  await authorize('models:manage');
  const r = await pool().query<{ m: string }>(
    `SELECT DISTINCT o."referenceMonth" AS m FROM "Outcome" o
      WHERE EXISTS (SELECT 1 FROM "FeatureRun" f WHERE f."asOfMonth" = o."referenceMonth")
      ORDER BY 1`,
  );
  const months = r.rows.map((x) => x.m);
  if (months.length < 6) return {};
  const n = months.length;
  // Skip the first 3 months (their 3-month feature windows are incomplete).
  const first = Math.min(3, n - 6);
  return {
    trainFrom: months[first],
    trainTo: months[n - 6],
    validFrom: months[n - 5],
    validTo: months[n - 4],
    ootFrom: months[n - 3],
    ootTo: months[n - 1],
  };
}
