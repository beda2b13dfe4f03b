import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import { ensureDefaultPolicy, getActivePolicy } from '@/lib/policy/store';
import { experimentResults } from '@/lib/engagement/experiments';
import { inQuietHours } from '@/lib/engagement/rules';
import { DEMO_EXPERIMENT_NAME, playDemoOffers } from './demo-offers';

let t: TestDatabase;
const MODEL = '00000000-0000-4000-8000-00000000abce';
const MONTHS = ['2026-08', '2026-09', '2026-10', '2026-11'];
const CLIENTS = Number(process.env.DEMO_OFFERS_TEST_CLIENTS ?? 300);
const NOW = new Date('2026-12-01T12:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  await createRoleUsers();
  await ensureDefaultPolicy();
  const p = pool();
  await p.query(
    `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames", card, parity)
     VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
    [MODEL],
  );
  const policy = (await getActivePolicy(p))!;
  // A small book: every 7th client has no consent, every 11th no phone; channels rotate.
  await p.query(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name, phone, email,
                           "consentApp", "consentEmail", "consentSms", "consentWhatsapp")
     SELECT 'CLI-' || lpad(i::text, 6, '0'), 'varejo', 'SP', DATE '2020-01-01', 'Ana Souza',
            CASE WHEN i % 11 = 0 THEN NULL ELSE '+55 11 9' || lpad(i::text, 8, '0') END, 'c' || i || '@t.local',
            i % 7 <> 0, i % 7 <> 0, i % 7 <> 0, i % 7 <> 0
       FROM generate_series(1, $1::int) i`,
    [CLIENTS],
  );
  for (const month of MONTHS) {
    const run = await p.query<{ id: string }>(
      `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion", "finishedAt", origin)
       VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $1, $2, $3, 'fs-v1', now(), 'demo') RETURNING id`,
      [month, MODEL, policy.version],
    );
    // Offers are created "now" by the backfill, like lib/decisions/ledger.ts does.
    await p.query(
      `WITH d AS (
         INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                                 features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue")
         SELECT $1, c.id, $2, $3, $4, 'fs-v1', ARRAY[]::float8[], 0.3,
                (CASE WHEN c.id % 3 = 0 THEN 'CRITICAL' ELSE 'MODERATE' END)::"Band", 'DIGITAL_OFFER',
                (ARRAY['APP','SMS','WHATSAPP'])[1 + c.id % 3]::"Channel", false, '[]', 0
           FROM "Client" c WHERE c.id % 5 <> ($5::int % 5)
         RETURNING id, "clientId", channel)
       INSERT INTO "Offer" ("clientId", "decisionId", channel) SELECT "clientId", id, channel FROM d`,
      [run.rows[0]!.id, month, MODEL, policy.version, MONTHS.indexOf(month)],
    );
  }
});
afterAll(async () => {
  await t.drop();
});

describe('playDemoOffers', () => {
  it('dispatches the backfilled offers on a back-dated clock, with skips, reads and acceptances', async () => {
    const total = await db.offer.count();
    const r = await playDemoOffers((line) => process.stdout.write(`${line}\n`), NOW);
    expect(r.offers).toBe(total);
    expect(r.months).toBe(MONTHS.length);
    expect(r.experiment).toBe(DEMO_EXPERIMENT_NAME);

    const byStatus = await db.offer.groupBy({ by: ['status'], _count: true });
    const statuses = new Set(byStatus.map((s) => s.status));
    for (const s of ['DELIVERED', 'READ', 'SKIPPED'] as const) expect(statuses).toContain(s);
    // Nothing is left QUEUED except what the last tick deferred (none here: all months are in the past).
    expect(await db.offer.count({ where: { status: 'QUEUED' } })).toBe(r.queued);
    expect(r.queued).toBe(0);

    const reasons = await db.offer.groupBy({ by: ['reason'], where: { status: 'SKIPPED' }, _count: true });
    const reasonSet = new Set(reasons.map((x) => x.reason));
    expect(reasonSet).toContain('no-consent');
    expect(reasonSet).toContain('frequency-cap');
    expect(reasonSet).toContain('no-address');
    expect(await db.offer.count({ where: { status: 'SKIPPED', reason: null } })).toBe(0);

    // Every sent offer went out inside its decision's month, outside quiet hours; all rows are demo.
    const sent = await pool().query<{ sentAt: Date; month: string; demo: boolean }>(
      `SELECT o."sentAt", d."asOfMonth" AS month, o.demo FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId"
        WHERE o."sentAt" IS NOT NULL`,
    );
    expect(sent.rows.length).toBe(r.sent);
    for (const o of sent.rows) {
      const local = new Date(o.sentAt.getTime() - 3 * 3_600_000).toISOString().slice(0, 7);
      expect(local).toBe(o.month);
      expect(inQuietHours(o.sentAt)).toBe(false);
      expect(o.demo).toBe(true);
    }
    // Quiet hours deferred some (22:00 tick), and they went out later.
    expect(r.deferred).toBeGreaterThan(0);

    // Acceptances: a few percent of the sends, each after its send and recorded with an event.
    expect(r.accepted).toBeGreaterThan(0);
    expect(r.accepted).toBeLessThan(r.sent * 0.2);
    const accepted = await db.offer.findMany({
      where: { acceptedAt: { not: null } },
      include: { events: true },
    });
    expect(accepted.length).toBe(r.accepted);
    for (const a of accepted) {
      expect(a.acceptedAt!.getTime()).toBeGreaterThanOrEqual(a.sentAt!.getTime());
      expect(a.acceptedAt!.getTime()).toBeLessThan(NOW.getTime());
      expect(a.events.some((e) => e.source === 'accept')).toBe(true);
    }

    // The demo experiment ran on MODERATE and has results for both variants.
    const exp = await db.experiment.findFirstOrThrow({ where: { name: DEMO_EXPERIMENT_NAME } });
    expect(exp.status).toBe('RUNNING');
    expect(exp.band).toBe('MODERATE');
    const res = await experimentResults(exp.id);
    expect(res.variants.map((v) => v.key)).toEqual(['A', 'B']);
    for (const v of res.variants) expect(v.sends).toBeGreaterThan(0);
    expect(res.variants[1]!.differenceVsControl).not.toBeNull();
    const critical = await pool().query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId"
        WHERE o."experimentId" IS NOT NULL AND d.band <> 'MODERATE'`,
    );
    expect(critical.rows[0]!.n).toBe('0');
  });

  it('re-running does not dispatch, read, accept or create anything twice', async () => {
    const before = {
      events: await db.offerEvent.count(),
      accepted: await db.offer.count({ where: { acceptedAt: { not: null } } }),
      experiments: await db.experiment.count(),
    };
    const r = await playDemoOffers(undefined, NOW);
    expect(r.offers).toBe(0);
    expect(r.sent).toBe(0);
    expect(await db.offerEvent.count()).toBe(before.events);
    expect(await db.offer.count({ where: { acceptedAt: { not: null } } })).toBe(before.accepted);
    expect(await db.experiment.count()).toBe(before.experiments);
  });
});
