// Challenger vs champion and the retraining path on a small demo book with its macro shift: a retraining
// request launched from a RETRAIN firing creates one training job (audited, a second launch refused); a twin of
// the champion is no better (no CHALLENGER_READY firing); a model trained on the latest matured months beats
// the champion there, so the monitoring job fires CHALLENGER_READY once and the request becomes
// CHALLENGER_READY; GET /api/v1/monitoring/compare answers its documented shape and refuses what it should.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import type { Actor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { writeLightGbmText } from '@/lib/ml/lightgbm/write';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { registerModel, setChallenger } from '@/lib/models/registry';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { backfillDecisions } from '@/lib/seed/backfill';
import { stopBoss } from '@/lib/jobs/queue';
import { computeMonitoring, type ComputeSummary } from '@/lib/monitoring/compute';
import { compareModels } from '@/lib/monitoring/compare';
import { saveTrigger } from '@/lib/monitoring/firings';
import { launchRetraining } from '@/lib/monitoring/retraining';
import { compareResponseSchema } from '@/lib/validations/monitoring';
import * as compare from '@/app/api/v1/monitoring/compare/route';

let t: TestDatabase;
let ids: Record<Role, string>;
let scientist: Actor;
let first: ComputeSummary;
let championId: string;
let requestId: string;
let trainingJobId: string;
const none = { params: Promise.resolve({}) };
const get = (q: string) => compare.GET(new Request(`http://localhost/api/v1/monitoring/compare${q}`), none);

const firings = async (subject: string) =>
  (
    await pool().query<{ period: string; value: number; threshold: number }>(
      `SELECT f.period, f.value, f.threshold FROM "TriggerFiring" f JOIN "MonitoringTrigger" t ON t.id = f."triggerId"
        WHERE t.action = 'CHALLENGER_READY' AND f.subject = $1`,
      [subject],
    )
  ).rows;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  const u = await db.user.findUniqueOrThrow({ where: { id: ids.DATA_SCIENTIST } });
  scientist = { kind: 'user', id: u.id, name: u.name, email: u.email, role: 'DATA_SCIENTIST', locale: 'en' };
  await seedDemoPortfolio(pool(), { clients: 1000, months: 24, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  championId = r.id;
  await ensureDefaultPolicy();
  await backfillDecisions();
  first = await computeMonitoring();
}, 600_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('launchRetraining', () => {
  it('launches the trainer from a RETRAIN firing: one training job row, audited; a second launch is refused', async () => {
    expect(first.maturedMonths.length).toBeGreaterThanOrEqual(3);
    await saveTrigger(
      {
        name: 'test-auc-retrain',
        metric: 'auc',
        comparator: '<',
        threshold: 0.99,
        periodKind: 'MONTH',
        cohort: 'all',
        minSample: 100,
        cooldownDays: 7,
        action: 'RETRAIN',
        enabled: true,
      },
      scientist,
    );
    await computeMonitoring();
    const rr = await pool().query<{ id: string; status: string }>(
      `SELECT rr.id, rr.status::text AS status FROM "RetrainingRequest" rr
         JOIN "TriggerFiring" f ON f.id = rr."firingId" JOIN "MonitoringTrigger" t ON t.id = f."triggerId"
        WHERE t.name = 'test-auc-retrain'`,
    );
    expect(rr.rows).toHaveLength(1);
    expect(rr.rows[0]!.status).toBe('OPEN');
    requestId = rr.rows[0]!.id;

    const launched = await launchRetraining({ requestId }, scientist);
    trainingJobId = launched.trainingJobId;
    // The latest six matured months: four train, the last two validate.
    const six = first.maturedMonths.slice(-6);
    expect(launched.from).toBe(six[0]);
    expect(launched.to).toBe(six.at(-1));
    const job = await db.trainingJob.findUniqueOrThrow({ where: { id: trainingJobId } });
    expect(job.status).toBe('QUEUED');
    expect(job.createdById).toBe(scientist.id);
    const params = job.params as { trainWindow: { from: string; to: string }; validWindow?: { to: string } };
    expect(params.trainWindow).toEqual({ from: six[0], to: six.at(-3) });
    expect(params.validWindow?.to).toBe(six.at(-1));
    const req = await db.retrainingRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(req).toMatchObject({ status: 'TRAINING', trainingJobId, createdById: scientist.id });
    const audits = await db.auditLog.findMany({
      where: { action: 'monitoring.retraining.launch', target: requestId },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ trainingJobId });

    const again = await launchRetraining({ requestId }, scientist).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).status).toBe(409);
    expect(await db.trainingJob.count()).toBe(1);
    const unknown = await launchRetraining(
      { requestId: '00000000-0000-4000-8000-000000000000' },
      scientist,
    ).catch((e: unknown) => e);
    expect((unknown as AppError).status).toBe(404);
  });
});

describe('challenger vs champion', () => {
  it('a twin of the champion is no better: equal AUCs per month, no CHALLENGER_READY firing', async () => {
    const text = fs.readFileSync(path.resolve('models/proativa-default.txt'));
    const twin = await registerModel({
      bytes: new Uint8Array(text),
      fileName: 'twin.txt',
      name: 'proativa-twin',
      actor: scientist,
    });
    await setChallenger(twin.id, scientist);
    const c = await compareModels(twin.id);
    expect(c.championId).toBe(championId);
    expect(c.months.map((m) => m.month)).toEqual(first.maturedMonths);
    for (const m of c.months) {
      expect(m.n).toBeGreaterThan(500);
      expect(m.challenger!.auc).toBeCloseTo(m.champion!.auc, 3);
      expect(m.pValue === null || m.pValue > 0.05).toBe(true);
    }
    await computeMonitoring();
    expect(await firings(twin.id)).toEqual([]);
  });

  it('a model trained on the latest matured months beats the champion: CHALLENGER_READY fires once', async () => {
    const window = first.maturedMonths.slice(-3);
    const rows = await pool().query<{ f: (number | null)[]; y: number }>(
      `SELECT DISTINCT ON (d."clientId", d."asOfMonth") d.features AS f, o.defaulted::int AS y
         FROM "Decision" d JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
        WHERE d."modelVersionId" = $1 AND d."asOfMonth" = ANY($2::text[])
        ORDER BY d."clientId", d."asOfMonth", d."decidedAt" DESC`,
      [championId, window],
    );
    const F = FEATURE_NAMES.length;
    const X = new Float32Array(rows.rows.length * F);
    rows.rows.forEach((r, i) => r.f.forEach((v, j) => (X[i * F + j] = v === null ? NaN : v)));
    const ensemble = trainGbdt(
      {
        X,
        nRows: rows.rows.length,
        featureNames: [...FEATURE_NAMES],
        y: Uint8Array.from(rows.rows.map((r) => r.y)),
      },
      { numIterations: 60, numLeaves: 15, minDataInLeaf: 20, seed: 3 },
    ).ensemble;
    const m = await registerModel({
      bytes: new TextEncoder().encode(writeLightGbmText(ensemble)),
      fileName: 'retrained.txt',
      name: 'proativa-retrained',
      trainingJobId,
      actor: scientist,
    });
    expect(m.status).toBe('CANDIDATE');
    // What the trainer does when its job finishes: the job row points at the version it registered.
    await db.trainingJob.update({
      where: { id: trainingJobId },
      data: { status: 'SUCCEEDED', modelVersionId: m.id, finishedAt: new Date() },
    });

    signInAs(ids.DATA_SCIENTIST);
    const r = await get(`?challenger=${m.id}`);
    expect(r.status).toBe(200);
    const body = compareResponseSchema.parse(await r.json());
    expect(body.champion?.id).toBe(championId);
    expect(body.challenger).toMatchObject({ id: m.id, status: 'CANDIDATE' });
    expect(body.trigger).toMatchObject({
      name: 'challenger-ready',
      windowMonths: 3,
      threshold: 0.05,
      beats: true,
    });
    expect(body.trigger!.window.months).toEqual(window);
    expect(body.trigger!.window.diff).toBeGreaterThan(0);
    expect(body.trigger!.window.pValue).toBeLessThan(0.05);
    const last = body.months.at(-1)!;
    expect(last.challenger!.auc).toBeGreaterThan(last.champion!.auc);
    // The asked months only, and the pooled rows are the months' rows together.
    const two = compareResponseSchema.parse(
      await (await get(`?challenger=${m.id}&months=${window.slice(0, 2).join(',')}`)).json(),
    );
    expect(two.months.map((x) => x.month)).toEqual(window.slice(0, 2));
    expect(two.pooled.n).toBe(two.months[0]!.n + two.months[1]!.n);

    const s = await computeMonitoring();
    expect(s.firings.challengersReady).toBe(1);
    const f = await firings(m.id);
    expect(f).toHaveLength(1);
    expect(f[0]!.period).toBe(window.at(-1));
    expect(f[0]!.value).toBeCloseTo(body.trigger!.window.pValue!, 9);
    const req = await db.retrainingRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(req).toMatchObject({ status: 'CHALLENGER_READY', challengerId: m.id });
    // Never promoted automatically; a re-run stores no second firing.
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: m.id } })).status).toBe('CANDIDATE');
    await computeMonitoring();
    expect(await firings(m.id)).toHaveLength(1);
  });

  it('refuses the signed-out, other roles, bad input, unknown models and the champion itself', async () => {
    signInAs(null);
    expect((await get(`?challenger=${championId}`)).status).toBe(401);
    signInAs(ids.MANAGER);
    expect((await get(`?challenger=${championId}`)).status).toBe(403);
    signInAs(ids.DATA_SCIENTIST);
    expect((await get('')).status).toBe(400);
    expect((await get(`?challenger=${championId}&months=2026-13`)).status).toBe(400);
    expect((await get('?challenger=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get(`?challenger=${championId}`)).status).toBe(422);
  });
});
