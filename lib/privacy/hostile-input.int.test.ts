// Hostile input through every free-text field and filter of the API (hostile-text.int.test.ts covers names
// coming in by ingestion and read by the pages): SQL metacharacters, markup, spreadsheet formulas, NUL, lone
// surrogates, bytes that are not UTF-8 and 1 MB strings, in alert notes, experiment names and message bodies,
// policy notes (proposal and rejection), user names, the alert queue's and the clients list's search, the
// decision history filter and the ingestion upload. Each value is stored and read back as the same text, or
// refused with a 400/422 that names the field; never a 500, and PostgreSQL (which refuses \u0000 in text)
// never sees what it cannot store. The decision export neutralises formulas in the client's and model's names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { DEFAULT_POLICY } from '@/lib/policy/policy';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { createBatchRun, workRunHere } from '@/lib/scoring/batch';
import { stopBoss } from '@/lib/jobs/queue';
import { getClients } from '@/lib/data/clients';
import { parseCsv } from '@/lib/ingest/csv';
import * as alerts from '@/app/api/v1/alerts/route';
import * as claim from '@/app/api/v1/alerts/[id]/claim/route';
import * as transition from '@/app/api/v1/alerts/[id]/transition/route';
import * as experiments from '@/app/api/v1/experiments/route';
import * as policies from '@/app/api/v1/policies/route';
import * as policy from '@/app/api/v1/policies/[version]/route';
import * as rejectPolicy from '@/app/api/v1/policies/[version]/reject/route';
import * as users from '@/app/api/v1/users/route';
import * as decisions from '@/app/api/v1/decisions/route';
import * as decisionsExport from '@/app/api/v1/decisions/export/route';
import * as ingest from '@/app/api/v1/ingest/[kind]/route';

const MONTH = '2026-10';

/** Text that must come back exactly as sent. */
const STORED = {
  sql: `'; DROP TABLE "Alert"; -- ' OR '1'='1 $1 \\x00`,
  html: '<script>alert(1)</script><img src=x onerror="alert(2)">',
  formula: '=HYPERLINK("http://evil.example","clique")',
  formula2: '+55 @SUM(1+1) -2',
  unicode: 'Zoë E\u0301rica 👩🏽‍💻 \u202Eabc da Conceição',
  wildcards: '100% _off_ \\ "quoted", comma',
};
/** Text that cannot be stored: refused by field. */
const REFUSED = {
  nul: 'antes\u0000depois',
  loneSurrogate: 'x\uD800y',
  megabyte: 'x'.repeat(1_000_000),
};

let t: TestDatabase;
let ids: Record<Role, string>;
let managerKey: string;

/**
 * A request by an API key (acting for the manager), or with `as` by a signed-in user's session (what the app's
 * pages send: the operations API keys may not do, such as users, policies and campaigns).
 */
function req(
  path: string,
  init: { method?: string; body?: unknown; raw?: Uint8Array; key?: string; as?: Role; type?: string },
) {
  const method = init.method ?? (init.body === undefined && init.raw === undefined ? 'GET' : 'POST');
  if (init.as) signInAs(ids[init.as]);
  return new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: {
      host: 'localhost',
      ...(init.key
        ? { authorization: `Bearer ${init.key}`, 'x-proativa-acting-user': 'manager@test.local' }
        : { origin: 'http://localhost' }),
      ...(method === 'GET' ? {} : { 'content-type': init.type ?? 'application/json' }),
    },
    ...(init.raw !== undefined
      ? { body: init.raw as BodyInit }
      : init.body === undefined
        ? {}
        : { body: JSON.stringify(init.body) }),
  });
}
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });
const none = params({});

/** A clean refusal: 400 or 422 with a JSON error; with `field`, a detail names it. */
async function expectRefused(res: Response, field?: string) {
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  expect([400, 422], JSON.stringify(body).slice(0, 300)).toContain(res.status);
  expect(body.error.code).toMatch(/^(INVALID_INPUT|INVALID_JSON|UNPROCESSABLE)$/);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (field) {
    const paths = Array.isArray(body.error.details)
      ? (body.error.details as { path: string }[]).map((d) => d.path)
      : [];
    expect(paths, JSON.stringify(body.error.details).slice(0, 300)).toContain(field);
  }
}

/** A JSON body with bytes that are not UTF-8 inside a string value. */
function invalidUtf8Body(json: string, marker = 'BAD'): Uint8Array {
  const [a, b] = json.split(marker) as [string, string];
  return Buffer.concat([Buffer.from(a), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(b)]);
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  const p = pool();
  await seedDemoPortfolio(p, { clients: 300, months: 8, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  await ensureDefaultPolicy();
  const run = await createBatchRun({ asOfMonth: MONTH, chunkClients: 500, origin: 'test' }, null);
  await workRunHere(run.id, { pollMs: 50 });
  managerKey = await createApiKeyFor('MANAGER');
}, 240_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('alert notes (POST /alerts/{id}/transition)', () => {
  it('stores each hostile note as sent and refuses NUL, lone surrogates, non-UTF-8 bytes and 1 MB by field', async () => {
    const a = await pool().query<{ id: string }>(
      `SELECT id FROM "Alert" WHERE status = 'NEW' ORDER BY "yProba" DESC LIMIT 1`,
    );
    expect(a.rows).toHaveLength(1);
    const id = a.rows[0]!.id;
    expect(
      (await claim.POST(req(`/alerts/${id}/claim`, { method: 'POST', key: managerKey }), params({ id })))
        .status,
    ).toBe(200);
    // CLAIMED -> UNREACHABLE -> CONTACTED -> UNREACHABLE ...: one step, one note.
    let next: 'UNREACHABLE' | 'CONTACTED' = 'UNREACHABLE';
    const post = (body: unknown) =>
      transition.POST(req(`/alerts/${id}/transition`, { body, key: managerKey }), params({ id }));
    for (const note of Object.values(STORED)) {
      const res = await post({ to: next, note });
      expect(res.status, note).toBe(200);
      next = next === 'UNREACHABLE' ? 'CONTACTED' : 'UNREACHABLE';
    }
    for (const note of Object.values(REFUSED)) await expectRefused(await post({ to: next, note }), 'note');
    const raw = invalidUtf8Body(JSON.stringify({ to: next, note: 'aBADb' }));
    await expectRefused(
      await transition.POST(req(`/alerts/${id}/transition`, { raw, key: managerKey }), params({ id })),
    );
    const notes = await pool().query<{ note: string }>(
      `SELECT note FROM "AlertEvent" WHERE "alertId" = $1 AND note IS NOT NULL ORDER BY id`,
      [id],
    );
    expect(notes.rows.map((r) => r.note)).toEqual(Object.values(STORED));
  });
});

describe('search filters (GET /alerts, the clients list, GET /decisions)', () => {
  it('the alert queue answers hostile q / segment / region with 200 and matches them literally', async () => {
    for (const v of Object.values(STORED)) {
      for (const key of ['q', 'segment', 'region'] as const) {
        const value = key === 'q' ? v.slice(0, 100) : v.slice(0, 40);
        const res = await alerts.GET(
          req(`/alerts?${new URLSearchParams({ [key]: value })}`, { key: managerKey }),
          none,
        );
        expect(res.status, `${key}=${value}`).toBe(200);
        const body = (await res.json()) as { total?: number; alerts?: unknown[] };
        // No alert's client is named like these: a literal match finds nothing (no "OR 1=1", no wildcard).
        expect(body.total ?? body.alerts?.length, `${key}=${value}`).toBe(0);
      }
    }
    // '%' and '_' typed in a search are characters, not LIKE wildcards.
    for (const q of ['%', '_', '%%']) {
      const res = await alerts.GET(req(`/alerts?${new URLSearchParams({ q })}`, { key: managerKey }), none);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { total: number }).total).toBe(0);
    }
  });

  it('the alert queue refuses NUL and 1 MB by field; %FF (not UTF-8) and a lone surrogate arrive as U+FFFD, harmless', async () => {
    for (const key of ['q', 'segment', 'region'] as const) {
      for (const v of [REFUSED.nul, REFUSED.megabyte]) {
        const res = await alerts.GET(
          req(`/alerts?${new URLSearchParams({ [key]: v })}`, { key: managerKey }),
          none,
        );
        await expectRefused(res, key);
      }
      const ff = await alerts.GET(req(`/alerts?${key}=%FF%FE`, { key: managerKey }), none);
      expect(ff.status).toBe(200);
      const nul = await alerts.GET(req(`/alerts?${key}=a%00b`, { key: managerKey }), none);
      await expectRefused(nul, key);
    }
  });

  it('the clients list search never reaches PostgreSQL with what it cannot store, and matches literally', async () => {
    signInAs(ids.MANAGER);
    for (const q of [...Object.values(STORED), '%', '_']) {
      expect((await getClients({ q })).total, q).toBe(0);
    }
    for (const q of [...Object.values(REFUSED), '\uFFFD', 'a\u0000']) {
      const r = await getClients({ q });
      expect(r.total, JSON.stringify(q.slice(0, 20))).toBe(0);
      expect((await getClients({ segment: q })).total).toBe(0);
    }
    // A real client is still found by the start of its id.
    const some = await pool().query<{ externalId: string }>(`SELECT "externalId" FROM "Client" LIMIT 1`);
    const found = await getClients({ q: some.rows[0]!.externalId });
    expect(found.rows.map((r) => r.externalId)).toContain(some.rows[0]!.externalId);
  });

  it('the decision history filter (externalId) answers hostile text cleanly and refuses NUL by field', async () => {
    for (const v of Object.values(STORED)) {
      const res = await decisions.GET(
        req(`/decisions?${new URLSearchParams({ externalId: v.slice(0, 64) })}`, { key: managerKey }),
        none,
      );
      expect([200, 404], v).toContain(res.status);
    }
    // A lone surrogate cannot travel in a URL (URLSearchParams sends U+FFFD): unknown client, a clean 404.
    for (const v of [REFUSED.nul, REFUSED.megabyte]) {
      await expectRefused(
        await decisions.GET(
          req(`/decisions?${new URLSearchParams({ externalId: v })}`, { key: managerKey }),
          none,
        ),
        'externalId',
      );
    }
  });
});

describe('experiments (POST /experiments): names, segments and message bodies', () => {
  const variants = (template: string) => [
    { key: 'A', template },
    { key: 'B', template: 'Olá {primeiroNome}, sua parcela seria {parcela}.' },
  ];

  it('stores hostile names, segments and templates as sent', async () => {
    for (const [i, v] of Object.values(STORED).entries()) {
      const body = {
        name: `${v} #${i}`,
        band: 'MODERATE',
        segment: v.slice(0, 60),
        variants: variants(`${v} {nome}`),
      };
      const res = await experiments.POST(req('/experiments', { body, as: 'ADMIN' }), none);
      expect(res.status, v).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const row = await pool().query<{ name: string; segment: string; templates: string[] }>(
        `SELECT e.name, e.segment, array_agg(v.template ORDER BY v.key) AS templates
           FROM "Experiment" e JOIN "ExperimentVariant" v ON v."experimentId" = e.id WHERE e.id = $1
          GROUP BY e.id`,
        [id],
      );
      expect(row.rows[0]).toEqual({
        name: `${v} #${i}`,
        segment: v.slice(0, 60),
        templates: [`${v} {nome}`, body.variants[1]!.template],
      });
    }
    const list = await experiments.GET(req('/experiments', { as: 'ADMIN' }), none);
    expect(list.status).toBe(200);
    const names = ((await list.json()) as { experiments: { name: string }[] }).experiments.map((e) => e.name);
    for (const [i, v] of Object.values(STORED).entries()) expect(names).toContain(`${v} #${i}`);
  });

  it('refuses NUL, lone surrogates, non-UTF-8 bytes and 1 MB in each field, by field, storing nothing', async () => {
    const before = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "Experiment"`);
    const good = { name: 'ok', band: 'MODERATE', segment: 'MASS', variants: variants('Oi {nome}') };
    for (const v of Object.values(REFUSED)) {
      await expectRefused(
        await experiments.POST(req('/experiments', { body: { ...good, name: v }, as: 'ADMIN' }), none),
        'name',
      );
      await expectRefused(
        await experiments.POST(req('/experiments', { body: { ...good, segment: v }, as: 'ADMIN' }), none),
        'segment',
      );
      await expectRefused(
        await experiments.POST(
          req('/experiments', { body: { ...good, variants: variants(v) }, as: 'ADMIN' }),
          none,
        ),
        'variants.0.template',
      );
    }
    const raw = invalidUtf8Body(JSON.stringify({ ...good, name: 'aBADb' }));
    await expectRefused(await experiments.POST(req('/experiments', { raw, as: 'ADMIN' }), none));
    const after = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "Experiment"`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});

describe('policy notes (POST /policies, POST /policies/{version}/reject)', () => {
  const { version: _v, ...rules } = DEFAULT_POLICY;

  it('stores hostile proposal and rejection notes as sent', async () => {
    for (const [i, note] of Object.values(STORED).entries()) {
      // A proposal must differ from the active version (else 409 policy.unchanged).
      const body = { rules: { ...rules, holdoutShare: 0.1 + 0.01 * i }, note };
      const res = await policies.POST(req('/policies', { body, as: 'DATA_SCIENTIST' }), none);
      expect(res.status, note).toBe(201);
      const version = String(((await res.json()) as { policy: { version: number } }).policy.version);
      const rej = await rejectPolicy.POST(
        req(`/policies/${version}/reject`, { body: { note: `${note} (não)` }, as: 'ADMIN' }),
        params({ version }),
      );
      expect(rej.status, note).toBe(200);
      const got = await policy.GET(req(`/policies/${version}`, { as: 'ADMIN' }), params({ version }));
      const p = ((await got.json()) as { policy: { note: string; rejectionNote: string } }).policy;
      expect(p.note).toBe(note);
      expect(p.rejectionNote).toBe(`${note} (não)`);
    }
  });

  it('refuses NUL, lone surrogates, non-UTF-8 bytes and 1 MB in a note, by field', async () => {
    for (const note of Object.values(REFUSED)) {
      await expectRefused(
        await policies.POST(req('/policies', { body: { rules, note }, as: 'DATA_SCIENTIST' }), none),
        'note',
      );
    }
    const raw = invalidUtf8Body(JSON.stringify({ rules, note: 'aBADb' }));
    await expectRefused(await policies.POST(req('/policies', { raw, as: 'DATA_SCIENTIST' }), none));
    const res = await policies.POST(
      req('/policies', {
        body: { rules: { ...rules, holdoutShare: 0.2 }, note: 'para recusar' },
        as: 'DATA_SCIENTIST',
      }),
      none,
    );
    expect(res.status).toBe(201);
    const version = String(((await res.json()) as { policy: { version: number } }).policy.version);
    for (const note of Object.values(REFUSED)) {
      await expectRefused(
        await rejectPolicy.POST(
          req(`/policies/${version}/reject`, { body: { note }, as: 'ADMIN' }),
          params({ version }),
        ),
        'note',
      );
    }
  });
});

describe('user names (POST /users)', () => {
  it('stores hostile names as sent and refuses what cannot be stored, by field', async () => {
    for (const [i, name] of Object.values(STORED).entries()) {
      const body = {
        name,
        email: `hostile.${i}@test.local`,
        role: 'MANAGER',
        password: 'uma senha bem longa',
      };
      const res = await users.POST(req('/users', { body, as: 'ADMIN' }), none);
      expect(res.status, name).toBe(201);
      expect(((await res.json()) as { user: { name: string } }).user.name).toBe(name);
    }
    const list = await users.GET(req('/users', { as: 'ADMIN' }), none);
    const names = ((await list.json()) as { users: { name: string }[] }).users.map((u) => u.name);
    for (const name of Object.values(STORED)) expect(names).toContain(name);
    for (const [i, name] of Object.values(REFUSED).entries()) {
      const body = {
        name,
        email: `refused.${i}@test.local`,
        role: 'MANAGER',
        password: 'uma senha bem longa',
      };
      await expectRefused(await users.POST(req('/users', { body, as: 'ADMIN' }), none), 'name');
    }
    await expectRefused(
      await users.POST(
        req('/users', {
          body: {
            name: 'Ana',
            email: 'nul\u0000@test.local',
            role: 'MANAGER',
            password: 'uma senha bem longa',
          },
          as: 'ADMIN',
        }),
        none,
      ),
      'email',
    );
  });
});

describe('ingestion upload (POST /ingest/clients) with NUL, non-UTF-8 bytes and a 1 MB cell', () => {
  it('rejects exactly those rows, naming line and field, and stores the others', async () => {
    const header =
      'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name';
    const row = (id: string, name: string) =>
      `${id},MASS,SE,1990-05-01,2020-01-10,true,false,false,false,,,${name}`;
    const body = Buffer.concat([
      Buffer.from(`${header}\n${row('HI-OK-1', '"=HYPERLINK(""x"")"')}\n${row('HI-NUL', 'a\u0000b')}\n`),
      Buffer.from(`${row('HI-BAD', 'a')}`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        `\n${row('HI-BIG', 'x'.repeat(1_000_000))}\n${row('HI-OK-2', '\'; DROP TABLE "Client"; --')}\n`,
      ),
    ]);
    const res = await ingest.POST(
      req('/ingest/clients', { raw: body, as: 'ADMIN', type: 'text/csv' }),
      params({ kind: 'clients' }),
    );
    expect(res.status).toBeLessThan(300);
    const report = JSON.stringify(await res.json());
    const stored = await pool().query<{ externalId: string; name: string }>(
      `SELECT "externalId", name FROM "Client" WHERE "externalId" LIKE 'HI-%' ORDER BY "externalId"`,
    );
    expect(stored.rows).toEqual([
      { externalId: 'HI-OK-1', name: '=HYPERLINK("x")' },
      { externalId: 'HI-OK-2', name: `'; DROP TABLE "Client"; --` },
    ]);
    // Each refused row is reported with its line and the field.
    for (const [line, code] of [
      [3, 'nulCharacter'],
      [4, 'invalidUtf8'],
    ] as const) {
      expect(report).toMatch(
        new RegExp(`"line":${line}[^}]*"field":"name"[^}]*${code}|${code}[^}]*"line":${line}`),
      );
    }
    expect(report).toMatch(/"line":5/);
  });
});

describe('the decision export (GET /decisions/export) with formula-looking names', () => {
  it('neutralises a client id and a model name that start a formula, and keeps their text', async () => {
    const d = await pool().query<{ clientId: string; modelVersionId: string }>(
      `SELECT "clientId", "modelVersionId" FROM "Decision" WHERE "asOfMonth" = $1 LIMIT 1`,
      [MONTH],
    );
    const { clientId, modelVersionId } = d.rows[0]!;
    await pool().query(`UPDATE "Client" SET "externalId" = '@SUM(1+1)' WHERE id = $1`, [clientId]);
    await pool().query(`UPDATE "ModelVersion" SET name = '=cmd|calc' WHERE id = $1`, [modelVersionId]);
    const res = await decisionsExport.GET(
      req(`/decisions/export?asOfMonth=${MONTH}`, { as: 'DATA_SCIENTIST' }),
      none,
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    const cells: string[][] = [];
    let header: string[] = [];
    for await (const b of parseCsv([text])) {
      expect(b.errors).toEqual([]);
      header = b.header;
      cells.push(...b.rows);
    }
    const id = header.indexOf('externalId');
    const model = header.indexOf('modelVersion');
    const mine = cells.find((r) => r[id] === "'@SUM(1+1)");
    expect(mine?.[model]).toMatch(/^'=cmd\|calc v\d+$/);
    for (const r of cells) for (const c of r) expect(c, JSON.stringify(r)).not.toMatch(/^[=+\-@\t\r]/);
  });
});
