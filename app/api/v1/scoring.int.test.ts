// Batch scoring over the API and the reads behind the Pontuação page (lib/data/scoring.ts), against a real
// database with a small demo book, the default model and policy: live rate and time left computed from a run's
// own counters; who may list, start and cancel runs (401 signed out, 403 for roles without the permission);
// 400 naming asOfMonth for a bad month, 400 for a malformed id, 404 for an unknown one, 409 for cancelling a
// finished run; a run started over the API, worked, and read back with its summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { workRunHere } from '@/lib/scoring/batch';
import { stopBoss } from '@/lib/jobs/queue';
import { getRun, listRuns, scoringMonths, scoringSetup, type RunView } from '@/lib/data/scoring';
import * as runs from '@/app/api/v1/scoring/runs/route';
import * as oneRun from '@/app/api/v1/scoring/runs/[id]/route';
import * as cancel from '@/app/api/v1/scoring/runs/[id]/cancel/route';

let t: TestDatabase;
let ids: Record<Role, string>;
let modelId: string;
const none = { params: Promise.resolve({}) };
const at = (id: string) => ({ params: Promise.resolve({ id }) });
const UNKNOWN = '0b6e4f00-0000-4000-8000-00000000abcd';

function req(path: string, init: { method?: string; json?: unknown; body?: string } = {}) {
  const headers = new Headers();
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://localhost${path}`, { method: init.method ?? 'GET', headers, body });
}

const start = (json: unknown) => runs.POST(req('/api/v1/scoring/runs', { method: 'POST', json }), none);
const getOne = (id: string) => oneRun.GET(req(`/api/v1/scoring/runs/${id}`), at(id));
const cancelOne = (id: string) =>
  cancel.POST(req(`/api/v1/scoring/runs/${id}/cancel`, { method: 'POST' }), at(id));

/** A run row with chosen counters and times (no chunks, no jobs: nothing will work it). */
async function insertRun(r: {
  status: string;
  total: number;
  done: number;
  createdAt: Date;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  month?: string;
}): Promise<string> {
  const q = await pool().query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                               "clientsTotal", "clientsDone", "chunksTotal", "chunksDone", origin, "createdAt",
                               "startedAt", "finishedAt")
     VALUES (gen_random_uuid(), 'BATCH', $1::"JobStatus", $2, $3, 1, 'fs-v1', $4, $5, 10, 0, 'cli', $6, $7, $8)
     RETURNING id`,
    [
      r.status,
      r.month ?? '2026-03',
      modelId,
      r.total,
      r.done,
      r.createdAt,
      r.startedAt ?? null,
      r.finishedAt ?? null,
    ],
  );
  return q.rows[0]!.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await seedDemoPortfolio(pool(), { clients: 300, months: 6, today: new Date('2026-07-01T12:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  modelId = r.id;
  await ensureDefaultPolicy();
}, 240_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('live progress from a run’s own counters (lib/data/scoring.ts)', () => {
  it('has no rate and no time left before the first chunk starts', async () => {
    const id = await insertRun({ status: 'QUEUED', total: 1000, done: 0, createdAt: new Date() });
    const run = (await getRun(id))!;
    expect(run).toMatchObject({ status: 'QUEUED', clientsDone: 0, rate: null, secondsLeft: null });
  });

  it('gives clients per second since the start and the time left at that rate while running', async () => {
    const startedAt = new Date(Date.now() - 10_000);
    const id = await insertRun({
      status: 'RUNNING',
      total: 1000,
      done: 200,
      createdAt: startedAt,
      startedAt,
    });
    const run = (await getRun(id))!;
    // 200 clients in a little over 10 s: just under 20 clients/s, so 800 left take just over 40 s.
    expect(run.rate).toBeGreaterThan(200 / 11);
    expect(run.rate).toBeLessThanOrEqual(20);
    expect(run.secondsLeft).toBeGreaterThanOrEqual(40);
    expect(run.secondsLeft).toBeLessThan(44);
    expect(run.secondsLeft).toBeCloseTo(800 / run.rate!, 6);
  });

  it('has no rate while running with nothing done yet, and none left once finished', async () => {
    const startedAt = new Date(Date.now() - 5_000);
    const idle = await insertRun({
      status: 'RUNNING',
      total: 1000,
      done: 0,
      createdAt: startedAt,
      startedAt,
    });
    expect(await getRun(idle)).toMatchObject({ rate: null, secondsLeft: null });

    const s = new Date('2026-07-02T09:00:00.000Z');
    const done = await insertRun({
      status: 'SUCCEEDED',
      total: 1000,
      done: 1000,
      createdAt: s,
      startedAt: s,
      finishedAt: new Date(+s + 8_000),
    });
    // The rate of a finished run is over its whole duration: 1000 clients in 8 s.
    expect(await getRun(done)).toMatchObject({
      rate: 125,
      secondsLeft: null,
      finishedAt: '2026-07-02T09:00:08.000Z',
    });
  });

  it('the run endpoint answers the same live figures', async () => {
    const startedAt = new Date(Date.now() - 4_000);
    const id = await insertRun({ status: 'RUNNING', total: 500, done: 100, createdAt: startedAt, startedAt });
    signInAs(ids.EXECUTIVE);
    const res = await getOne(id);
    expect(res.status).toBe(200);
    const body = (await res.json()) as RunView;
    expect(body).toMatchObject({ id, status: 'RUNNING', clientsDone: 100, clientsTotal: 500, origin: 'cli' });
    expect(body.rate).toBeGreaterThan(100 / 5);
    expect(body.rate).toBeLessThanOrEqual(25);
    expect(body.secondsLeft).toBeCloseTo(400 / body.rate!, 6);
  });

  it('lists the months with features, newest first, and what a new run would use', async () => {
    expect(await scoringMonths()).toEqual(['2026-06', '2026-05', '2026-04', '2026-03', '2026-02', '2026-01']);
    signInAs(ids.DATA_SCIENTIST);
    expect(await scoringSetup()).toMatchObject({
      champion: { id: modelId, label: expect.stringMatching(/ v1$/) },
      policyVersion: 1,
      months: ['2026-06', '2026-05', '2026-04', '2026-03', '2026-02', '2026-01'],
    });
    // Only those who may start a run are told what it would use.
    signInAs(ids.EXECUTIVE);
    await expect(scoringSetup()).rejects.toMatchObject({ status: 403 });
  });
});

describe('who may use the scoring API', () => {
  it('lets scoring:view holders list runs; others 403, signed out 401', async () => {
    for (const role of ['EXECUTIVE', 'DATA_SCIENTIST', 'ADMIN'] as const) {
      signInAs(ids[role]);
      expect((await runs.GET(req('/api/v1/scoring/runs'), none)).status, role).toBe(200);
    }
    signInAs(ids.MANAGER);
    expect((await runs.GET(req('/api/v1/scoring/runs'), none)).status).toBe(403);
    signInAs(null);
    expect((await runs.GET(req('/api/v1/scoring/runs'), none)).status).toBe(401);
  });

  it('refuses to start a run without scoring:run, and creates nothing', async () => {
    const before = (await listRuns({ limit: 200 })).length;
    for (const [who, status] of [
      [ids.EXECUTIVE, 403],
      [ids.MANAGER, 403],
      [null, 401],
    ] as const) {
      signInAs(who);
      const res = await start({ asOfMonth: '2026-06' });
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    }
    expect((await listRuns({ limit: 200 })).length).toBe(before);
  });

  it('refuses to cancel without scoring:run', async () => {
    const id = await insertRun({ status: 'QUEUED', total: 10, done: 0, createdAt: new Date() });
    for (const [who, status] of [
      [ids.EXECUTIVE, 403],
      [ids.MANAGER, 403],
      [null, 401],
    ] as const) {
      signInAs(who);
      expect((await cancelOne(id)).status).toBe(status);
    }
    expect((await getRun(id))!.status).toBe('QUEUED');
  });
});

describe('bad requests', () => {
  it('a malformed or impossible month is a 400 naming asOfMonth', async () => {
    signInAs(ids.DATA_SCIENTIST);
    for (const asOfMonth of ['2026-13', '06/2026', '', 202606]) {
      const res = await start({ asOfMonth });
      expect(res.status, String(asOfMonth)).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('INVALID_INPUT');
      expect(body.error.details).toEqual([{ path: 'asOfMonth', message: expect.any(String) }]);
    }
    const missing = await start({});
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.details[0].path).toBe('asOfMonth');
  });

  it('a body that is not JSON is a 400, a month without clients a 422 saying so', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const bad = await runs.POST(req('/api/v1/scoring/runs', { method: 'POST', body: '{"asOfMonth":' }), none);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_JSON');
    const empty = await start({ asOfMonth: '2030-01' });
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.message).toMatch(/2030-01/);
  });

  it('a malformed run id is a 400, an unknown one a 404', async () => {
    signInAs(ids.DATA_SCIENTIST);
    for (const res of [await getOne('abc'), await cancelOne("1' OR '1'='1")]) {
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('INVALID_INPUT');
    }
    const unknown = await getOne(UNKNOWN);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');
    expect((await cancelOne(UNKNOWN)).status).toBe(404);
  });

  it('rejects a bad list query naming the parameter', async () => {
    signInAs(ids.EXECUTIVE);
    const res = await runs.GET(req('/api/v1/scoring/runs?limit=0'), none);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].path).toBe('limit');
  });
});

describe('a run over the API', () => {
  let runId: string;

  it('starts a run for a month (202, with where to poll it), worked to the end with its summary', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await start({ asOfMonth: '2026-06' });
    expect(res.status).toBe(202);
    const body = (await res.json()) as RunView;
    runId = body.id;
    expect(res.headers.get('location')).toBe(`/api/v1/scoring/runs/${runId}`);
    expect(body).toMatchObject({
      kind: 'BATCH',
      status: 'QUEUED',
      asOfMonth: '2026-06',
      modelVersionId: modelId,
      policyVersion: 1,
      origin: 'app',
      createdBy: 'Test DATA_SCIENTIST',
      clientsDone: 0,
    });
    expect(body.clientsTotal).toBeGreaterThan(0);

    await workRunHere(runId, { pollMs: 50 });
    const done = (await (await getOne(runId)).json()) as RunView;
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      clientsDone: body.clientsTotal,
      decisions: body.clientsTotal,
    });
    expect(done.secondsLeft).toBeNull();
    expect(done.rate).toBeGreaterThan(0);
    const s = done.summary!;
    expect(s.clients).toBe(body.clientsTotal);
    expect(s.counts.LOW + s.counts.MODERATE + s.counts.CRITICAL).toBe(body.clientsTotal);
    expect(s.histogram).toHaveLength(20);
  });

  it('lists batch runs newest first, the new run on top', async () => {
    signInAs(ids.EXECUTIVE);
    const res = await runs.GET(req('/api/v1/scoring/runs?kind=BATCH&limit=3'), none);
    const list = ((await res.json()) as { runs: RunView[] }).runs;
    expect(list).toHaveLength(3);
    expect(list[0]!.id).toBe(runId);
    for (let i = 1; i < list.length; i++) {
      expect(Date.parse(list[i - 1]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(list[i]!.createdAt));
    }
  });

  it('cannot cancel a finished run (409) and says why', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await cancelOne(runId);
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.code).toBe('CONFLICT');
    expect(body.error.message).toMatch(/já terminou/);
    expect((await getRun(runId))!.status).toBe('SUCCEEDED');
  });

  it('cancels a queued run once; a second cancel is a 409', async () => {
    signInAs(ids.ADMIN);
    const started = (await (await start({ asOfMonth: '2026-05' })).json()) as RunView;
    const res = await cancelOne(started.id);
    expect(res.status).toBe(200);
    expect(((await res.json()) as RunView).status).toBe('CANCELLED');
    expect((await cancelOne(started.id)).status).toBe(409);
    // Its queued chunks are dropped, not worked: the run stays cancelled with no decisions.
    await workRunHere(started.id, { pollMs: 50 });
    expect(await getRun(started.id)).toMatchObject({ status: 'CANCELLED', decisions: 0 });
  });
});
