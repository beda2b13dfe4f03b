// Resuming a batch run that ended FAILED or CANCELLED: every chunk that did not succeed is queued again (with
// fresh attempts) and gets a new pg-boss job, in the transaction that reopens the run. Chunks already done keep
// their decisions: the ledger is append-only and writes are idempotent per (run, client), so a resumed chunk
// never writes a client twice. The run keeps the model and policy versions it started with.
import 'server-only';
import { pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getBoss, SCORE_QUEUE, SCORE_QUEUE_OPTIONS, type ScoreChunkJob } from '@/lib/jobs/queue';
import { log } from '@/lib/log';
import { bossDb, finalizeRun, refuseConcurrentRun } from '@/lib/scoring/batch';

export interface ResumedRun {
  resumed: true;
  /** Chunks queued again (those not SUCCEEDED). */
  chunks: number;
}

/**
 * Reopens a FAILED or CANCELLED batch run (404 unknown, 409 in any other status or when its model version is
 * gone). `actor` null: a command-line resume (audited as the CLI).
 */
export async function resumeRun(runId: string, actor: Actor | null): Promise<ResumedRun> {
  const p = pool();
  const tx = await p.connect();
  let chunks: number[];
  let status: 'QUEUED' | 'RUNNING';
  let modelVersionId: string;
  let resumeNo: number;
  try {
    await tx.query('BEGIN');
    const r = await tx.query<{
      status: string;
      kind: string;
      modelVersionId: string;
      asOfMonth: string;
      policyVersion: number;
    }>(
      `SELECT status, kind, "modelVersionId", "asOfMonth", "policyVersion" FROM "ScoringRun" WHERE id = $1 FOR UPDATE`,
      [runId],
    );
    const run = r.rows[0];
    if (!run || run.kind !== 'BATCH') throw new AppError('scoring.runNotFound', { id: runId }, 404);
    if (run.status !== 'FAILED' && run.status !== 'CANCELLED') {
      throw new AppError('scoring.notResumable', { status: run.status }, 409);
    }
    modelVersionId = run.modelVersionId;
    // The run keeps its model version; the row is kept by the foreign key (onDelete: Restrict), but a
    // version whose row is gone cannot score, so say so instead of failing every chunk again.
    const model = await tx.query<{ name: string; version: number }>(
      `SELECT name, version FROM "ModelVersion" WHERE id = $1`,
      [run.modelVersionId],
    );
    if (!model.rowCount) {
      throw new AppError('scoring.resumeModelGone', { model: run.modelVersionId }, 409);
    }
    // Another run of the same month, model and policy started meanwhile: resuming beside it would decide
    // the clients this run has not reached a second time.
    await refuseConcurrentRun(tx, {
      asOfMonth: run.asOfMonth,
      modelVersionId: run.modelVersionId,
      policyVersion: run.policyVersion,
      exceptRunId: runId,
    });
    const started = await tx.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "ScoringChunk"
                       WHERE "runId" = $1 AND (status = 'SUCCEEDED' OR "startedAt" IS NOT NULL)) AS any`,
      [runId],
    );
    status = started.rows[0]!.any ? 'RUNNING' : 'QUEUED';
    await tx.query(
      `UPDATE "ScoringRun" SET status = $2, "cancelRequested" = false, "finishedAt" = NULL, message = NULL
        WHERE id = $1`,
      [runId, status],
    );
    const reset = await tx.query<{ idx: number }>(
      `UPDATE "ScoringChunk" SET status = 'QUEUED', attempts = 0, message = NULL, "finishedAt" = NULL
        WHERE "runId" = $1 AND status <> 'SUCCEEDED' RETURNING idx`,
      [runId],
    );
    chunks = reset.rows.map((x) => x.idx).sort((a, b) => a - b);
    // A new singleton key per resume, so the new jobs are never taken for the dead ones. The audit entry is
    // written here, on this connection, rather than through audit() (Prisma): it commits with the reopening,
    // and the run's lock makes the count of earlier resumes exact.
    const prior = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'scoring.run.resume' AND target = $1`,
      [runId],
    );
    resumeNo = prior.rows[0]!.n + 1;
    await tx.query(
      `INSERT INTO "AuditLog" ("actorId", action, target, details) VALUES ($1, 'scoring.run.resume', $2, $3::jsonb)`,
      [
        actor?.kind === 'user' ? actor.id : null,
        runId,
        JSON.stringify({
          chunks: chunks.length,
          resume: resumeNo,
          modelVersionId,
          via: actor?.kind ?? 'cli',
          ...(actor ? { by: actor.name } : {}),
        }),
      ],
    );
    if (chunks.length) {
      // Only now: a refused resume never starts the queue in this process.
      const boss = await getBoss();
      await boss.insert(
        chunks.map((idx) => ({
          name: SCORE_QUEUE,
          data: { runId, idx } satisfies ScoreChunkJob,
          singletonKey: `${runId}:${idx}:r${resumeNo}`,
          ...SCORE_QUEUE_OPTIONS,
        })),
        { db: bossDb(tx) },
      );
    }
    await tx.query('COMMIT');
  } catch (e) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    tx.release();
  }
  log.info({ runId, chunks: chunks.length, status, resume: resumeNo }, 'scoring run resumed');
  // Every chunk had already succeeded (a cancel that arrived after the last chunk): nothing will close the
  // run, so close it here.
  if (!chunks.length) await finalizeRun(runId);
  return { resumed: true, chunks: chunks.length };
}
