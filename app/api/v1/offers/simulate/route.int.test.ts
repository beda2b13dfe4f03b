import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import type { Role } from '@/lib/auth/roles';
import { db } from '@/lib/db';
import { simulate } from '@/lib/alerts/simulator';
import { DEFAULT_SIMULATOR_RATES } from '@/lib/alerts/simulator';
import * as route from './route';

let t: TestDatabase;
let ids: Record<Role, string>;
const none = { params: Promise.resolve({}) };
const get = (qs: string) => route.GET(new Request(`http://localhost/api/v1/offers/simulate?${qs}`), none);

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(() => t.drop());

describe('GET /api/v1/offers/simulate', () => {
  it('answers both paths with the given rates (the hand-computed 5,000 / 12 case)', async () => {
    signInAs(ids.MANAGER);
    const res = await get(
      'balance=5000&termMonths=12&rotativoMonthlyRate=0.14&cardInstallmentMonthlyRate=0.085&loanMonthlyRate=0.04',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      card: { installment: number; totalPaid: number; totalInterest: number };
      loan: { installment: number; totalPaid: number; cetMonthly: number; cetAnnual: number };
      savings: number;
    };
    expect(body.card.installment).toBeCloseTo(776.07, 2);
    expect(body.loan.installment).toBeCloseTo(532.76, 2);
    expect(body.loan.totalPaid).toBeCloseTo(6497.81, 1);
    expect(body.loan.cetMonthly).toBeGreaterThan(0.04);
    expect(body.savings).toBeCloseTo(body.card.totalPaid - body.loan.totalPaid, 1);
  });

  it('uses the stored setting when a rate is not given', async () => {
    signInAs(ids.ADMIN);
    await db.appSetting.upsert({
      where: { key: 'simulator.rates' },
      create: { key: 'simulator.rates', value: { ...DEFAULT_SIMULATOR_RATES, loanMonthlyRate: 0.03 } },
      update: { value: { ...DEFAULT_SIMULATOR_RATES, loanMonthlyRate: 0.03 } },
    });
    const res = await get('balance=10000&termMonths=24');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { loan: { installment: number } };
    const expected = simulate({
      ...DEFAULT_SIMULATOR_RATES,
      loanMonthlyRate: 0.03,
      balance: 10000,
      termMonths: 24,
    });
    expect(body.loan.installment).toBeCloseTo(expected.loan.installment, 2);
    await db.appSetting.delete({ where: { key: 'simulator.rates' } });
  });

  it.each([
    ['balance=abc&termMonths=12', 'balance'],
    ['termMonths=12', 'balance'],
    ['balance=-5&termMonths=12', 'balance'],
    ['balance=10000001&termMonths=12', 'balance'],
    ['balance=5000&termMonths=0', 'termMonths'],
    ['balance=5000&termMonths=73', 'termMonths'],
    ['balance=5000&termMonths=12&loanMonthlyRate=1.2', 'loanMonthlyRate'],
    ['balance=5000&termMonths=12&rotativoMonthlyRate=-0.1', 'rotativoMonthlyRate'],
  ])('400 for %s naming %s', async (qs, field) => {
    signInAs(ids.MANAGER);
    const res = await get(qs);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(field);
  });

  it('401 signed out, 403 without alerts:view', async () => {
    signInAs(null);
    expect((await get('balance=5000&termMonths=12')).status).toBe(401);
    signInAs(ids.DATA_SCIENTIST);
    expect((await get('balance=5000&termMonths=12')).status).toBe(403);
  });
});
