// Property tests of the savings simulator: savings is the difference of the totals (to the cent, in the API's
// rounded answer too), installment x term covers the principal, nothing is NaN, and invalid input is refused
// by both the pure function and the API's schema.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidField, roundResult, simulate, SIMULATOR_LIMITS, type SimulationInput } from './simulator';
import { simulateQuerySchema } from './simulator-schema';

const rate = (max: number) => fc.double({ min: 0, max, noNaN: true });
const input: fc.Arbitrary<SimulationInput> = fc.record({
  balance: fc.oneof(
    fc.integer({ min: 0, max: SIMULATOR_LIMITS.maxBalance * 100 }).map((c) => c / 100),
    fc.double({ min: 0, max: SIMULATOR_LIMITS.maxBalance, noNaN: true }),
  ),
  termMonths: fc.integer({ min: SIMULATOR_LIMITS.minTerm, max: SIMULATOR_LIMITS.maxTerm }),
  rotativoMonthlyRate: fc.oneof(rate(1), fc.constantFrom(0, 0.145, 1)),
  cardInstallmentMonthlyRate: fc.oneof(rate(1), fc.constantFrom(0, 0.085, 1)),
  loanMonthlyRate: fc.oneof(rate(1), fc.constantFrom(0, 0.045, 1)),
  iofFixedRate: fc.oneof(rate(0.05), fc.constant(0.0038)),
  iofDailyRate: fc.oneof(rate(0.001), fc.constant(0.000082)),
});
const cents = (v: number) => Math.round(v * 100) || 0; // -0 is 0 centavos

describe('savings simulator, property-based', () => {
  it('savings is card total minus loan total, also in the rounded answer, to the cent', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = simulate(i);
        expect(r.savings).toBe(r.card.totalPaid - r.loan.totalPaid);
        const shown = roundResult(r);
        expect(cents(shown.savings)).toBe(cents(shown.card.totalPaid) - cents(shown.loan.totalPaid));
      }),
      { numRuns: 500 },
    );
  });

  it('installment x term covers the principal on both paths; the card never charges more than 100% interest', () => {
    fc.assert(
      fc.property(input, (i) => {
        const { card, loan } = simulate(i);
        const eps = 1e-9 * Math.max(1, i.balance);
        expect(card.installment * i.termMonths).toBeGreaterThanOrEqual(i.balance - eps);
        expect(loan.installment * i.termMonths).toBeGreaterThanOrEqual(i.balance - eps);
        expect(card.totalInterest).toBeLessThanOrEqual(i.balance + eps);
        expect(card.totalInterest).toBeGreaterThanOrEqual(-eps);
        expect(loan.totalPaid).toBeGreaterThanOrEqual(i.balance - eps);
      }),
      { numRuns: 500 },
    );
  });

  it('answers finite numbers only', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = roundResult(simulate(i));
        const all = [...Object.values(r.card), ...Object.values(r.loan), r.savings];
        for (const v of all) expect(Number.isFinite(v), JSON.stringify(r)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses invalid input by field, in the function and in the API schema alike', () => {
    const bad = fc.oneof(
      fc.constantFrom(NaN, Infinity, -Infinity, -1, -0.01, 1e300),
      fc.double().filter((x) => !(x >= 0 && x <= 1)),
    );
    fc.assert(
      fc.property(
        input,
        fc.constantFrom(
          'balance',
          'termMonths',
          'rotativoMonthlyRate',
          'cardInstallmentMonthlyRate',
          'loanMonthlyRate',
        ) satisfies fc.Arbitrary<keyof SimulationInput>,
        bad,
        (i, field, value) => {
          const v =
            field === 'termMonths'
              ? Number.isFinite(value)
                ? value + 0.5
                : value
              : field === 'balance'
                ? value > 0
                  ? SIMULATOR_LIMITS.maxBalance + 1 + value
                  : value
                : value;
          const broken = { ...i, [field]: v };
          expect(invalidField(broken)).toBe(field);
          expect(() => simulate(broken)).toThrow(RangeError);
          const q = Object.fromEntries(
            Object.entries({
              balance: broken.balance,
              termMonths: broken.termMonths,
              rotativoMonthlyRate: broken.rotativoMonthlyRate,
              cardInstallmentMonthlyRate: broken.cardInstallmentMonthlyRate,
              loanMonthlyRate: broken.loanMonthlyRate,
            }).map(([k, x]) => [k, String(x)]),
          );
          const r = simulateQuerySchema.safeParse(q);
          expect(r.success).toBe(false);
          expect(r.error!.issues.map((x) => x.path[0])).toContain(field);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agrees with the API schema on every valid query', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = simulateQuerySchema.safeParse({
          balance: String(i.balance),
          termMonths: String(i.termMonths),
          loanMonthlyRate: String(i.loanMonthlyRate),
        });
        expect(r.success).toBe(true);
        expect(invalidField(i)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
