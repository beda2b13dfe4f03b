// Monitoring end to end on a small demo book with its macro shift: backfilled decisions, computeMonitoring's
// stored AUC per matured month (checked against a direct computation), CBPE on maturing months, drift rows,
// trigger firings (stored once: a re-run adds none), a RETRAIN firing's retraining request, the routes' shapes
// and their 401/403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { backfillDecisions } from '@/lib/seed/backfill';
import { stopBoss } from '@/lib/jobs/queue';
import { auc as aucOf } from '@/lib/metrics/classification';
import { computeMonitoring, type ComputeSummary } from '@/lib/monitoring/compute';
import { ensureDefaultTriggers } from '@/lib/monitoring/triggers';
import { saveTrigger } from '@/lib/monitoring/firings';
import { runMonitoring } from '@/lib/monitoring/runs';
import {
  driftResponseSchema,
  monitoringRunSchema,
  performanceResponseSchema,
  triggersResponseSchema,
} from '@/lib/validations/monitoring';
import * as performance from '@/app/api/v1/monitoring/performance/route';
import * as drift from '@/app/api/v1/monitoring/drift/route';
import * as triggers from '@/app/api/v1/monitoring/triggers/route';
import * as runs from '@/app/api/v1/monitoring/runs/route';
import * as ack from '@/app/api/v1/monitoring/firings/[id]/acknowledge/route';

let t: TestDatabase;
let ids: Record<Role, string>;
let first: ComputeSummary;
const none = { params: Promise.resolve({}) };

function req(path: string, init: { method?: string; json?: unknown } = {}) {
  const headers = new Headers();
  const body = init.json !== undefined ? JSON.stringify(init.json) : undefined;
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`http://localhost${path}`, { method: init.method ?? 'GET', headers, body });
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await seedDemoPortfolio(pool(), { clients: 2000, months: 24, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  await ensureDefaultPolicy();
  await backfillDecisions();
  first = await computeMonitoring();
}, 600_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('computeMonitoring', () => {
  it('stores AUC with a DeLong interval for every matured month, equal to a direct computation', async () => {
    expect(first.months.length).toBeGreaterThan(3);
    expect(first.maturedMonths.length).toBeGreaterThan(0);
    expect(first.maturedMonths.length).toBeLessThan(first.months.length); // the last months are still maturing
    const rows = await pool().query(
      `SELECT period, matured, n, auc, "aucLow", "aucHigh", gini, recall, "precision", "estAuc", details
         FROM "PerformanceMetric" WHERE "periodKind" = 'MONTH' AND cohort = 'all' ORDER BY period`,
    );
    expect(rows.rows.map((r) => r.period)).toEqual(first.months);
    for (const r of rows.rows) {
      expect(r.estAuc).toBeGreaterThan(0.5);
      if (first.maturedMonths.includes(r.period)) {
        expect(r.matured).toBe(true);
        expect(r.auc).toBeGreaterThan(0.5);
        expect(r.aucLow).toBeLessThan(r.auc);
        expect(r.aucHigh).toBeGreaterThan(r.auc);
        expect(r.gini).toBeCloseTo(2 * r.auc - 1, 10);
        expect(r.recall).toBeGreaterThan(0);
        expect(r.details.calibration.bands).toHaveLength(3);
        expect(r.details.uplift).toHaveLength(3);
      } else {
        expect(r.matured).toBe(false);
        expect(r.auc).toBeNull();
        expect(r.recall).toBeNull();
      }
    }
    const month = first.maturedMonths[0]!;
    const direct = await pool().query<{ p: number; y: number }>(
      `SELECT d."yProba" AS p, o.defaulted::int AS y FROM "Decision" d
         JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
        WHERE d."asOfMonth" = $1`,
      [month],
    );
    const stored = rows.rows.find((r) => r.period === month)!;
    expect(stored.auc).toBeCloseTo(
      aucOf(
        direct.rows.map((r) => r.p),
        direct.rows.map((r) => r.y),
      ),
      10,
    );
    // Treated and holdout cohorts partition the month.
    const cohorts = await pool().query<{ cohort: string; n: number }>(
      `SELECT cohort, n FROM "PerformanceMetric" WHERE "periodKind" = 'MONTH' AND period = $1`,
      [month],
    );
    const n = Object.fromEntries(cohorts.rows.map((r) => [r.cohort, r.n]));
    expect(n.treated! + n.holdout!).toBe(n.all);
  });

  it('stores every batch run as its own RUN period: all its decisions, the same figures as its only month', async () => {
    const runs = await pool().query<{ id: string; month: string; n: number }>(
      `SELECT r.id::text AS id, r."asOfMonth" AS month, count(d.id)::int AS n
         FROM "ScoringRun" r JOIN "Decision" d ON d."runId" = r.id
        WHERE r.kind = 'BATCH' GROUP BY r.id, r."asOfMonth" ORDER BY r."asOfMonth"`,
    );
    expect(runs.rows.length).toBe(first.months.length); // the backfill scores each month once
    const stored = await pool().query(
      `SELECT r.period, r."asOfMonth", r.n, r.matured, r.auc, r.recall, r."precision", r."estAuc",
              m.n AS "monthN", m.auc AS "monthAuc", m.recall AS "monthRecall", m."precision" AS "monthPrecision",
              m."estAuc" AS "monthEstAuc"
         FROM "PerformanceMetric" r
         JOIN "PerformanceMetric" m ON m."modelVersionId" = r."modelVersionId" AND m."periodKind" = 'MONTH'
          AND m.period = r."asOfMonth" AND m.cohort = r.cohort
        WHERE r."periodKind" = 'RUN' AND r.cohort = 'all' ORDER BY r."asOfMonth"`,
    );
    expect(stored.rows.map((r) => [r.period, r.asOfMonth, r.n])).toEqual(
      runs.rows.map((r) => [r.id, r.month, r.n]),
    );
    for (const r of stored.rows) {
      expect(r.n).toBe(r.monthN);
      expect(r.matured).toBe(first.maturedMonths.includes(r.asOfMonth));
      expect(r.auc).toBe(r.monthAuc);
      expect(r.recall).toBe(r.monthRecall);
      expect(r.precision).toBe(r.monthPrecision);
      expect(r.estAuc).toBe(r.monthEstAuc);
    }
  });

  it('stores weekly and monthly drift of the top-5 features and the score', async () => {
    const d = await pool().query<{
      periodKind: string;
      feature: string;
      n: number;
      psi: number | null;
      verdict: string | null;
      shares: number[];
    }>(`SELECT "periodKind"::text AS "periodKind", feature, n, psi, verdict, shares FROM "DriftMetric"`);
    const features = new Set(d.rows.map((r) => r.feature));
    expect(features.size).toBe(6);
    expect(features.has('score')).toBe(true);
    const weeks = d.rows.filter((r) => r.periodKind === 'WEEK' && r.feature === 'score');
    expect(weeks.length).toBe(first.months.length); // batch-only book: one week per as-of month
    for (const r of d.rows) {
      expect(r.shares.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
      expect(r.verdict === null).toBe(r.n < 500);
    }
  });

  it('fires triggers once: a re-run adds no firing; a RETRAIN firing opens a retraining request', async () => {
    expect(await ensureDefaultTriggers()).toBe(0); // seeded by the first run
    const count = async () =>
      (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "TriggerFiring"`)).rows[0]!.n;
    const before = await count();
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
      {
        kind: 'user',
        id: ids.DATA_SCIENTIST,
        name: 'ds',
        email: 'ds@test.local',
        role: 'DATA_SCIENTIST',
        locale: 'en',
      } as never,
    );
    await computeMonitoring();
    const after = await count();
    expect(after).toBe(before + 1); // the new trigger fires on the newest matured month only (cooldown)
    const f = await pool().query(
      `SELECT f.period, rr.status FROM "TriggerFiring" f JOIN "MonitoringTrigger" t ON t.id = f."triggerId"
         LEFT JOIN "RetrainingRequest" rr ON rr."firingId" = f.id WHERE t.name = 'test-auc-retrain'`,
    );
    expect(f.rows).toEqual([{ period: first.maturedMonths.at(-1), status: 'OPEN' }]);
    await computeMonitoring();
    expect(await count()).toBe(after);
  });
});

describe('monitoring routes', () => {
  it('answer the documented shapes', async () => {
    signInAs(ids.EXECUTIVE);
    const p = await performance.GET(req('/api/v1/monitoring/performance'), none);
    expect(p.status).toBe(200);
    const pj = performanceResponseSchema.parse(await p.json());
    expect(pj.model?.cardAuc).toBeGreaterThan(0.7);
    expect(pj.items.length).toBe(first.months.length);
    const h = await performance.GET(req('/api/v1/monitoring/performance?cohort=holdout'), none);
    expect(performanceResponseSchema.parse(await h.json()).items.every((i) => i.cohort === 'holdout')).toBe(
      true,
    );
    const d = await drift.GET(req('/api/v1/monitoring/drift?feature=score&periodKind=MONTH'), none);
    const dj = driftResponseSchema.parse(await d.json());
    expect(dj.features).toHaveLength(5);
    expect(dj.items.length).toBe(first.months.length);
    expect(dj.items[0]!.cuts).toHaveLength(9);
    expect(dj.items[0]!.referenceShares).toHaveLength(11);
    const tr = await triggers.GET(req('/api/v1/monitoring/triggers'), none);
    const tj = triggersResponseSchema.parse(await tr.json());
    expect(tj.triggers.length).toBeGreaterThanOrEqual(10);
    expect(tj.items.length).toBeGreaterThan(0);
    expect((await performance.GET(req('/api/v1/monitoring/performance?periodKind=YEAR'), none)).status).toBe(
      400,
    );
  });

  it('refuses the signed-out (401) and roles without the permission (403)', async () => {
    signInAs(null);
    expect((await performance.GET(req('/api/v1/monitoring/performance'), none)).status).toBe(401);
    signInAs(ids.MANAGER);
    expect((await drift.GET(req('/api/v1/monitoring/drift'), none)).status).toBe(403);
    signInAs(ids.EXECUTIVE);
    expect((await runs.POST(req('/api/v1/monitoring/runs', { method: 'POST', json: {} }), none)).status).toBe(
      403,
    );
  });

  it('queues a run (row + job), runs it, and acknowledges a firing once', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const r = await runs.POST(
      req('/api/v1/monitoring/runs', { method: 'POST', json: { kind: 'manual' } }),
      none,
    );
    expect(r.status).toBe(202);
    const run = monitoringRunSchema.parse(await r.json());
    expect(run.status).toBe('QUEUED');
    await runMonitoring(run.id);
    const list = await (await runs.GET(req('/api/v1/monitoring/runs'), none)).json();
    expect(list.runs.find((x: { id: string }) => x.id === run.id).status).toBe('SUCCEEDED');
    const open = triggersResponseSchema.parse(
      await (await triggers.GET(req('/api/v1/monitoring/triggers?open=true'), none)).json(),
    );
    const firing = open.items[0]!;
    const at = { params: Promise.resolve({ id: firing.id }) };
    const a = await ack.POST(
      req(`/api/v1/monitoring/firings/${firing.id}/acknowledge`, {
        method: 'POST',
        json: { note: 'looking' },
      }),
      at,
    );
    expect(a.status).toBe(200);
    const aj = await a.json();
    expect(aj.acknowledgedBy).toBe('Test DATA_SCIENTIST');
    expect(aj.ackNote).toBe('looking');
    const again = await ack.POST(
      req(`/api/v1/monitoring/firings/${firing.id}/acknowledge`, { method: 'POST' }),
      at,
    );
    expect(again.status).toBe(409);
  });
});
