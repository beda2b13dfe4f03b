import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIMULATOR_RATES,
  invalidField,
  loanIof,
  monthlyIrr,
  priceInstallment,
  simulate,
  simulateCard,
  simulateLoan,
} from './simulator';

const base = {
  balance: 5000,
  termMonths: 12,
  rotativoMonthlyRate: 0.14,
  cardInstallmentMonthlyRate: 0.085,
  loanMonthlyRate: 0.04,
  iofFixedRate: 0.0038,
  iofDailyRate: 0.000082,
};

describe('simulator, hand-computed cases', () => {
  it('card: 5,000 one month at 14% then 12x at 8.5%', () => {
    // Rotativo: 5,000 * 0.14 = 700 -> 5,700 enters the plan.
    // 1.085^12 = 2.661686; PMT = 5,700 * 0.085 / (1 - 1/2.661686) = 484.5 / 0.624298 = 776.07.
    // Total paid 12 * 776.07 = 9,312.86; interest 4,312.86 < 5,000 (cap not reached).
    const card = simulateCard(5000, 12, 0.14, 0.085);
    expect(card.installment).toBeCloseTo(776.07, 2);
    expect(card.totalPaid).toBeCloseTo(9312.86, 1);
    expect(card.totalInterest).toBeCloseTo(4312.86, 1);
    expect(card.capped).toBe(false);
  });

  it('card: the 100% cap (Lei 14.690/2023) binds at 15% + 24x at 9%', () => {
    // 5,750 at 9% over 24: PMT = 5,750*0.09/(1-1.09^-24) = 593.21; 24 * 593.21 = 14,217 -> interest 9,217 > 5,000.
    // Capped: interest 5,000, total 10,000, installment 10,000 / 24 = 416.67.
    const card = simulateCard(5000, 24, 0.15, 0.09);
    expect(card.capped).toBe(true);
    expect(card.totalInterest).toBe(5000);
    expect(card.totalPaid).toBe(10000);
    expect(card.installment).toBeCloseTo(416.67, 2);
  });

  it('loan: 5,000 at 4% over 12 with IOF', () => {
    // 1.04^12 = 1.601032; PMT = 200 / (1 - 1/1.601032) = 200 / 0.375404 = 532.76.
    // IOF fixed 5,000 * 0.38% = 19.00; daily: sum(amort_k * min(30k,365)) = 1,044,847.77 -> * 0.000082 = 85.68;
    // IOF = 104.68. Total paid 12 * 532.76 + 104.68 = 6,497.81.
    const loan = simulateLoan(5000, 12, 0.04, 0.0038, 0.000082);
    expect(loan.installment).toBeCloseTo(532.76, 2);
    expect(loan.iof).toBeCloseTo(104.68, 2);
    expect(loan.totalPaid).toBeCloseTo(6497.81, 1);
    expect(loan.cetMonthly).toBeGreaterThan(0.04);
    expect(loan.cetAnnual).toBeCloseTo(Math.pow(1 + loan.cetMonthly, 12) - 1, 10);
  });

  it('savings = card total - loan total (9,312.86 - 6,497.81 = 2,815.05)', () => {
    const r = simulate(base);
    expect(r.savings).toBeCloseTo(2815.05, 0);
    expect(r.savings).toBeCloseTo(r.card.totalPaid - r.loan.totalPaid, 8);
  });

  it('IOF caps the days at 365 (a 24-month loan is charged at most 365 days per amortization)', () => {
    const pmt = priceInstallment(1000, 0, 24);
    expect(pmt).toBeCloseTo(41.6667, 3);
    // rate 0: each amortization 41.67; days 30..360 for k=1..12, then 365 for k=13..24.
    const days = [...Array(24).keys()].reduce((s, i) => s + Math.min(30 * (i + 1), 365), 0);
    expect(loanIof(1000, 0, 24, 0, 0.000082)).toBeCloseTo((1000 / 24) * days * 0.000082, 8);
  });

  it('IRR of a zero-rate, zero-IOF loan is 0; of a plain Price loan is its rate', () => {
    expect(monthlyIrr(1200, 100, 12)).toBeCloseTo(0, 8);
    expect(monthlyIrr(5000, priceInstallment(5000, 0.04, 12), 12)).toBeCloseTo(0.04, 8);
  });
});

describe('simulator invariants', () => {
  const cases = [];
  for (const balance of [100, 5000, 80000]) {
    for (const termMonths of [1, 6, 12, 36, 72]) {
      for (const loanMonthlyRate of [0, 0.03, 0.06])
        cases.push({ ...base, balance, termMonths, loanMonthlyRate });
    }
  }
  it.each(cases)('holds for %o', (input) => {
    const r = simulate(input);
    expect(r.savings).toBeCloseTo(r.card.totalPaid - r.loan.totalPaid, 6);
    expect(r.loan.installment * input.termMonths).toBeGreaterThanOrEqual(input.balance - 1e-6);
    expect(r.card.totalInterest).toBeLessThanOrEqual(input.balance + 1e-9);
    expect(r.loan.cetMonthly).toBeGreaterThanOrEqual(input.loanMonthlyRate);
  });

  it('rejects absurd input naming the field', () => {
    expect(invalidField({ ...base, balance: -1 })).toBe('balance');
    expect(invalidField({ ...base, balance: 10_000_001 })).toBe('balance');
    expect(invalidField({ ...base, termMonths: 0 })).toBe('termMonths');
    expect(invalidField({ ...base, termMonths: 73 })).toBe('termMonths');
    expect(invalidField({ ...base, loanMonthlyRate: 1.5 })).toBe('loanMonthlyRate');
    expect(invalidField(base)).toBeNull();
    expect(() => simulate({ ...base, termMonths: 2.5 })).toThrow(RangeError);
  });

  it('defaults are in the documented ranges', () => {
    expect(DEFAULT_SIMULATOR_RATES.rotativoMonthlyRate).toBeGreaterThanOrEqual(0.14);
    expect(DEFAULT_SIMULATOR_RATES.loanMonthlyRate).toBeLessThanOrEqual(0.06);
  });
});
