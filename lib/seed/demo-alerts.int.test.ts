// The demo alert activity (playDemoAlerts) writes in batches what the services would write: its counts match
// its events, every alert's events form a valid story of the status flow ending in the alert's status, and
// replaying those very events through claimAlert/transitionAlert on a fresh copy of the alerts yields the same
// Alert rows and the same events. Idempotent: a second play touches nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { ensureDefaultPolicy, getActivePolicy } from '@/lib/policy/store';
import { claimAlert, transitionAlert } from '@/lib/alerts/service';
import { canTransition, type AlertStatus } from '@/lib/alerts/status-flow';
import { playDemoAlerts, type DemoAlertsResult } from './demo-alerts';

let t: TestDatabase;
let ids: Record<Role, string>;
const MODEL = '00000000-0000-4000-8000-00000000abcf';
const NOW = new Date('2026-12-01T15:00:00Z');
const CLIENTS = 400;

const ALERT_COLUMNS = `id, status, "assigneeId", "claimedAt", "updatedAt", "openedAt", "slaDueAt", "firstContactAt",
  "nextContactAt", "closedAt", "openClientId"::text AS "openClientId", "lastNote", demo`;
const EVENT_COLUMNS = `"alertId", at, "actorId", "apiKeyId", kind, "fromStatus", "toStatus", note, "nextContactAt", demo`;

interface EventRow {
  alertId: string;
  at: Date;
  actorId: string | null;
  apiKeyId: string | null;
  kind: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus;
  note: string | null;
  nextContactAt: Date | null;
  demo: boolean;
}

async function alertRows() {
  return (await pool().query(`SELECT ${ALERT_COLUMNS} FROM "Alert" ORDER BY id`)).rows;
}
async function eventRows(): Promise<EventRow[]> {
  return (
    await pool().query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM "AlertEvent" ORDER BY "alertId", at, id`)
  ).rows;
}

let result: DemoAlertsResult;
let afterPlay: { alerts: unknown[]; events: EventRow[] };

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await ensureDefaultPolicy();
  const p = pool();
  const second = (
    await p.query<{ id: string }>(
      `INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt")
       VALUES (gen_random_uuid(), 'manager.b@test.local', 'Bruna Segunda', 'MANAGER', 'x', now()) RETURNING id`,
    )
  ).rows[0]!.id;
  const portfolioA = (
    await p.query<{ id: string }>(
      `INSERT INTO "Portfolio" (id, name, "managerId") VALUES (gen_random_uuid(), 'Carteira A', $1) RETURNING id`,
      [ids.MANAGER],
    )
  ).rows[0]!.id;
  await p.query(
    `INSERT INTO "Portfolio" (id, name, "managerId") VALUES (gen_random_uuid(), 'Carteira B', $1)`,
    [second],
  );
  await p.query(
    `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames", card, parity)
     VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
    [MODEL],
  );
  // Every 9th client may not be called (the story then uses e-mail).
  await p.query(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name, "doNotCall")
     SELECT 'CLI-' || lpad(i::text, 6, '0'), 'varejo', CASE WHEN i % 2 = 0 THEN 'SE' ELSE 'NE' END,
            DATE '2020-01-01', 'Cliente ' || i, i % 9 = 0
       FROM generate_series(1, $1::int) i`,
    [CLIENTS],
  );
  const policy = (await getActivePolicy(p))!;
  // Half the clients' alerts are of 2026-09 (worked and closed mostly), half of 2026-10 (the newest month);
  // SE clients' alerts belong to portfolio A, the others to the shared pool.
  for (const [month, half] of [
    ['2026-09', 0],
    ['2026-10', 1],
  ] as const) {
    const run = await p.query<{ id: string }>(
      `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion", "finishedAt")
       VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $1, $2, $3, 'fs-v1', now()) RETURNING id`,
      [month, MODEL, policy.version],
    );
    await p.query(
      `WITH d AS (
         INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                                 features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue")
         SELECT $1, c.id, $2, $3, $4, 'fs-v1', ARRAY[]::float8[], 0.5 + (c.id % 400) / 1000.0, 'CRITICAL',
                'MANAGER_CALL', 'PHONE', false, '[]', 0
           FROM "Client" c WHERE c.id % 2 = $5 RETURNING id, "clientId", "yProba")
       INSERT INTO "Alert" (id, "clientId", "openClientId", "decisionId", "yProba", "asOfMonth", "portfolioId", exposure)
       SELECT gen_random_uuid(), d."clientId", d."clientId", d.id, d."yProba", $2,
              CASE WHEN c.region = 'SE' THEN $6::uuid END, 1000
         FROM d JOIN "Client" c ON c.id = d."clientId"`,
      [run.rows[0]!.id, month, MODEL, policy.version, half, portfolioA],
    );
  }
  await p.query(`CREATE TABLE "AlertBefore" AS SELECT * FROM "Alert"`);
  result = await playDemoAlerts(() => undefined, NOW);
  afterPlay = { alerts: await alertRows(), events: await eventRows() };
});
afterAll(() => t.drop());

describe('demo alert activity (batched)', () => {
  it('reports the counts of the events it wrote', () => {
    const to = (s: AlertStatus) => afterPlay.events.filter((e) => e.toStatus === s).length;
    expect(result.claimed).toBeGreaterThan(50);
    expect(result).toEqual({
      claimed: afterPlay.events.filter((e) => e.kind === 'claim').length,
      contacted: to('CONTACTED'),
      accepted: to('OFFER_ACCEPTED'),
      declined: to('OFFER_DECLINED'),
      unreachable: to('UNREACHABLE'),
      closed: to('CLOSED'),
    });
    // Both paths ran: closed stories (older month) and open ones in progress (newest month).
    expect(result.closed).toBeGreaterThan(0);
    expect(result.accepted).toBeGreaterThan(0);
  });

  it('writes one valid story per worked alert, ending in its status, by its assignee, in the past', async () => {
    const alerts = new Map(
      (
        await pool().query<{ id: string; status: AlertStatus; assigneeId: string | null; demo: boolean }>(
          `SELECT id, status, "assigneeId", demo FROM "Alert"`,
        )
      ).rows.map((a) => [a.id, a]),
    );
    const byAlert = new Map<string, EventRow[]>();
    for (const e of afterPlay.events) byAlert.set(e.alertId, [...(byAlert.get(e.alertId) ?? []), e]);
    for (const [id, evs] of byAlert) {
      const a = alerts.get(id)!;
      expect(a.demo).toBe(true);
      expect(evs[0]).toMatchObject({ kind: 'claim', fromStatus: 'NEW', toStatus: 'CLAIMED' });
      for (let i = 1; i < evs.length; i++) {
        expect(evs[i]!.fromStatus).toBe(evs[i - 1]!.toStatus);
        expect(canTransition(evs[i]!.fromStatus!, evs[i]!.toStatus)).toBe(true);
        expect(evs[i]!.at.getTime()).toBeGreaterThanOrEqual(evs[i - 1]!.at.getTime());
      }
      for (const e of evs) {
        expect(e).toMatchObject({ actorId: a.assigneeId, apiKeyId: null, demo: true });
        expect(e.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
      expect(evs[evs.length - 1]!.toStatus).toBe(a.status);
    }
    // Alerts without events are untouched and still NEW.
    for (const a of alerts.values())
      if (!byAlert.has(a.id)) expect(a).toMatchObject({ status: 'NEW', demo: false });
  });

  it('yields exactly what replaying its events through the services yields', async () => {
    const p = pool();
    const doNotCall = new Set(
      (
        await p.query<{ id: string }>(
          `SELECT a.id FROM "Alert" a JOIN "Client" c ON c.id = a."clientId" WHERE c."doNotCall"`,
        )
      ).rows.map((r) => r.id),
    );
    const roles = new Map(
      (await p.query<{ id: string; name: string }>(`SELECT id, name FROM "User"`)).rows.map((u) => [
        u.id,
        u.name,
      ]),
    );
    const opened = new Map(
      (
        await p.query<{ id: string; openedAt: Date; slaDueAt: Date }>(
          `SELECT id, "openedAt", "slaDueAt" FROM "Alert" WHERE demo`,
        )
      ).rows.map((r) => [r.id, r]),
    );
    // Back to the alerts as they were, then the services, step by step (the pre-batch code path).
    // AlertEvent is append-only (a trigger refuses DELETE): lifted for this test database's reset only.
    await p.query(`ALTER TABLE "AlertEvent" DISABLE TRIGGER USER`);
    await p.query(`DELETE FROM "AlertEvent"`);
    await p.query(`ALTER TABLE "AlertEvent" ENABLE TRIGGER USER`);
    await p.query(`DELETE FROM "Alert"`);
    await p.query(`INSERT INTO "Alert" SELECT * FROM "AlertBefore"`);
    for (const [id, o] of opened) {
      await p.query(`UPDATE "Alert" SET "openedAt" = $2, "slaDueAt" = $3, demo = true WHERE id = $1`, [
        id,
        o.openedAt,
        o.slaDueAt,
      ]);
    }
    for (const e of afterPlay.events) {
      const who = {
        userId: e.actorId!,
        name: roles.get(e.actorId!)!,
        role: 'MANAGER' as const,
        apiKeyId: null,
      };
      if (e.kind === 'claim') await claimAlert(e.alertId, who, { at: e.at, demo: true });
      else {
        await transitionAlert(
          e.alertId,
          who,
          {
            to: e.toStatus,
            note: e.note,
            via: doNotCall.has(e.alertId) ? 'EMAIL' : 'PHONE',
            ...(e.nextContactAt ? { nextContactAt: e.nextContactAt } : {}),
          },
          { at: e.at, demo: true },
        );
      }
    }
    expect(await alertRows()).toEqual(afterPlay.alerts);
    expect(await eventRows()).toEqual(afterPlay.events);
  }, 120_000);

  it('is idempotent: a second play works nothing', async () => {
    const again = await playDemoAlerts(() => undefined, NOW);
    expect(again.claimed).toBe(0);
    expect(await eventRows()).toEqual(afterPlay.events);
  });
});
