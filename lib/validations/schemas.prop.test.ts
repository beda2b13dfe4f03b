// Property tests of every zod schema in lib/validations (and the API body schemas kept next to their domain):
// arbitrary JSON never makes safeParse throw, a failure is always a ZodError whose field errors translate, and
// valid generated bodies of each /api/v1 write parse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { simulateQuerySchema, simulatorRatesSchema } from '@/lib/alerts/simulator-schema';
import { ALERT_STATUSES } from '@/lib/alerts/status-flow';
import { ROLES } from '@/lib/auth/roles';
import { TEMPLATE_FIELDS } from '@/lib/engagement/templates';
import { trainingRequestSchema } from '@/lib/jobs/training-request';
import { DIGITAL_CHANNELS, decisionPolicySchema } from '@/lib/policy/policy';
import { transitionBody, alertQueueQuery } from './alerts';
import { scoreRequestSchema } from './decisions';
import { createExperimentInput } from './engagement';
import { featuresRequestSchema } from './features';
import { fieldErrorsOf } from './issues';
import { acknowledgeFiringInput, startMonitoringRunSchema } from './monitoring';
import { policyProposalSchema, rejectPolicyBody } from './policy';
import { startRunSchema } from './scoring';
import { createUserSchema } from './users';

const modules = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./*.test.ts'], { eager: true });

/** Every exported schema, by "file:name", plus the body schemas that live in their domain modules. */
const SCHEMAS: [string, z.ZodType][] = [
  ...Object.entries(modules).flatMap(([file, mod]) =>
    Object.entries(mod)
      .filter((e): e is [string, z.ZodType] => e[1] instanceof z.ZodType)
      .map(([name, s]) => [`${file.slice(2, -3)}:${name}`, s] as [string, z.ZodType]),
  ),
  ['simulator:simulateQuerySchema', simulateQuerySchema],
  ['simulator:simulatorRatesSchema', simulatorRatesSchema],
  ['jobs:trainingRequestSchema', trainingRequestSchema],
  ['policy:decisionPolicySchema', decisionPolicySchema],
];

const HOSTILE = [
  '\'; DROP TABLE "Client"; --',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil","x")',
  '+1',
  '-1',
  '@SUM(1)',
  'a\u0000b',
  '\uD800',
  '\uFFFD',
  '\u202E',
  '__proto__',
  'constructor',
  'x'.repeat(3_000),
  '1e400',
  'NaN',
  '-0',
  '',
  ' ',
];
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 40 }));
const anyJson = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    hostileString,
    fc.double(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.string({ maxLength: 8 })), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** Objects with a schema's own keys (so the checks behind them run), holding arbitrary values. */
function keyed(schema: z.ZodType): fc.Arbitrary<unknown> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape || typeof shape !== 'object') return anyJson;
  const keys = Object.keys(shape);
  return fc.record(Object.fromEntries(keys.map((k) => [k, anyJson])), { requiredKeys: [] });
}

/**
 * safeParse answers, parse throws nothing but a ZodError; with `locale`, the field errors the API answers with are
 * translated too (the slow part: one message format per issue, so only some runs do it).
 */
function expectCleanFailure(schema: z.ZodType, input: unknown, locale?: 'pt-BR' | 'en') {
  const r = schema.safeParse(input);
  if (!r.success) {
    expect(r.error).toBeInstanceOf(ZodError);
    if (locale) {
      for (const msgs of Object.values(fieldErrorsOf(r.error, locale))) {
        for (const m of msgs) expect(typeof m).toBe('string');
      }
    }
  }
  try {
    schema.parse(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ZodError);
  }
}

describe('every validation schema, property-based', () => {
  it('finds the schemas (a sanity check of the glob)', () => {
    const names = SCHEMAS.map(([n]) => n);
    expect(names.length).toBeGreaterThan(60);
    expect(names).toContain('alerts:transitionBody');
    expect(names).toContain('users:createUserSchema');
  });

  it('translates field errors whose path is an Object.prototype name (found by this test: was a TypeError)', () => {
    // Counterexample: messageParamsSchema.safeParse({ valueOf: false }) -> fieldErrorsOf threw
    // "out[path].push is not a function", which a route handler answers with 500.
    const records = z.record(z.string(), z.number());
    const input = JSON.parse('{"valueOf": false, "constructor": "x", "__proto__": [], "toString": null}');
    const r = records.safeParse(input);
    expect(r.success).toBe(false);
    const fields = fieldErrorsOf(r.error!, 'en');
    expect(Object.keys(fields).sort()).toEqual(['constructor', 'toString', 'valueOf']);
    // zod drops a '__proto__' key itself; a hand-made issue on that path must still be an own, plain field.
    const proto = fieldErrorsOf(
      new ZodError([{ code: 'custom', path: ['__proto__'], message: 'invalid', input: 1 }]),
      'en',
    );
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    for (const f of [fields, proto]) {
      for (const k of Object.keys(f)) expect(Object.getOwnPropertyDescriptor(f, k)?.value).toHaveLength(1);
    }
  });

  it('arbitrary JSON fails with a ZodError or parses, never throws, in every schema', () => {
    fc.assert(
      fc.property(anyJson, (input) => {
        for (const [, schema] of SCHEMAS) expectCleanFailure(schema, input);
      }),
      { numRuns: 40 },
    );
  });

  it("objects with a schema's own keys and arbitrary values fail cleanly or parse", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: SCHEMAS.length - 1 })
          .chain((i) => keyed(SCHEMAS[i]![1]).map((v) => [i, v] as const)),
        fc.constantFrom('pt-BR' as const, 'en' as const),
        ([i, input], locale) => expectCleanFailure(SCHEMAS[i]![1], input, locale),
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Valid bodies of the API writes

const ym = fc
  .tuple(fc.integer({ min: 1990, max: 2199 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
const uuidArb = fc.uuid();
/** Free text a person types: any well-formed text without C0 controls but tab and newline. */
const freeText = (max: number) =>
  fc
    .string({ unit: 'grapheme', maxLength: Math.min(max, 200) })
    .map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ''))
    .filter((s) => s.length <= max);
const threshold = fc.double({ min: 0.001, max: 0.999, noNaN: true });
const policyRules = fc
  .record({
    a: threshold,
    b: threshold,
    channels: fc.shuffledSubarray([...DIGITAL_CHANNELS], { minLength: 1 }),
    holdoutShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    holdoutSalt: fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/),
    performanceWindowMonths: fc.integer({ min: 1, max: 12 }),
  })
  .filter((r) => r.a !== r.b)
  .map((r) => ({
    thresholds: { moderate: Math.min(r.a, r.b), critical: Math.max(r.a, r.b) },
    bands: {
      CRITICAL: { action: 'MANAGER_CALL', channel: 'PHONE' },
      MODERATE: { action: 'DIGITAL_OFFER', channelPreference: r.channels },
      LOW: { action: 'NONE', channel: 'NONE' },
    },
    holdoutShare: r.holdoutShare === 0 ? 0 : r.holdoutShare,
    holdoutSalt: r.holdoutSalt,
    performanceWindowMonths: r.performanceWindowMonths,
  }));
const note = freeText(2000).filter((s) => s.trim().length > 0);
const template = fc
  .array(
    fc.oneof(
      freeText(30).map((s) => s.replace(/[{}]/g, '')),
      fc.constantFrom(...TEMPLATE_FIELDS).map((f) => `{${f}}`),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''))
  .filter((t) => t.trim().length > 0 && t.length <= 1000);
const windowArb = fc.tuple(ym, ym).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

const VALID: [string, z.ZodType, fc.Arbitrary<unknown>][] = [
  [
    'POST /users',
    createUserSchema,
    fc.record({
      name: freeText(120).filter((s) => [...s.trim()].length >= 2),
      // zod's e-mail rule is stricter than RFC 5322 (no quoted local parts, no leading '!'): what people type.
      email: fc.stringMatching(
        /^[a-z0-9_+-]{1,20}(\.[a-z0-9_'+-]{0,9}[a-z0-9_+-])?@[a-z0-9]{1,10}\.[a-z]{2,6}$/,
      ),
      role: fc.constantFrom(...ROLES),
      password: fc.string({ minLength: 10, maxLength: 200 }),
    }),
  ],
  [
    'POST /alerts/{id}/transition',
    transitionBody,
    fc.record(
      {
        to: fc.constantFrom(...ALERT_STATUSES),
        note: freeText(2000),
        nextContactAt: fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        via: fc.constantFrom('PHONE', 'EMAIL', 'IN_PERSON', ''),
      },
      { requiredKeys: ['to'] },
    ),
  ],
  ['POST /policies', policyProposalSchema, fc.record({ rules: policyRules, note })],
  ['POST /policies/{v}/reject', rejectPolicyBody, fc.record({ note })],
  [
    'POST /experiments',
    createExperimentInput,
    fc.record(
      {
        name: freeText(120).filter((s) => s.trim().length > 0),
        band: fc.constantFrom('LOW', 'MODERATE', 'CRITICAL'),
        segment: fc.option(freeText(60)),
        variants: fc.uniqueArray(
          fc.record({
            key: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
            template,
            weight: fc.integer({ min: 1, max: 100 }),
          }),
          { minLength: 2, maxLength: 6, selector: (v) => v.key },
        ),
        start: fc.boolean(),
      },
      { requiredKeys: ['name', 'band', 'variants'] },
    ),
  ],
  [
    'POST /scoring/runs',
    startRunSchema,
    fc.record(
      { asOfMonth: ym, chunkClients: fc.integer({ min: 100, max: 200_000 }) },
      { requiredKeys: ['asOfMonth'] },
    ),
  ],
  [
    'POST /monitoring/runs',
    startMonitoringRunSchema,
    fc.record(
      { kind: fc.constantFrom('daily', 'weekly', 'monthly', 'manual'), modelVersionId: uuidArb },
      { requiredKeys: [] },
    ),
  ],
  [
    'POST /monitoring/firings/{id}/acknowledge',
    acknowledgeFiringInput,
    fc.record(
      { id: fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }).map(String), note: freeText(500) },
      { requiredKeys: ['id'] },
    ),
  ],
  [
    'POST /features',
    featuresRequestSchema,
    fc.record(
      {
        asOfMonth: ym,
        clientExternalId: freeText(64).filter((s) => s.length > 0),
        statements: fc.array(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })), {
          maxLength: 5,
        }),
        bureau: fc.array(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })), {
          maxLength: 3,
        }),
      },
      { requiredKeys: ['asOfMonth', 'statements'] },
    ),
  ],
  [
    'POST /score',
    scoreRequestSchema,
    fc.oneof(
      fc.record(
        { externalId: freeText(64).filter((s) => s.trim().length > 0), store: fc.boolean() },
        { requiredKeys: ['externalId'] },
      ),
      fc.record({
        history: fc.record({
          asOfMonth: ym,
          clientExternalId: freeText(64).filter((s) => s.trim().length > 0),
          statements: fc.array(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })), {
            maxLength: 5,
          }),
        }),
        store: fc.boolean(),
      }),
    ),
  ],
  [
    'POST /training',
    trainingRequestSchema,
    fc
      .tuple(windowArb, fc.integer({ min: 2, max: 1024 }), fc.double({ min: 0.001, max: 1, noNaN: true }))
      .map(([trainWindow, num_leaves, learning_rate]) => ({
        trainWindow,
        params: { num_leaves, learning_rate },
      })),
  ],
  [
    'GET /offers/simulate',
    simulateQuerySchema,
    fc
      .record({
        balance: fc.double({ min: 0, max: 10_000_000, noNaN: true }),
        termMonths: fc.integer({ min: 1, max: 72 }),
        loanMonthlyRate: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      // A query string carries text.
      .map((q) => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)]))),
  ],
  [
    'GET /alerts',
    alertQueueQuery,
    fc.record(
      {
        status: fc.subarray([...ALERT_STATUSES]).map((s) => s.join(',')),
        scope: fc.constantFrom('all', 'mine', 'pool'),
        segment: freeText(40),
        region: freeText(40),
        q: freeText(100),
        page: fc.integer({ min: 1, max: 1_000_000 }).map(String),
      },
      { requiredKeys: [] },
    ),
  ],
];

describe('valid API bodies, property-based', () => {
  it.each(VALID)('%s: every valid body parses', (_name, schema, arb) => {
    fc.assert(
      fc.property(arb, (body) => {
        const r = schema.safeParse(body);
        expect(r.success, r.success ? '' : JSON.stringify(r.error.issues).slice(0, 500)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
