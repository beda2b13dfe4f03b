// Property tests of the fs-v1 feature functions over arbitrary histories (missing months, zeros, negatives, huge
// numbers, NaN, malformed months): never a throw, every value finite or NaN (the API's null), and the design's
// invariances: input order does not matter, and nothing after the as-of month is read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, type BureauRecord, type ClientHistory, type StatementRecord } from '@/lib/domain/raw';
import { MAX_AMOUNT } from '@/lib/ingest/kinds';
import { computeFeatures, FEATURE_NAMES, NUM_FEATURES } from './fs-v1';

const AS_OF = '2026-06';

/** Amounts as they may reach the function: ingestion's range, plus the absurd values other callers could pass. */
const wildAmount = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1e8, max: 1e9 }).map((c) => c / 100) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-320, 5e-324, 1e12, -1e12, 1e300, -1e300, NaN) },
  { weight: 1, arbitrary: fc.double() },
);
/** Amounts ingestion accepts (lib/ingest/kinds.ts: |x| <= 1e12; limits and payments >= 0). */
const amount = (min: number) => fc.double({ min, max: MAX_AMOUNT, noNaN: true, noDefaultInfinity: true });

const month = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -10, max: 3 }).map((d) => addMonths(AS_OF, d)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('2026-13', 'abcd-ef', '', '2026', '0000-01', '9999-12', '2026-06-15'),
  },
);

function statementArb(value: (min: number) => fc.Arbitrary<number>) {
  return fc.record({
    clientExternalId: fc.constant('C1'),
    referenceMonth: month,
    creditLimit: value(0),
    statementBalance: value(-MAX_AMOUNT),
    minimumDue: fc.option(value(0)),
    amountPaid: value(0),
    revolvingBalance: fc.option(value(0)),
    monthsPastDue: fc.oneof(fc.integer({ min: 0, max: 36 }), fc.constantFrom(NaN, -1, 1e9)),
    purchases: fc.option(value(0)),
    cashAdvances: fc.option(value(0)),
  }) as fc.Arbitrary<StatementRecord>;
}

function bureauArb(value: (min: number) => fc.Arbitrary<number>) {
  return fc.record({
    clientExternalId: fc.constant('C1'),
    referenceDate: fc.oneof(
      month.map((m) => `${m}-15`),
      fc.constantFrom('2026-06-30', '2026-07-01', 'garbage', ''),
    ),
    totalDebt: value(0),
    overdueDebt: value(0),
    numInstitutions: fc.integer({ min: 0, max: 10_000 }),
    personalLoanDebt: value(0),
  }) as fc.Arbitrary<BureauRecord>;
}

const history = (value: (min: number) => fc.Arbitrary<number>) =>
  fc.record({
    client: fc.constant({
      externalId: 'C1',
      segment: 'MASS',
      birthDate: '1980-01-01',
      relationshipStart: '2015-01-01',
    }),
    statements: fc.array(statementArb(value), { maxLength: 14 }),
    bureau: fc.array(bureauArb(value), { maxLength: 4 }),
  }) as fc.Arbitrary<ClientHistory>;

const same = (a: Float64Array, b: Float64Array) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(Object.is(a[i], b[i]) || a[i] === b[i], FEATURE_NAMES[i]).toBe(true);
  }
};

describe('fs-v1, property-based', () => {
  it('never throws on arbitrary histories, and returns one number per feature', () => {
    fc.assert(
      fc.property(
        history(() => wildAmount),
        (h) => {
          const v = computeFeatures(h, AS_OF);
          expect(v).toHaveLength(NUM_FEATURES);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives finite numbers or NaN (missing) for every history ingestion accepts, never Infinity', () => {
    fc.assert(
      fc.property(history(amount), (h) => {
        const v = computeFeatures(h, AS_OF);
        for (let i = 0; i < v.length; i++) {
          const x = v[i]!;
          expect(Number.isFinite(x) || Number.isNaN(x), `${FEATURE_NAMES[i]} = ${x}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order of the statements and snapshots, duplicate months included', () => {
    // Few distinct values, so that duplicate months tie on some fields and the tie-break is exercised.
    const small = () => fc.constantFrom(0, 100, 250.5, 1000);
    fc.assert(
      fc.property(
        history(small).chain((h) =>
          fc.tuple(
            fc.constant(h),
            fc.shuffledSubarray(h.statements, { minLength: h.statements.length }),
            fc.shuffledSubarray(h.bureau, { minLength: h.bureau.length }),
          ),
        ),
        ([h, statements, bureau]) => {
          // Months past due as ingestion gives them (an integer 0..36).
          const valid = (ss: StatementRecord[]) =>
            ss.map((s) => ({
              ...s,
              monthsPastDue: Number.isInteger(s.monthsPastDue) ? s.monthsPastDue % 37 : 0,
            }));
          same(
            computeFeatures({ ...h, statements: valid(h.statements) }, AS_OF),
            computeFeatures({ ...h, statements: valid(statements), bureau }, AS_OF),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads nothing known after the as-of month (adding later data changes no feature)', () => {
    fc.assert(
      fc.property(
        history(amount),
        fc.array(statementArb(amount), { maxLength: 4 }),
        fc.array(bureauArb(amount), { maxLength: 2 }),
        (h, laterS, laterB) => {
          const later = {
            ...h,
            statements: [
              ...h.statements,
              ...laterS.map((s, i) => ({ ...s, referenceMonth: addMonths(AS_OF, 1 + i) })),
            ],
            bureau: [...h.bureau, ...laterB.map((b, i) => ({ ...b, referenceDate: `2026-07-0${1 + i}` }))],
          };
          same(computeFeatures(h, AS_OF), computeFeatures(later, AS_OF));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('throws a RangeError (never anything else) for an as-of month that is not YYYY-MM', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }).filter((s) => !/^\d{4}-(0[1-9]|1[0-2])$/.test(s)),
        (asOf) => {
          expect(() =>
            computeFeatures(
              {
                client: { externalId: 'C', segment: 'M', birthDate: null, relationshipStart: '2020-01-01' },
                statements: [],
                bureau: [],
              },
              asOf,
            ),
          ).toThrow(RangeError);
        },
      ),
      { numRuns: 200 },
    );
  });
});
