import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { getClientDetail, getClients } from '@/lib/data/clients';
import type { Role } from '@/lib/auth/roles';

let t: TestDatabase;
let ids: Record<Role, string>;
beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await seedDemoPortfolio(pool(), { clients: 60, months: 6, today: new Date('2026-11-26T12:00:00Z') });
});
afterAll(() => t.drop());

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
    const detail = await getClientDetail(named.externalId);
    expect(detail?.client.name).toContain('•');
    expect(detail?.statements.length).toBeGreaterThan(0);
    expect(detail?.features?.length).toBe(14);
  });

  it('executives and admins may not read clients', async () => {
    for (const role of ['EXECUTIVE', 'ADMIN'] as Role[]) {
      signInAs(ids[role]);
      await expect(getClients({})).rejects.toMatchObject({ status: 403 });
      await expect(getClientDetail('SIM-0000001')).rejects.toMatchObject({ status: 403 });
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
  });
});
