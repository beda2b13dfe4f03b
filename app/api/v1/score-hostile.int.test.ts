// POST /api/v1/score under hostile input, as property tests: whatever the body (any JSON value, a valid
// history with one field replaced by anything, a body that is not JSON at all), the answer is a JSON
// error that names what is wrong (400, 404 or 422) or a decision (200); never a 500, and nothing is
// written unless a decision is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { registerDefaultModel } from '@/lib/models/default-model';
import { clientHistoryFromDb } from '@/lib/features/store';
import { resetRealtimeCaches } from '@/lib/scoring/realtime';
import * as score from '@/app/api/v1/score/route';
import * as decisions from '@/app/api/v1/decisions/route';
import * as exportRoute from '@/app/api/v1/decisions/export/route';

let t: TestDatabase;
let key: string;
let clients: string[];
let base: { asOfMonth: string; statements: Record<string, unknown>[]; bureau: Record<string, unknown>[] };
const none = { params: Promise.resolve({}) };

function post(body: string, query = '') {
  return score.POST(
    new Request(`http://localhost/api/v1/score${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    }),
    none,
  );
}

const rows = async () =>
  (
    await pool().query<{ d: number; a: number; o: number }>(
      `SELECT (SELECT count(*) FROM "Decision")::int AS d, (SELECT count(*) FROM "Alert")::int AS a,
              (SELECT count(*) FROM "Offer")::int AS o`,
    )
  ).rows[0]!;

/** The answer's contract, whatever the request: a decision, or an error naming what is wrong. */
async function expectContract(res: Response, label: string) {
  const text = await res.text();
  expect([200, 400, 404, 422], `${label} -> ${res.status} ${text.slice(0, 300)}`).toContain(res.status);
  const body = JSON.parse(text);
  if (res.status === 200) {
    expect(body.yProba).toBeGreaterThanOrEqual(0);
    expect(body.yProba).toBeLessThanOrEqual(1);
    expect(['LOW', 'MODERATE', 'CRITICAL']).toContain(body.band);
  } else {
    expect(typeof body.error?.code, label).toBe('string');
    expect(body.error.message.length, label).toBeGreaterThan(0);
    if (res.status === 422) {
      expect(Array.isArray(body.error.details), label).toBe(true);
      expect(typeof body.error.details[0].path, label).toBe('string');
    }
  }
  return { status: res.status as number, body };
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    ' ',
    '2026-13',
    '2026-00',
    '0000-01',
    '9999-12',
    '1e309',
    'NaN',
    '-0',
    '\u0000',
    '<script>alert(1)</script>',
    '\'; DROP TABLE "Decision"; --',
    'ç'.repeat(70),
    'x'.repeat(10_000),
  ),
  fc.constantFrom(-1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 63, 0.5, -0.0001),
);

beforeAll(async () => {
  t = await createTestDatabase();
  await createRoleUsers();
  key = await createApiKeyFor('DATA_SCIENTIST', { scopes: ['score', 'read'], rateLimitPerMinute: 1_000_000 });
  await seedDemoPortfolio(pool(), { clients: 20, months: 6, today: new Date('2026-11-26T12:00:00Z') });
  await registerDefaultModel(null);
  await ensureDefaultPolicy();
  clients = (
    await pool().query<{ e: string }>(`SELECT "externalId" AS e FROM "Client" ORDER BY id`)
  ).rows.map((r) => r.e);
  const h = (await clientHistoryFromDb(pool(), clients[0]!))!;
  base = {
    asOfMonth: h.statements
      .map((s) => s.referenceMonth)
      .sort()
      .at(-1)!,
    statements: h.statements.map(({ clientExternalId: _c, ...s }) => s),
    bureau: h.bureau.map(({ clientExternalId: _c, ...b }) => b),
  };
  resetRealtimeCaches();
}, 240_000);
afterAll(() => t.drop());

describe('POST /api/v1/score under hostile input', () => {
  it('answers any JSON value with the contract and writes nothing unless it decides', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (v) => {
        const before = await rows();
        const { status } = await expectContract(
          await post(JSON.stringify(v)),
          JSON.stringify(v).slice(0, 200),
        );
        if (status !== 200) expect(await rows()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('answers a body that is not JSON with 400 and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (s) => {
        let ok = true;
        try {
          JSON.parse(s);
        } catch {
          ok = false;
        }
        fc.pre(!ok);
        const before = await rows();
        const { status, body } = await expectContract(await post(s), JSON.stringify(s));
        expect(status).toBe(400);
        expect(body.error.code).toBe('INVALID_JSON');
        expect(await rows()).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('names the field when one field of a valid history is replaced by anything', async () => {
    const top = ['asOfMonth', 'clientExternalId', 'statements', 'bureau'];
    const fieldsOf = (xs: Record<string, unknown>[]) => [...new Set(xs.flatMap((x) => Object.keys(x)))];
    const stFields = fieldsOf(base.statements);
    const buFields = fieldsOf(base.bureau);
    const where = fc.oneof(
      fc.record({ kind: fc.constant('top' as const), field: fc.constantFrom(...top) }),
      fc.record({
        kind: fc.constant('statements' as const),
        i: fc.nat(base.statements.length - 1),
        field: fc.constantFrom(...stFields, 'unknownField'),
      }),
      fc.record({
        kind: fc.constant('bureau' as const),
        i: fc.nat(Math.max(0, base.bureau.length - 1)),
        field: fc.constantFrom(...(buFields.length ? buFields : ['referenceMonth']), 'unknownField'),
      }),
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(where, hostile, fc.boolean(), async (w, value, explain) => {
        const history: Record<string, unknown> = structuredClone(base);
        if (w.kind === 'top') history[w.field] = value;
        else {
          const list = history[w.kind] as Record<string, unknown>[];
          if (!list.length) return;
          list[w.i] = { ...list[w.i], [w.field]: value };
        }
        const before = await rows();
        const label = `${JSON.stringify(w)} = ${JSON.stringify(value)?.slice(0, 120)}`;
        const { status, body } = await expectContract(
          await post(JSON.stringify({ history }), explain ? '?explain=full' : ''),
          label,
        );
        seen.set(status, (seen.get(status) ?? 0) + 1);
        // A history is a what-if: never stored without store: true.
        expect(await rows(), label).toEqual(before);
        if (status === 422) {
          const path = body.error.details[0].path as string;
          expect(path.startsWith('history'), `${label}: ${path}`).toBe(true);
          expect(body.error.message, label).toContain(path);
        }
        if (status === 200 && explain) {
          const sum = Object.values(body.contributions as Record<string, number>).reduce((a, b) => a + b, 0);
          const logit = Math.log(body.yProba / (1 - body.yProba));
          expect(Math.abs(body.baseValue + sum - logit), label).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 250 },
    );
    // Both outcomes were exercised: some replacements are still valid input (a decision), most are not.
    expect(seen.get(200) ?? 0).toBeGreaterThan(10);
    expect(seen.get(422) ?? 0).toBeGreaterThan(10);
  });

  // A query string that does not validate is a 400 naming the parameter (the handlers' rule for queries).
  it('answers hostile query strings of the decision history and the export with 200, 400 naming it, or 404', async () => {
    const get = (mod: { GET: typeof decisions.GET }, path: string, params: Record<string, string>) =>
      mod.GET(
        new Request(`http://localhost${path}?${new URLSearchParams(params)}`, {
          headers: { authorization: `Bearer ${key}` },
        }),
        none,
      );
    const param = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('', '2026-13', '2026-1', '0', '-1', '1e9', 'NaN', '99999999999999999999', clients[0]!),
    );
    await fc.assert(
      fc.asyncProperty(param, param, param, async (externalId, page, pageSize) => {
        const res = await get(decisions, '/api/v1/decisions', { externalId, page, pageSize });
        expect([200, 400, 404], `${externalId} ${page} ${pageSize} -> ${res.status}`).toContain(res.status);
        const body = await res.json();
        if (res.status === 400)
          expect(['externalId', 'page', 'pageSize']).toContain(body.error.details[0].path);
        else if (res.status === 404) expect(body.error.details.field).toBe('externalId');
        else expect(Array.isArray(body.decisions)).toBe(true);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(param, async (asOfMonth) => {
        const res = await get(exportRoute, '/api/v1/decisions/export', { asOfMonth });
        expect([200, 400], `${asOfMonth} -> ${res.status}`).toContain(res.status);
        if (res.status === 200) {
          const text = await res.text();
          expect(text.split('\n')[0]).toContain('externalId');
        } else {
          expect((await res.json()).error.details[0].path).toBe('asOfMonth');
        }
      }),
      { numRuns: 100 },
    );
  });
});
