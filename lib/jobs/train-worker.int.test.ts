// Training as a background job, against a real database seeded with a small demo portfolio: the handler trains,
// reports progress and registers a CANDIDATE; bad windows fail with a reason; the action and the routes check
// permission first; and a job sent through pg-boss is picked up and completed by a worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import { ROLES, type Role } from '@/lib/auth/roles';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { runTrainingJob, startTrainingWorker, type TrainingProgress } from '@/lib/jobs/train-worker';
import { getBoss, stopBoss } from '@/lib/jobs/queue';
import { startTraining } from '@/lib/actions/start-training';
import * as trainingRoute from '@/app/api/v1/training/route';
import * as trainingJobRoute from '@/app/api/v1/training/[id]/route';
import type { ModelCard } from '@/lib/models/card';

let t: TestDatabase;
let ids: Record<Role, string>;

// 400 clients x 12 months ending 2026-10: outcomes have matured for as-of months up to 2026-07.
const request = {
  name: 'job-test',
  trainWindow: { from: '2025-11', to: '2026-04' },
  validWindow: { from: '2026-05', to: '2026-06' },
  ootWindow: { from: '2026-07', to: '2026-07' },
  params: {
    num_leaves: 7,
    learning_rate: 0.1,
    num_iterations: 30,
    min_data_in_leaf: 20,
    feature_fraction: 1,
    bagging: 1,
    early_stopping_round: 0,
    seed: 5,
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await seedDemoPortfolio(pool(), { clients: 400, months: 12, today: new Date('2026-11-26') });
});
afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('runTrainingJob', () => {
  it('trains on the feature store, records progress and registers a CANDIDATE model', async () => {
    const job = await db.trainingJob.create({ data: { params: request, createdById: ids.DATA_SCIENTIST } });
    await runTrainingJob(job.id);
    const done = await db.trainingJob.findUniqueOrThrow({
      where: { id: job.id },
      include: { modelVersion: true },
    });
    expect(done.message).toMatch(
      /^Registered job-test v1 as a candidate \(validation AUC 0\.\d{4}, out-of-time AUC/,
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    const progress = done.progress as unknown as TrainingProgress;
    expect(progress).toMatchObject({ phase: 'done', iteration: 30, totalIterations: 30 });
    expect(progress.history.map((h) => h.iteration)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(progress.history.every((h) => h.validAuc! > 0.5 && h.validAuc! <= 1)).toBe(true);
    expect(progress.rows!.train).toBeGreaterThan(1000);

    const model = done.modelVersion!;
    expect(model.status).toBe('CANDIDATE');
    expect(model.trainingJobId).toBe(job.id);
    expect(model.createdById).toBe(ids.DATA_SCIENTIST);
    expect(model.lightgbmText).toMatch(/^tree\n/);
    const card = model.card as unknown as ModelCard;
    expect(card.training!.trainWindow).toEqual(request.trainWindow);
    expect(card.metrics!.outOfTime!.rows).toBe(progress.rows!.oot);
    expect(card.reference!.features.atraso_max_3m!.proportions).toHaveLength(11);

    // A redelivered message for a finished job changes nothing.
    await runTrainingJob(job.id);
    expect(await db.modelVersion.count({ where: { trainingJobId: job.id } })).toBe(1);
  });

  it('fails with a reason naming the window when it has no labelled rows', async () => {
    const job = await db.trainingJob.create({
      data: { params: { ...request, trainWindow: { from: '2024-01', to: '2024-06' } } },
    });
    await runTrainingJob(job.id);
    const done = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done.status).toBe('FAILED');
    expect(done.message).toContain('No labelled fs-v1 rows for the training window 2024-01..2024-06');
    expect(done.modelVersionId).toBeNull();
  });
});

const ctx = { params: Promise.resolve({}) };
const req = (path: string, init: RequestInit & { key?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  return new Request(`http://localhost${path}`, { ...init, headers });
};

describe('permissions', () => {
  it.each(ROLES.filter((r) => r !== 'DATA_SCIENTIST'))('refuses to start a training for %s', async (role) => {
    const before = await db.trainingJob.count();
    signInAs(ids[role]);
    expect(await startTraining(null, { trainFrom: '2025-11', trainTo: '2026-04' })).toMatchObject({
      ok: false,
      status: 403,
    });
    const key = await createApiKeyFor(role);
    signInAs(null);
    const res = await trainingRoute.POST(
      req('/api/v1/training', { method: 'POST', body: JSON.stringify(request), key }),
      ctx,
    );
    expect(res.status).toBe(403);
    expect(await db.trainingJob.count()).toBe(before);
  });

  it('lets only roles with models:view read jobs', async () => {
    const job = await db.trainingJob.findFirstOrThrow();
    const one = { params: Promise.resolve({ id: job.id }) };
    for (const role of ROLES) {
      signInAs(ids[role]);
      const allowed = role === 'DATA_SCIENTIST' || role === 'ADMIN';
      expect((await trainingRoute.GET(req('/api/v1/training'), ctx)).status).toBe(allowed ? 200 : 403);
      expect((await trainingJobRoute.GET(req(`/api/v1/training/${job.id}`), one)).status).toBe(
        allowed ? 200 : 403,
      );
    }
    signInAs(null);
    expect((await trainingRoute.GET(req('/api/v1/training'), ctx)).status).toBe(401);
    signInAs(ids.DATA_SCIENTIST);
    const missing = { params: Promise.resolve({ id: '00000000-0000-0000-0000-000000000000' }) };
    expect((await trainingJobRoute.GET(req('/api/v1/training/x'), missing)).status).toBe(404);
  });

  it('shows field errors for invalid windows and parameters without creating a job', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const before = await db.trainingJob.count();
    const state = await startTraining(null, {
      trainFrom: '2025-11',
      trainTo: '2026-04',
      validFrom: '2026-03',
      validTo: '2026-05',
      num_leaves: '1',
    });
    expect(state.ok).toBe(false);
    expect(state.fieldErrors?.num_leaves).toEqual(['O valor mínimo é 2.']);
    expect(await db.trainingJob.count()).toBe(before);
    const state2 = await startTraining(null, {
      trainFrom: '2025-11',
      trainTo: '2026-04',
      validFrom: '2026-03',
      validTo: '2026-05',
    });
    expect(state2.fieldErrors?.validFrom).toEqual([
      'A janela de validação deve começar depois da janela de treino.',
    ]);
  });
});

describe('through the pg-boss queue', () => {
  it('a job started by the action is picked up by a worker and completed', async () => {
    const boss = await getBoss();
    await startTrainingWorker(boss);
    signInAs(ids.DATA_SCIENTIST);
    const state = await startTraining(null, {
      name: 'queued-model',
      trainFrom: '2025-11',
      trainTo: '2026-04',
      validFrom: '2026-05',
      validTo: '2026-06',
      num_iterations: '20',
      num_leaves: '7',
      min_data_in_leaf: '20',
      // As the pt-BR form shows and sends it.
      learning_rate: '0,1',
    });
    expect(state).toMatchObject({ ok: true, message: 'Treino enfileirado.' });
    const jobId = state.data!.jobId;
    expect(
      (await db.trainingJob.findUniqueOrThrow({ where: { id: jobId } })).params as { params: object },
    ).toMatchObject({ params: { learning_rate: 0.1 } });
    const one = { params: Promise.resolve({ id: jobId }) };
    let body: { status: string; model: { status: string; name: string } | null } = {
      status: '',
      model: null,
    };
    for (let i = 0; i < 120; i++) {
      body = await (await trainingJobRoute.GET(req(`/api/v1/training/${jobId}`), one)).json();
      if (body.status === 'SUCCEEDED' || body.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(body.status).toBe('SUCCEEDED');
    expect(body.model).toMatchObject({ name: 'queued-model', status: 'CANDIDATE' });
    const list = await (await trainingRoute.GET(req('/api/v1/training'), ctx)).json();
    expect(list.jobs[0]).toMatchObject({ id: jobId, status: 'SUCCEEDED' });
    expect(list.jobs[0].progress.history).toEqual([]);
  });
});
