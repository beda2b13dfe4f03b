// The training job handler: loads the requested as-of windows from the feature store, trains in a worker thread
// while writing live progress to TrainingJob, registers the result as a CANDIDATE model, and records the outcome.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type PgBoss from 'pg-boss';
import { db, pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { isRole } from '@/lib/auth/roles';
import type { Prisma } from '@/lib/generated/prisma/client';
import { FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { loadTrainingSet, type TrainingSet } from '@/lib/features/store';
import { gbdtParamsOf, trainingRequestSchema, type TrainingRequest } from '@/lib/jobs/training-request';
import { trainModelInThread } from '@/lib/jobs/train-in-thread';
import { getBoss, TRAIN_QUEUE, workQueue, type TrainJobData } from '@/lib/jobs/queue';
import { registerModel, RegistryError } from '@/lib/models/registry';
import { DEFAULT_LOCALE } from '@/lib/i18n/locales';
import { translateKey } from '@/lib/i18n/translate';
import type { LabelledMatrix } from '@/lib/ml/train-model';
import type { IterationReport } from '@/lib/ml/train/gbdt';
import { log } from '@/lib/log';

/** Progress rows are written at most this often while training. */
export const PROGRESS_INTERVAL_MS = 500;

export interface TrainingProgress {
  phase: 'loading' | 'training' | 'registering' | 'done';
  iteration: number;
  totalIterations: number;
  validAuc: number | null;
  bestIteration?: number;
  rows?: { train: number; valid: number; oot: number };
  history: { iteration: number; validAuc: number | null; trainLoss: number | null }[];
}

/** A failure the user can act on (bad windows, no data): recorded as FAILED, never retried. */
class JobInputError extends Error {}

async function actorOf(userId: string | null): Promise<Actor | null> {
  if (!userId) return null;
  const u = await db.user.findUnique({ where: { id: userId } });
  if (!u || !isRole(u.role)) return null;
  return { kind: 'user', id: u.id, name: u.name, email: u.email, role: u.role, locale: u.locale };
}

async function load(window: { from: string; to: string }, what: string): Promise<TrainingSet> {
  const set = await loadTrainingSet(pool(), window.from, window.to);
  if (set.nRows === 0) {
    throw new JobInputError(
      `No labelled ${FEATURE_SET_VERSION} rows for the ${what} window ${window.from}..${window.to}: features must be ` +
        'computed for those as-of months and their outcomes must have matured (M+3 observed).',
    );
  }
  let positives = 0;
  for (let i = 0; i < set.nRows; i++) positives += set.y[i]!;
  if (positives === 0 || positives === set.nRows) {
    throw new JobInputError(
      `The ${what} window ${window.from}..${window.to} has ${set.nRows} rows but only one class ` +
        `(${positives} defaults); widen it.`,
    );
  }
  return set;
}

const matrix = (s: TrainingSet): LabelledMatrix => ({ X: s.X, y: s.y, nRows: s.nRows });

/**
 * Runs one TrainingJob to completion. Finished jobs (SUCCEEDED, FAILED, CANCELLED) are left alone, so a
 * redelivered queue message is harmless; a RUNNING job (its worker crashed) is run again from the start.
 * Every failure inside the run ends as FAILED with its reason (retrying a deterministic failure would only repeat
 * it); only a failure to record that (database down) is thrown, so the queue retries. A worker that dies mid-job
 * leaves the queue job active until it expires, and pg-boss then delivers it again.
 */
export async function runTrainingJob(trainingJobId: string): Promise<void> {
  const job = await db.trainingJob.findUnique({ where: { id: trainingJobId } });
  if (!job) {
    log.warn({ trainingJobId }, 'training job does not exist; skipping');
    return;
  }
  if (job.status !== 'QUEUED' && job.status !== 'RUNNING') {
    log.info({ trainingJobId, status: job.status }, 'training job already finished; skipping');
    return;
  }

  const progress: TrainingProgress = {
    phase: 'loading',
    iteration: 0,
    totalIterations: 0,
    validAuc: null,
    history: [],
  };
  const save = (data: Prisma.TrainingJobUpdateInput = {}) =>
    db.trainingJob.update({
      where: { id: trainingJobId },
      data: { progress: progress as unknown as Prisma.InputJsonValue, ...data },
    });

  const started = Date.now();
  await save({ status: 'RUNNING', startedAt: new Date(), finishedAt: null, message: null });
  log.info({ trainingJobId, retry: job.status === 'RUNNING' }, 'training job started');
  try {
    const parsed = trainingRequestSchema.safeParse(job.params);
    if (!parsed.success) {
      throw new JobInputError(
        `Invalid training parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const req: TrainingRequest = parsed.data;
    const params = gbdtParamsOf(req);
    const train = await load(req.trainWindow, 'training');
    const valid = req.validWindow ? await load(req.validWindow, 'validation') : undefined;
    const oot = req.ootWindow ? await load(req.ootWindow, 'out-of-time') : undefined;
    progress.phase = 'training';
    progress.totalIterations = params.numIterations ?? 0;
    progress.rows = { train: train.nRows, valid: valid?.nRows ?? 0, oot: oot?.nRows ?? 0 };
    await save();

    // Throttled progress: one write in flight at most, at most every PROGRESS_INTERVAL_MS.
    let lastWrite = Date.now();
    let writing: Promise<unknown> | null = null;
    const result = await trainModelInThread(
      {
        train: matrix(train),
        valid: valid && matrix(valid),
        oot: oot && matrix(oot),
        featureNames: [...train.featureNames],
        params,
        meta: {
          name: req.name,
          trainWindow: req.trainWindow,
          validWindow: req.validWindow,
          ootWindow: req.ootWindow,
          featureSetVersion: FEATURE_SET_VERSION,
          reproduce: `Training job ${trainingJobId} (Modelos page or POST /api/v1/training) with parameters ${JSON.stringify(job.params)}`,
          notes: [`Trained by background job ${trainingJobId} on the feature store.`],
        },
      },
      // Bound to this job's log context: the thread's messages arrive from outside it.
      AsyncLocalStorage.bind((it: IterationReport) => {
        progress.iteration = it.iteration;
        progress.validAuc = it.validAuc ?? null;
        progress.history.push({
          iteration: it.iteration,
          validAuc: it.validAuc ?? null,
          trainLoss: it.trainLoss ?? null,
        });
        if (!writing && Date.now() - lastWrite >= PROGRESS_INTERVAL_MS) {
          lastWrite = Date.now();
          writing = save()
            .catch((err) => log.warn({ err, trainingJobId }, 'training progress write failed'))
            .finally(() => (writing = null));
        }
      }),
    );
    await writing;
    progress.phase = 'registering';
    progress.bestIteration = result.bestIteration;
    await save();

    const actor = await actorOf(job.createdById);
    const model = await registerModel({
      bytes: result.onnx,
      fileName: `${req.name}.onnx`,
      name: req.name,
      card: result.card,
      lightgbmText: result.lightgbmText,
      trainingJobId,
      actor,
    });
    progress.phase = 'done';
    const oo = result.card.metrics?.outOfTime?.auc;
    const va = result.card.metrics?.validation?.auc;
    const figures = [
      va !== undefined ? `validation AUC ${va.toFixed(4)}` : null,
      oo !== undefined ? `out-of-time AUC ${oo.toFixed(4)}` : null,
      `${(result.trainingMillis / 1000).toFixed(1)} s`,
    ].filter(Boolean);
    await save({
      status: 'SUCCEEDED',
      finishedAt: new Date(),
      modelVersion: { connect: { id: model.id } },
      message: `Registered ${model.name} v${model.version} as a candidate (${figures.join(', ')}).`,
    });
    log.info(
      {
        trainingJobId,
        modelVersionId: model.id,
        validAuc: va ?? null,
        ootAuc: oo ?? null,
        durationMs: Date.now() - started,
      },
      'training job succeeded',
    );
  } catch (e) {
    const expected = e instanceof JobInputError || e instanceof RegistryError || e instanceof RangeError;
    // A registry refusal is a message code (errors.model.*): stored in words until jobs store codes too.
    const message =
      e instanceof RegistryError
        ? translateKey(DEFAULT_LOCALE, `errors.${e.code}`, e.params)
        : expected
          ? (e as Error).message
          : `Training failed: ${e instanceof Error ? e.message : String(e)}`;
    // Expected failures are the user's to fix (the message says how); the rest are bugs or outages.
    if (expected) log.warn({ trainingJobId, reason: message }, 'training job failed');
    else log.error({ err: e, trainingJobId, durationMs: Date.now() - started }, 'training job failed');
    await save({ status: 'FAILED', finishedAt: new Date(), message: message.slice(0, 2000) });
  }
}

/** Subscribes this process to the training queue (one job at a time). Returns pg-boss's worker id. */
export async function startTrainingWorker(boss?: PgBoss): Promise<string> {
  const b = boss ?? (await getBoss());
  return workQueue<TrainJobData>(b, TRAIN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, (job) =>
    runTrainingJob(job.data.trainingJobId),
  );
}
