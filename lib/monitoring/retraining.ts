// Retraining requests opened by RETRAIN firings: a data scientist launches the in-app trainer on the latest
// matured months (the labels the champion is failing on); the challenger it registers is compared with the
// champion on the same cohorts (lib/monitoring/compare.ts) and promoted only by a person.
import 'server-only';
import { pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { createTrainingJob } from '@/lib/jobs/training-jobs';
import { trainingRequestSchema } from '@/lib/jobs/training-request';

/** Training windows over matured months: all but the last two train, the last two validate. */
export function retrainingWindows(matured: string[], from?: string, to?: string) {
  const months = matured.filter((m) => (!from || m >= from) && (!to || m <= to)).slice(-6);
  if (months.length === 0) return null;
  if (months.length < 3) return { trainWindow: { from: months[0]!, to: months.at(-1)! } };
  return {
    trainWindow: { from: months[0]!, to: months.at(-3)! },
    validWindow: { from: months.at(-2)!, to: months.at(-1)! },
  };
}

export async function launchRetraining(
  input: { requestId: string; from?: string | undefined; to?: string | undefined },
  actor: Actor,
): Promise<{ trainingJobId: string; from: string; to: string }> {
  const p = pool();
  const req = await p.query<{ status: string }>(`SELECT status FROM "RetrainingRequest" WHERE id = $1`, [
    input.requestId,
  ]);
  const status = req.rows[0]?.status;
  if (!status) throw new AppError('monitoring.requestNotFound', { id: input.requestId }, 404);
  if (status !== 'OPEN') throw new AppError('monitoring.requestClosed', {}, 409);
  const m = await p.query<{ period: string }>(
    `SELECT pm.period FROM "PerformanceMetric" pm JOIN "ModelVersion" mv ON mv.id = pm."modelVersionId"
      WHERE mv.status = 'CHAMPION' AND pm."periodKind" = 'MONTH' AND pm.cohort = 'all' AND pm.matured
      ORDER BY pm.period`,
  );
  const w = retrainingWindows(
    m.rows.map((r) => r.period),
    input.from,
    input.to,
  );
  if (!w) throw new AppError('monitoring.noMaturedMonths', {}, 422);
  const request = trainingRequestSchema.parse({ name: 'proativa-retrain', ...w });
  const job = await createTrainingJob(request, actor);
  const upd = await p.query(
    `UPDATE "RetrainingRequest" SET status = 'TRAINING', "trainingJobId" = $2, "createdById" = COALESCE("createdById", $3)
      WHERE id = $1 AND status = 'OPEN'`,
    [input.requestId, job.id, actor.kind === 'user' ? actor.id : null],
  );
  if (!upd.rowCount) throw new AppError('monitoring.requestClosed', {}, 409);
  await audit(actor, 'monitoring.retraining.launch', input.requestId, { trainingJobId: job.id, ...w });
  const last = w.validWindow?.to ?? w.trainWindow.to;
  return { trainingJobId: job.id, from: w.trainWindow.from, to: last };
}
