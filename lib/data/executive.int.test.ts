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
