// Champion vs challenger on the same matured cohorts: the challenger scores the features stored on the
// champion's decisions (no recomputation, so both see exactly the same rows), each AUC with its DeLong interval.
// Informs a person's promotion decision; nothing here promotes.
import 'server-only';
import { pool } from '@/lib/db';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { delong } from '@/lib/metrics/delong';
import { scoringModel, toModelInput } from '@/lib/scoring/models';
import { MATURED_SHARE } from '@/lib/monitoring/compute';

export interface CompareMonth {
  month: string;
  n: number;
  champion: { auc: number; low: number; high: number } | null;
  challenger: { auc: number; low: number; high: number } | null;
}

export async function compareModels(
  championId: string,
  challengerId: string,
  opts: { months?: string[] } = {},
): Promise<CompareMonth[]> {
  const p = pool();
  const challenger = await scoringModel(challengerId);
  const matured = await p.query<{ month: string }>(
    `SELECT d."asOfMonth" AS month FROM "Decision" d
       LEFT JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
      WHERE d."modelVersionId" = $1 GROUP BY 1 HAVING count(o."clientId")::float8 / count(*) >= $2 ORDER BY 1`,
    [championId, MATURED_SHARE],
  );
  const months = matured.rows.map((r) => r.month).filter((m) => !opts.months || opts.months.includes(m));
  const out: CompareMonth[] = [];
  const F = FEATURE_NAMES.length;
  for (const month of months) {
    const r = await p.query<{ p: number; y: number; features: number[] }>(
      `SELECT DISTINCT ON (d."clientId") d."yProba" AS p, o.defaulted::int AS y, d.features
         FROM "Decision" d JOIN "ScoringRun" r ON r.id = d."runId"
         JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
        WHERE d."modelVersionId" = $1 AND d."asOfMonth" = $2 AND r.kind = 'BATCH'
        ORDER BY d."clientId", d."decidedAt" DESC`,
      [championId, month],
    );
    const n = r.rows.length;
    const X = new Float64Array(n * F);
    r.rows.forEach((row, i) => {
      for (let j = 0; j < F; j++) X[i * F + j] = row.features[j] === null ? NaN : Number(row.features[j]);
    });
    const y = r.rows.map((row) => Number(row.y));
    const champ = delong(
      r.rows.map((row) => Number(row.p)),
      y,
    );
    const scores = n
      ? await challenger.scorer.scoreBatch(Float32Array.from(toModelInput(challenger, X, n)), n)
      : [];
    const chall = delong(scores, y);
    out.push({
      month,
      n,
      champion: champ && { auc: champ.auc, low: champ.low, high: champ.high },
      challenger: chall && { auc: chall.auc, low: chall.low, high: chall.high },
    });
  }
  return out;
}
