// getAlertInsights over a small scored demo book: the 6-month statement series up to the alert's month, oldest
// first, matching MonthlyStatement; reason codes described in words; permission checked inside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { createBatchRun, workRunHere } from '@/lib/scoring/batch';
import { stopBoss } from '@/lib/jobs/queue';
import type { Actor } from '@/lib/auth/session';
import { getAlertInsights } from './alert-detail';

let t: TestDatabase;
let manager: Actor;
let scientist: Actor;
const MONTH = '2026-10';

beforeAll(async () => {
  t = await createTestDatabase();
  const ids = await createRoleUsers();
  const mk = (id: string, role: Actor['role']): Actor =>
    ({ kind: 'user', id, name: role, email: `${role}@t`, role, locale: 'pt-BR' }) as Actor;
  manager = mk(ids.MANAGER, 'MANAGER');
  scientist = mk(ids.DATA_SCIENTIST, 'DATA_SCIENTIST');
  await seedDemoPortfolio(pool(), { clients: 200, months: 9, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  await ensureDefaultPolicy();
  const run = await createBatchRun({ asOfMonth: MONTH, chunkClients: 500, origin: 'test' }, null);
  await workRunHere(run.id, { pollMs: 50 });
}, 120_000);
afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('getAlertInsights', () => {
  it('returns the last 6 months up to the alert month, oldest first, and the reasons in words', async () => {
    const a = await pool().query<{ id: string; clientId: string }>(
      `SELECT id, "clientId"::text AS "clientId" FROM "Alert" ORDER BY "yProba" DESC LIMIT 1`,
    );
    const alert = a.rows[0];
    expect(alert).toBeDefined();
    const ins = (await getAlertInsights(alert!.id, manager, 'pt-BR'))!;
    expect(ins.months).toHaveLength(6);
    expect(ins.months.map((m) => m.month)).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    const raw = await pool().query<{ statementBalance: string; creditLimit: string; amountPaid: string }>(
      `SELECT "statementBalance", "creditLimit", "amountPaid" FROM "MonthlyStatement"
        WHERE "clientId" = $1::bigint AND "referenceMonth" = '2026-10'`,
      [alert!.clientId],
    );
    const last = ins.months[5]!;
    expect(last.statementBalance).toBeCloseTo(Number(raw.rows[0]!.statementBalance), 2);
    expect(last.amountPaid).toBeCloseTo(Number(raw.rows[0]!.amountPaid), 2);
    expect(last.limitUse).toBeCloseTo(
      Number(raw.rows[0]!.statementBalance) / Number(raw.rows[0]!.creditLimit),
      6,
    );
    expect(ins.balance).toBe(last.statementBalance);
    expect(ins.reasons.length).toBeGreaterThan(0);
    expect(ins.reasons[0]!.text.length).toBeGreaterThan(5);
  });

  it('null for an unknown or malformed id; 403 without alerts:view', async () => {
    expect(await getAlertInsights('0b6e4f00-0000-4000-8000-00000000abcd', manager, 'pt-BR')).toBeNull();
    expect(await getAlertInsights('nope', manager, 'pt-BR')).toBeNull();
    await expect(getAlertInsights('nope', scientist, 'pt-BR')).rejects.toMatchObject({ status: 403 });
  });
});
