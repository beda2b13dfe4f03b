// Training jobs as the app sees them: create (row + queue message), read one, list recent ones, and their
// JSON shape for /api/v1/training and the training panel.
import 'server-only';
import { db } from '@/lib/db';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/session';
import type { Prisma } from '@/lib/generated/prisma/client';
import { enqueueTraining } from '@/lib/jobs/queue';
import type { TrainingRequest } from '@/lib/jobs/training-request';
import type { TrainingProgress } from '@/lib/jobs/train-worker';
import { readJsonColumn } from '@/lib/json-column';
import { trainingProgressSchema } from '@/lib/validations/training';

const JOB_SELECT = {
  id: true,
  status: true,
  params: true,
  progress: true,
  message: true,
  modelVersionId: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  createdBy: { select: { id: true, name: true } },
  modelVersion: { select: { id: true, name: true, version: true, status: true } },
} as const satisfies Prisma.TrainingJobSelect;

type JobRow = Prisma.TrainingJobGetPayload<{ select: typeof JOB_SELECT }>;

export interface TrainingJobJson {
  id: string;
  status: JobRow['status'];
  params: unknown;
  progress: TrainingProgress | null;
  message: string | null;
  model: { id: string; name: string; version: number; status: string } | null;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function trainingJobJson(j: JobRow, opts: { history?: boolean } = {}): TrainingJobJson {
  let progress =
    j.progress === null
      ? null
      : readJsonColumn(
          trainingProgressSchema,
          j.progress,
          { column: 'TrainingJob.progress', id: j.id },
          () => null,
        );
  if (progress && opts.history === false) progress = { ...progress, history: [] };
  return {
    id: j.id,
    status: j.status,
    params: j.params,
    progress,
    message: j.message,
    model: j.modelVersion,
    createdBy: j.createdBy,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** Stores the job as QUEUED and sends it to the queue; a failed send marks it FAILED and rethrows. */
export async function createTrainingJob(request: TrainingRequest, actor: Actor) {
  const job = await db.trainingJob.create({
    data: {
      params: request as unknown as Prisma.InputJsonValue,
      createdById: actor.kind === 'user' ? actor.id : null,
    },
    select: JOB_SELECT,
  });
  await audit(actor, 'training.start', job.id, {
    request,
    via: actor.kind,
    by: actor.name,
  } as unknown as Prisma.InputJsonValue);
  try {
    await enqueueTraining(job.id);
  } catch (e) {
    await db.trainingJob.update({
      where: { id: job.id },
      data: {
        status: 'FAILED',
        finishedAt: new Date(),
        message: `Could not queue the job: ${(e as Error).message}`,
      },
    });
    throw e;
  }
  return job;
}

export async function getTrainingJob(id: string): Promise<JobRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return db.trainingJob.findUnique({ where: { id }, select: JOB_SELECT });
}

export async function listTrainingJobs(limit = 20): Promise<JobRow[]> {
  return db.trainingJob.findMany({ orderBy: { createdAt: 'desc' }, take: limit, select: JOB_SELECT });
}
