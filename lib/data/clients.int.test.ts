import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { getClient, getClientFeatures, getClientHistory, getClients } from '@/lib/data/clients';
import type { Role } from '@/lib/auth/roles';

let t: TestDatabase;
let ids: Record<Role, string>;
beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await seedDemoPortfolio(pool(), { clients: 60, months: 6, today: new Date('2026-11-26T12:00:00Z') });
});
afterAll(() => t.drop());

/** The largest number of pool queries in flight at once while `fn` runs (1 means one after another). */
async function peakConcurrentQueries(fn: () => Promise<unknown>): Promise<number> {
  const p = pool();
  const original = p.query.bind(p) as (...args: unknown[]) => Promise<unknown>;
  let inFlight = 0;
  let peak = 0;
  const spy = vi.spyOn(p, 'query').mockImplementation(((...args: unknown[]) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    return original(...args).finally(() => inFlight--);
  }) as typeof p.query);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return peak;
}

describe('client pages data', () => {
  it('managers see personal data; data scientists see it masked and cannot search by name', async () => {
    signInAs(ids.MANAGER);
    const m = await getClients({});
    expect(m.total).toBe(60);
    const named = m.rows.find((r) => r.name)!;
    expect(named.name).not.toContain('•');
    expect((await getClients({ q: named.name!.split(' ')[0] })).total).toBeGreaterThan(0);

    signInAs(ids.DATA_SCIENTIST);
    const d = await getClients({});
    const same = d.rows.find((r) => r.externalId === named.externalId)!;
    expect(same.name).toContain('•');
    expect(same.email ?? '').not.toBe(named.email);
    expect((await getClients({ q: named.name!.split(' ')[0] })).total).toBe(0);
    const header = await getClient(named.externalId);
    expect(header?.client.name).toContain('•');
    expect(header?.canSeePersonalData).toBe(false);
    const history = await getClientHistory(named.externalId);
    expect(history.statements.length).toBe(6);
    expect(history.statements[0]!.referenceMonth > history.statements[5]!.referenceMonth).toBe(true);
    const features = await getClientFeatures(named.externalId);
    expect(features?.values.length).toBe(14);
    // Computed as of the latest statement month.
    expect(features?.asOfMonth).toBe(history.statements[0]!.referenceMonth);
  });

  it('an unknown client has no header, no history and no features (the page answers 404)', async () => {
    signInAs(ids.MANAGER);
    expect(await getClient('NAO-EXISTE')).toBeNull();
    expect(await getClientHistory('NAO-EXISTE')).toEqual({ statements: [], bureau: [], outcomes: [] });
    expect(await getClientFeatures('NAO-EXISTE')).toBeNull();
  });

  it('executives may not read clients (admins may: they answer data-subject requests)', async () => {
    signInAs(ids.ADMIN);
    expect((await getClients({})).total).toBeGreaterThan(0);
    for (const role of ['EXECUTIVE'] as Role[]) {
      signInAs(ids[role]);
      await expect(getClients({})).rejects.toMatchObject({ status: 403 });
      await expect(getClient('SIM-0000001')).rejects.toMatchObject({ status: 403 });
      await expect(getClientHistory('SIM-0000001')).rejects.toMatchObject({ status: 403 });
      await expect(getClientFeatures('SIM-0000001')).rejects.toMatchObject({ status: 403 });
    }
  });

  it('paginates and filters by segment', async () => {
    signInAs(ids.MANAGER);
    const all = await getClients({ page: 1 });
    expect(all.pages).toBe(2);
    expect((await getClients({ page: 2 })).rows.length).toBe(10);
    const seg = all.segments[0]!;
    const filtered = await getClients({ segment: seg });
    expect(filtered.rows.every((r) => r.segment === seg)).toBe(true);
    expect(filtered.total).toBe(
      all.rows.concat((await getClients({ page: 2 })).rows).filter((r) => r.segment === seg).length,
    );
  });

  it('runs the independent reads of a page together, not one after another', async () => {
    signInAs(ids.MANAGER);
    const someone = (await getClients({})).rows[0]!.externalId;
    // The list: count, page of rows and the segment filter's options.
    expect(await peakConcurrentQueries(() => getClients({ q: 'SIM' }))).toBeGreaterThanOrEqual(3);
    // The client's history: statements, bureau snapshots and outcomes.
    expect(await peakConcurrentQueries(() => getClientHistory(someone))).toBeGreaterThanOrEqual(3);
  });
});
