// The Visão executiva KPIs on a small scored book: every figure equals a direct SQL recount over the
// ledger, alerts and offers; the provision follows the formula on the page; other roles are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { createBatchRun, workRunHere } from '@/lib/scoring/batch';
import { stopBoss } from '@/lib/jobs/queue';
import { AuthError } from '@/lib/auth/session';
import type { Role } from '@/lib/auth/roles';
import { getExecutiveSummary } from '@/lib/data/executive';
import { PROVISION_DEFAULTS } from '@/app/(dashboard)/executive/provision';
import { GET } from '@/app/api/v1/executive/summary/route';
import { computeMonitoring } from '@/lib/monitoring/compute';

let t: TestDatabase;
let ids: Record<Role, string>;
let runId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await seedDemoPortfolio(pool(), { clients: 300, months: 8, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(r.reason);
  await ensureDefaultPolicy();
  const run = await createBatchRun({ asOfMonth: '2026-06', chunkClients: 500, origin: 'test' }, null);
  runId = run.id;
  await workRunHere(run.id, { pollMs: 50 });
  const p = pool();
  // some activity to count: one alert past its SLA with no contact, one accepted; offers sent and accepted
  await p.query(`UPDATE "Alert" SET "slaDueAt" = now() - interval '1 day', "firstContactAt" = NULL
                  WHERE id = (SELECT id FROM "Alert" ORDER BY "yProba" DESC LIMIT 1)`);
  await p.query(`UPDATE "Alert" SET status = 'OFFER_ACCEPTED', "creditLimit" = 5000
                  WHERE id = (SELECT id FROM "Alert" ORDER BY "yProba" ASC LIMIT 1)`);
  await p.query(
    `UPDATE "Offer" SET "sentAt" = now() WHERE id IN (SELECT id FROM "Offer" ORDER BY id LIMIT 6)`,
  );
  await p.query(
    `UPDATE "Offer" SET "acceptedAt" = now() WHERE id IN (SELECT id FROM "Offer" ORDER BY id LIMIT 2)`,
  );
}, 240_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('getExecutiveSummary', () => {
  it('equals a direct recount of decisions, alerts and offers', async () => {
    signInAs(ids.EXECUTIVE);
    const s = await getExecutiveSummary();
    const p = pool();
    const bands = (
      await p.query<{ band: string; n: number }>(
        `SELECT band::text, count(*)::int AS n FROM "Decision" WHERE "runId" = $1 GROUP BY band`,
        [runId],
      )
    ).rows;
    const by = Object.fromEntries(bands.map((b) => [b.band, b.n]));
    expect(s.asOfMonth).toBe('2026-06');
    expect(s.clientsScored).toBe(bands.reduce((a, b) => a + b.n, 0));
    expect(s.clientsScored).toBeGreaterThan(0);
    expect(s.bands).toEqual({ LOW: by.LOW ?? 0, MODERATE: by.MODERATE ?? 0, CRITICAL: by.CRITICAL ?? 0 });
    const a = (
      await p.query<{ open: number; breaching: number; accepted: number }>(
        `SELECT count(*) FILTER (WHERE status <> 'CLOSED')::int AS open,
                count(*) FILTER (WHERE status <> 'CLOSED'
                                 AND "slaDueAt" < now() AND "firstContactAt" IS NULL)::int AS breaching,
                count(*) FILTER (WHERE status = 'OFFER_ACCEPTED')::int AS accepted FROM "Alert"`,
      )
    ).rows[0]!;
    expect(s.alertsOpen).toBe(a.open);
    expect(s.alertsBreachingSla).toBe(a.breaching);
    expect(s.alertsBreachingSla).toBeGreaterThanOrEqual(1);
    expect(s.alertsOfferAccepted).toBe(a.accepted);
    const o = (
      await p.query<{ sent: number; accepted: number }>(
        `SELECT count("sentAt")::int AS sent, count("acceptedAt")::int AS accepted FROM "Offer"`,
      )
    ).rows[0]!;
    expect(s.offersSent).toBe(o.sent);
    expect(s.offersAccepted).toBe(o.accepted);
    expect(s.bandMix.map((b) => b.asOfMonth)).toEqual(['2026-06']);
    // provision: Σ PD x limit recomputed row by row, then the formula with the default assumptions
    const ex = (
      await p.query<{ s: number }>(
        `SELECT coalesce(sum(x), 0)::float8 AS s FROM (
           SELECT d."yProba" * ms."creditLimit"::float8 AS x FROM "Offer" o
             JOIN "Decision" d ON d.id = o."decisionId"
             JOIN "MonthlyStatement" ms ON ms."clientId" = d."clientId" AND ms."referenceMonth" = d."asOfMonth"
            WHERE o."acceptedAt" IS NOT NULL
           UNION ALL SELECT "yProba" * 5000 FROM "Alert" WHERE status = 'OFFER_ACCEPTED') t`,
      )
    ).rows[0]!;
    expect(s.provision.pdTimesLimit).toBeCloseTo(ex.s, 4);
    const d = PROVISION_DEFAULTS;
    expect(s.provision.avoided).toBeCloseTo(ex.s * d.eadShare * d.lgd * d.pdReduction, 4);
  });

  it('reads the provision from the offers alone: each carries its decision’s score and as-of credit limit', async () => {
    const p = pool();
    const rows = (
      await p.query<{ n: number; mismatched: number }>(
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE o."yProba" IS DISTINCT FROM d."yProba"
                                    OR o."creditLimit" IS DISTINCT FROM ms."creditLimit")::int AS mismatched
           FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId"
           LEFT JOIN "MonthlyStatement" ms ON ms."clientId" = d."clientId" AND ms."referenceMonth" = d."asOfMonth"`,
      )
    ).rows[0]!;
    expect(rows.n).toBeGreaterThan(0);
    expect(rows.mismatched).toBe(0);
    // the query plan touches neither Decision nor MonthlyStatement
    const plan = (
      await p.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT sum(o."yProba" * coalesce(o."creditLimit", 0)::float8) FROM "Offer" o
          WHERE o."acceptedAt" IS NOT NULL`,
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).not.toMatch(/Decision|MonthlyStatement/);
  });

  it('pools uplift per band over the matured months, equal to a direct recount, with intervals', async () => {
    signInAs(ids.EXECUTIVE);
    const p = pool();
    // contacts to count: a call on a CRITICAL alert, an accepted one; offers sent and accepted exist already
    await p.query(`UPDATE "Alert" SET "firstContactAt" = now()
                    WHERE id IN (SELECT id FROM "Alert" ORDER BY "yProba" ASC LIMIT 3)`);
    expect((await getExecutiveSummary()).uplift.months).toEqual([]); // nothing computed yet
    await computeMonitoring({ triggers: false });
    const s = await getExecutiveSummary();
    expect(s.uplift.months).toEqual(['2026-06']);
    const direct = await p.query<{
      band: string;
      t: number;
      kt: number;
      h: number;
      kh: number;
      c: number;
      kc: number;
      a: number;
    }>(
      `WITH x AS (
         SELECT d.band::text AS band, d.holdout, o.defaulted::int AS y,
                (f."sentAt" IS NOT NULL OR al."firstContactAt" IS NOT NULL) AS contacted,
                (f."acceptedAt" IS NOT NULL OR al.status = 'OFFER_ACCEPTED') AS accepted
           FROM "Decision" d JOIN "Outcome" o ON o."clientId" = d."clientId" AND o."referenceMonth" = d."asOfMonth"
           LEFT JOIN "Offer" f ON f."decisionId" = d.id
           LEFT JOIN "Alert" al ON al."decisionId" = d.id
          WHERE d."runId" = $1)
       SELECT band, count(*) FILTER (WHERE NOT holdout)::int AS t, coalesce(sum(y) FILTER (WHERE NOT holdout), 0)::int AS kt,
              count(*) FILTER (WHERE holdout)::int AS h, coalesce(sum(y) FILTER (WHERE holdout), 0)::int AS kh,
              count(*) FILTER (WHERE NOT holdout AND contacted)::int AS c,
              coalesce(sum(y) FILTER (WHERE NOT holdout AND contacted), 0)::int AS kc,
              count(*) FILTER (WHERE NOT holdout AND contacted AND accepted)::int AS a
         FROM x GROUP BY band`,
      [runId],
    );
    for (const band of ['CRITICAL', 'MODERATE'] as const) {
      const d = direct.rows.find((r) => r.band === band) ?? { t: 0, kt: 0, h: 0, kh: 0, c: 0, kc: 0, a: 0 };
      const u = s.uplift.bands.find((b) => b.band === band)!;
      expect(u.treated).toMatchObject({ n: d.t, defaults: d.kt });
      expect(u.holdout).toMatchObject({ n: d.h, defaults: d.kh });
      expect(u.contacted).toMatchObject({ n: d.c, defaults: d.kc });
      expect(u.accepted).toBe(d.a);
      if (d.c) {
        expect(u.acceptance!.estimate).toBeCloseTo(d.a / d.c, 12);
        expect(u.acceptance!.low).toBeLessThanOrEqual(u.acceptance!.estimate);
        expect(u.acceptance!.high).toBeGreaterThanOrEqual(u.acceptance!.estimate);
      }
      if (d.c && d.h) {
        expect(u.contactedVsHoldout!.estimate).toBeCloseTo(d.kc / d.c - d.kh / d.h, 12);
        expect(u.contactedVsHoldout!.low).toBeLessThan(u.contactedVsHoldout!.high);
      }
      if (d.t && d.h) expect(u.treatedVsHoldout!.estimate).toBeCloseTo(d.kt / d.t - d.kh / d.h, 12);
    }
    // the seeded activity is counted: 3 calls on CRITICAL alerts, 6 MODERATE offers sent
    const crit = s.uplift.bands.find((b) => b.band === 'CRITICAL')!;
    const mod = s.uplift.bands.find((b) => b.band === 'MODERATE')!;
    expect(crit.contacted.n + mod.contacted.n).toBeGreaterThan(0);
  });

  it('serves the same figures over GET /api/v1/executive/summary', async () => {
    signInAs(ids.EXECUTIVE);
    const r = await GET(new Request('http://localhost/api/v1/executive/summary'), {});
    expect(r.status).toBe(200);
    const body = (await r.json()) as { clientsScored: number };
    expect(body.clientsScored).toBe((await getExecutiveSummary()).clientsScored);
  });

  it('refuses roles without executive:view', async () => {
    signInAs(ids.MANAGER);
    await expect(getExecutiveSummary()).rejects.toBeInstanceOf(AuthError);
    signInAs(ids.DATA_SCIENTIST);
    const r = await GET(new Request('http://localhost/api/v1/executive/summary'), {});
    expect(r.status).toBe(403);
  });
});
