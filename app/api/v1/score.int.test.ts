// Real-time scoring and the API-key rules around it, against a real database, the default model and policy:
// 503 before a champion exists; a stored client scored once into the day's REALTIME run (and answered the same
// decision again without a second row); exact explanations; a raw history scored without being stored, or
// stored against an existing client; 400/404/422 naming what is wrong; scopes, the rate limit with
// Retry-After, revocation within the key cache's TTL, lastUsedAt not written per request; a client's
// decision history over the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { configureApiKeyCache } from '@/lib/auth/api-keys';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { clientHistoryFromDb } from '@/lib/features/store';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { resetRealtimeCaches, runDay } from '@/lib/scoring/realtime';
import { closeRealtimeRuns } from '@/lib/scoring/realtime-close';
import * as score from '@/app/api/v1/score/route';
import * as decisions from '@/app/api/v1/decisions/route';
import { createApiKey } from '@/lib/actions/create-api-key';
import { getClientDecisionHistory } from '@/lib/data/decisions';

let t: TestDatabase;
let ids: Record<Role, string>;
let key: string;
let clients: string[];
const none = { params: Promise.resolve({}) };

function req(path: string, init: RequestInit & { key?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return new Request(`http://localhost${path}`, { method: init.method, headers, body });
}

const post = (json: unknown, opts: { key?: string; query?: string; headers?: HeadersInit } = {}) =>
  score.POST(
    req(`/api/v1/score${opts.query ?? ''}`, {
      method: 'POST',
      json,
      key: opts.key ?? key,
      headers: opts.headers,
    }),
    none,
  );

async function realtimeDecisions(externalId: string) {
  const r = await pool().query<{ id: string; day: string; kind: string }>(
    `SELECT d.id::text AS id, r.day, r.kind::text AS kind FROM "Decision" d
       JOIN "ScoringRun" r ON r.id = d."runId" JOIN "Client" c ON c.id = d."clientId"
      WHERE c."externalId" = $1 AND r.kind = 'REALTIME'`,
    [externalId],
  );
  return r.rows;
}

const decisionCount = async () =>
  (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "Decision"`)).rows[0]!.n;

/** The client's stored history as the request body's history (ingestion field names, no client id). */
async function historyOf(externalId: string) {
  const h = (await clientHistoryFromDb(pool(), externalId))!;
  const asOfMonth = h.statements
    .map((s) => s.referenceMonth)
    .sort()
    .at(-1)!;
  return {
    asOfMonth,
    statements: h.statements.map(({ clientExternalId: _c, ...s }) => s),
    bureau: h.bureau.map(({ clientExternalId: _c, ...b }) => b),
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  key = await createApiKeyFor('DATA_SCIENTIST', { scopes: ['score', 'read'] });
  await seedDemoPortfolio(pool(), { clients: 60, months: 8, today: new Date('2026-11-26T12:00:00Z') });
  await ensureDefaultPolicy();
  clients = (
    await pool().query<{ e: string }>(`SELECT "externalId" AS e FROM "Client" ORDER BY id`)
  ).rows.map((r) => r.e);
  resetRealtimeCaches();
}, 240_000);
afterAll(() => t.drop());

describe('POST /api/v1/score without a champion', () => {
  it('answers 503 with a clear message and stores nothing', async () => {
    const res = await post({ externalId: clients[0] });
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.error.code).toBe('UNAVAILABLE');
    expect(body.error.message).toMatch(/Nenhum modelo campeão/);
    expect(await decisionCount()).toBe(0);
  });
});

describe('POST /api/v1/score', () => {
  beforeAll(async () => {
    const r = await registerDefaultModel(null);
    if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
    resetRealtimeCaches();
  }, 240_000);

  it('scores a stored client from its latest snapshot into exactly one decision of the day’s REALTIME run', async () => {
    const ext = clients[0]!;
    const res = await post({ externalId: ext });
    expect(res.status).toBe(200);
    const d = await res.json();
    const latest = await pool().query<{ m: string }>(
      `SELECT max(f."asOfMonth") AS m FROM "FeatureSnapshot" f JOIN "Client" c ON c.id = f."clientId"
        WHERE c."externalId" = $1`,
      [ext],
    );
    expect(d).toMatchObject({
      replayed: false,
      externalId: ext,
      asOfMonth: latest.rows[0]!.m,
      featureSource: 'store',
      modelVersion: expect.stringMatching(/ v1$/),
      policyVersion: 1,
      featureSetVersion: 'fs-v1',
    });
    expect(d.decisionId).toMatch(/^\d+$/);
    expect(d.yProba).toBeGreaterThan(0);
    expect(d.yProba).toBeLessThan(1);
    expect(['LOW', 'MODERATE', 'CRITICAL']).toContain(d.band);
    expect(d.contributions).toBeUndefined();
    // Reason codes: up to three features that push the risk up, each with its business-language sentence.
    expect(d.reasonCodes.length).toBeGreaterThan(0);
    expect(d.reasonCodes.length).toBeLessThanOrEqual(3);
    for (const r of d.reasonCodes) {
      expect(FEATURE_NAMES).toContain(r.feature);
      expect(r.contribution).toBeGreaterThan(0);
      expect(r.text).toBe(`${r.label}: ${r.formattedValue}`);
      expect(r.label).not.toBe(r.feature);
    }
    const rows = await realtimeDecisions(ext);
    expect(rows).toEqual([{ id: d.decisionId, day: runDay(), kind: 'REALTIME' }]);
    const stored = await pool().query(
      `SELECT "yProba", band::text AS band, "reasonCodes" FROM "Decision" WHERE id = $1`,
      [d.decisionId],
    );
    expect(stored.rows[0]).toEqual({
      yProba: d.yProba,
      band: d.band,
      reasonCodes: d.reasonCodes.map(
        (r: { feature: string; contribution: number; value: number | null }) => ({
          feature: r.feature,
          contribution: r.contribution,
          value: r.value,
        }),
      ),
    });
    const run = await pool().query(
      `SELECT decisions, status::text AS status FROM "ScoringRun" WHERE kind = 'REALTIME' AND day = $1`,
      [runDay()],
    );
    expect(run.rows).toEqual([{ decisions: 1, status: 'RUNNING' }]);

    // The day's run stays open while the day lasts; the daily schedule closes past days' runs only.
    expect(await closeRealtimeRuns(runDay())).toEqual([]);
    const tomorrow = new Date(Date.now() + 86_400_000);
    const closed = await closeRealtimeRuns(runDay(tomorrow));
    expect(closed).toHaveLength(1);
    const after = await pool().query<{ status: string; summary: { clients: number; counts: object } }>(
      `SELECT status::text AS status, summary FROM "ScoringRun" WHERE id = $1`,
      [closed[0]],
    );
    expect(after.rows[0]!.status).toBe('SUCCEEDED');
    expect(after.rows[0]!.summary.clients).toBe(1);
    expect(await closeRealtimeRuns(runDay(tomorrow))).toEqual([]);
    // Reopened for the rest of this test file: requests today still write to it.
    await pool().query(`UPDATE "ScoringRun" SET status = 'RUNNING', "finishedAt" = NULL WHERE id = $1`, [
      closed[0],
    ]);

    // The same request again: the same decision, from the ledger, and still one row.
    const again = await (await post({ externalId: ext })).json();
    expect(again).toMatchObject({ decisionId: d.decisionId, replayed: true, yProba: d.yProba, band: d.band });
    expect(await realtimeDecisions(ext)).toHaveLength(1);
  });

  it('writes concurrent requests once each: distinct clients get their own decision, one client gets one', async () => {
    const fresh = clients.slice(20, 52);
    const before = await decisionCount();
    const run0 = await pool().query<{ decisions: number }>(
      `SELECT decisions FROM "ScoringRun" WHERE kind = 'REALTIME' AND day = $1`,
      [runDay()],
    );
    const answers = await Promise.all(fresh.map(async (ext) => (await post({ externalId: ext })).json()));
    expect(new Set(answers.map((a) => a.decisionId)).size).toBe(fresh.length);
    expect(answers.every((a) => a.replayed === false)).toBe(true);
    expect(await decisionCount()).toBe(before + fresh.length);
    const run1 = await pool().query<{ decisions: number }>(
      `SELECT decisions FROM "ScoringRun" WHERE kind = 'REALTIME' AND day = $1`,
      [runDay()],
    );
    expect(run1.rows[0]!.decisions).toBe(run0.rows[0]!.decisions + fresh.length);

    const same = await Promise.all(
      Array.from({ length: 8 }, async () => (await post({ externalId: clients[55] })).json()),
    );
    expect(new Set(same.map((a) => a.decisionId)).size).toBe(1);
    expect(same.filter((a) => a.replayed === false)).toHaveLength(1);
    expect(await realtimeDecisions(clients[55]!)).toHaveLength(1);
  });

  it('opens an alert for every manager call and queues an offer for every digital offer it decided', async () => {
    const r = await pool().query<{ action: string; n: number; alerts: number; offers: number }>(
      `SELECT d.action::text AS action, count(*)::int AS n,
              count(a.id)::int AS alerts, count(o.id)::int AS offers
         FROM "Decision" d JOIN "ScoringRun" r ON r.id = d."runId"
         LEFT JOIN "Alert" a ON a."decisionId" = d.id LEFT JOIN "Offer" o ON o."decisionId" = d.id
        WHERE r.kind = 'REALTIME' GROUP BY 1`,
    );
    const by = Object.fromEntries(r.rows.map((x) => [x.action, x]));
    expect((by.MANAGER_CALL?.n ?? 0) + (by.DIGITAL_OFFER?.n ?? 0)).toBeGreaterThan(0);
    expect(by.MANAGER_CALL?.alerts ?? 0).toBe(by.MANAGER_CALL?.n ?? 0);
    expect(by.DIGITAL_OFFER?.offers ?? 0).toBe(by.DIGITAL_OFFER?.n ?? 0);
    expect((by.NONE?.alerts ?? 0) + (by.NONE?.offers ?? 0)).toBe(0);
    const run = await pool().query(
      `SELECT "alertsOpened" + "alertsRefreshed" AS alerts, "offersQueued" AS offers FROM "ScoringRun"
        WHERE kind = 'REALTIME' AND day = $1`,
      [runDay()],
    );
    expect(run.rows[0]).toEqual({ alerts: by.MANAGER_CALL?.n ?? 0, offers: by.DIGITAL_OFFER?.n ?? 0 });
  });

  it('gives a CRITICAL client on the do-not-call list the digital offer instead of the call', async () => {
    // Clients not decided today yet (the ledger holds one real-time decision per client per day), put on the
    // do-not-call list with e-mail allowed (so that a digital channel exists), then scored until one is CRITICAL outside the holdout.
    const fresh = (
      await pool().query<{ ext: string }>(
        `SELECT c."externalId" AS ext FROM "Client" c
          WHERE c."externalId" = ANY($1::text[])
            AND NOT EXISTS (SELECT 1 FROM "Decision" d JOIN "ScoringRun" r ON r.id = d."runId"
                             WHERE d."clientId" = c.id AND r.kind = 'REALTIME' AND r.day = $2)
          ORDER BY c.id`,
        [clients, runDay()],
      )
    ).rows.map((r) => r.ext);
    await pool().query(
      `UPDATE "Client" SET "doNotCall" = true, "consentEmail" = true WHERE "externalId" = ANY($1::text[])`,
      [fresh],
    );
    try {
      let critical: { decisionId: string; action: string; channel: string } | null = null;
      for (const ext of fresh) {
        const res = await post({ externalId: ext });
        expect(res.status).toBe(200);
        const d = await res.json();
        expect(d.action).not.toBe('MANAGER_CALL');
        if (d.band === 'CRITICAL' && !d.holdout) {
          critical = d;
          break;
        }
      }
      expect(critical, 'a CRITICAL client outside the holdout in the demo book').not.toBeNull();
      expect(critical!.action).toBe('DIGITAL_OFFER');
      expect(['APP', 'EMAIL', 'SMS', 'WHATSAPP']).toContain(critical!.channel);
      const q = await pool().query(
        `SELECT (SELECT count(*) FROM "Offer" WHERE "decisionId" = $1)::int AS offers,
                (SELECT count(*) FROM "Alert" WHERE "decisionId" = $1)::int AS alerts`,
        [critical!.decisionId],
      );
      expect(q.rows[0]).toEqual({ offers: 1, alerts: 0 });
    } finally {
      await pool().query(`UPDATE "Client" SET "doNotCall" = false WHERE "externalId" = ANY($1::text[])`, [
        fresh,
      ]);
    }
  });

  it('reasons in English when the request asks for it', async () => {
    const d = await (await post({ externalId: clients[0] }, { headers: { 'accept-language': 'en' } })).json();
    expect(d.reasonCodes[0].text).toMatch(/^[A-Z][a-z].*: /);
    expect(d.reasonCodes[0].text).not.toMatch(/ção|í/);
  });

  it('explains every feature exactly with explain=full: baseValue + contributions = logit(yProba)', async () => {
    for (const ext of clients.slice(1, 6)) {
      const res = await post({ externalId: ext }, { query: '?explain=full' });
      expect(res.status).toBe(200);
      const d = await res.json();
      expect(Object.keys(d.contributions).sort()).toEqual([...FEATURE_NAMES].sort());
      const sum = Object.values(d.contributions as Record<string, number>).reduce(
        (s, x) => s + x,
        d.baseValue,
      );
      expect(Math.abs(sum - Math.log(d.yProba / (1 - d.yProba)))).toBeLessThan(1e-6);
      // The reasons are the largest positive contributions.
      const top = Object.entries(d.contributions as Record<string, number>)
        .filter(([, c]) => c > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([f]) => f);
      expect(d.reasonCodes.map((r: { feature: string }) => r.feature)).toEqual(top);
    }
  });

  it('scores a raw history without storing it (decisionId null), matching the stored client’s score', async () => {
    const ext = clients[0]!;
    const fromDb = await (await post({ externalId: ext })).json();
    const history = await historyOf(ext);
    const before = await decisionCount();
    const res = await post({ history: { ...history, asOfMonth: fromDb.asOfMonth } });
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d).toMatchObject({
      decisionId: null,
      replayed: false,
      externalId: null,
      featureSource: 'request',
    });
    // Same history, same month, same model: the same probability as the feature-store path.
    expect(d.yProba).toBe(fromDb.yProba);
    // Nobody to hold out, and no consent known: a what-if gets no control-group draw and no channel.
    expect(d.holdout).toBe(false);
    expect(await decisionCount()).toBe(before);
  });

  it('stores a raw history’s decision against an existing client with store: true, and 404s an unknown one', async () => {
    const ext = clients[7]!;
    const history = await historyOf(ext);
    const res = await post({ history: { ...history, clientExternalId: ext }, store: true });
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d.decisionId).toMatch(/^\d+$/);
    expect(await realtimeDecisions(ext)).toEqual([{ id: d.decisionId, day: runDay(), kind: 'REALTIME' }]);

    const before = await decisionCount();
    const unknown = await post({ history: { ...history, clientExternalId: 'NOPE-1' }, store: true });
    expect(unknown.status).toBe(404);
    const body = await unknown.json();
    expect(body.error).toMatchObject({ code: 'NOT_FOUND', details: { field: 'history.clientExternalId' } });
    expect(body.error.message).toContain('NOPE-1');
    expect(await decisionCount()).toBe(before);
  });

  it('answers 404 for an unknown client, 400 for malformed JSON, 422 naming the field', async () => {
    const unknown = await post({ externalId: 'NO-SUCH-CLIENT' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Cliente desconhecido: NO-SUCH-CLIENT.',
      details: { field: 'externalId' },
    });

    const malformed = await score.POST(
      req('/api/v1/score', { method: 'POST', body: '{"externalId": ', key }),
      none,
    );
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('INVALID_JSON');

    const history = await historyOf(clients[0]!);
    history.statements[1] = { ...history.statements[1]!, creditLimit: 'muito' as unknown as number };
    const bad = await post({ history });
    expect(bad.status).toBe(422);
    const b = await bad.json();
    expect(b.error.code).toBe('UNPROCESSABLE');
    expect(b.error.details[0].path).toBe('history.statements[1].creditLimit');
    expect(b.error.message).toContain('history.statements[1].creditLimit');

    const both = await post({ externalId: clients[0], history });
    expect(both.status).toBe(422);
    expect((await both.json()).error.details[0].path).toBe('externalId');

    const month = await post({ history: { ...history, asOfMonth: '2026-13' } });
    expect((await month.json()).error.details[0].path).toBe('history.asOfMonth');

    const extra = await post({ externalId: clients[0], explain: 'full' });
    expect(extra.status).toBe(422);
    expect((await extra.json()).error.message).toMatch(/explain/);

    const query = await post({ externalId: clients[0] }, { query: '?explain=yes' });
    expect(query.status).toBe(422);
    expect((await query.json()).error.details[0].path).toBe('explain');
  });
});

describe('API-key scopes, rate limit and revocation', () => {
  it('refuses /score to a key without the score scope, and lets a read key see decisions', async () => {
    const readOnly = await createApiKeyFor('DATA_SCIENTIST', { scopes: ['read'] });
    const res = await post({ externalId: clients[0] }, { key: readOnly });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe(
      'Esta chave de API não tem o escopo score. Crie uma chave com esse escopo em Configurações.',
    );
    const list = await decisions.GET(
      req(`/api/v1/decisions?externalId=${encodeURIComponent(clients[0]!)}`, { key: readOnly }),
      none,
    );
    expect(list.status).toBe(200);
    // The role still decides: an executive's key with every scope cannot score.
    const exec = await createApiKeyFor('EXECUTIVE');
    expect((await post({ externalId: clients[0] }, { key: exec })).status).toBe(403);
  });

  it('keeps keys away from administration whatever their scopes; an admin’s read key may list users', async () => {
    const users = await import('@/app/api/v1/users/route');
    const admin = await createApiKeyFor('ADMIN');
    const body = JSON.stringify({
      name: 'By Key',
      email: 'bykey@test.local',
      role: 'ADMIN',
      password: 'long-enough-password',
    });
    const res = await users.POST(req('/api/v1/users', { method: 'POST', body, key: admin }), none);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/não está disponível para chaves de API/);
    expect(await db.user.count({ where: { email: 'bykey@test.local' } })).toBe(0);
    expect((await users.GET(req('/api/v1/users', { key: admin }), none)).status).toBe(200);
    const noRead = await createApiKeyFor('ADMIN', { scopes: ['score'] });
    expect((await users.GET(req('/api/v1/users', { key: noRead }), none)).status).toBe(403);
  });

  it('creates keys from the Configurações form with the scopes and limit it sends, naming bad fields', async () => {
    signInAs(ids.ADMIN);
    const form = new FormData();
    form.set('name', 'app móvel');
    form.set('role', 'DATA_SCIENTIST');
    form.set('scopes', 'score,read');
    form.set('rateLimitPerMinute', '1200');
    const r = await createApiKey(null, form);
    expect(r.ok).toBe(true);
    const prefix = /^pk_([0-9a-f]{12})_/.exec(r.data!.secret)![1]!;
    expect(await db.apiKey.findUniqueOrThrow({ where: { prefix } })).toMatchObject({
      name: 'app móvel',
      scopes: ['score', 'read'],
      rateLimitPerMinute: 1200,
    });
    expect((await post({ externalId: clients[0] }, { key: r.data!.secret })).status).toBe(200);

    const bad = new FormData();
    bad.set('name', 'sem escopo');
    bad.set('role', 'DATA_SCIENTIST');
    bad.set('scopes', '');
    bad.set('rateLimitPerMinute', '0');
    const refused = await createApiKey(null, bad);
    expect(refused.ok).toBe(false);
    expect(refused.fieldErrors).toEqual({
      scopes: ['Escolha pelo menos um escopo.'],
      rateLimitPerMinute: ['Informe um número inteiro de 1 a 1.000.000 requisições por minuto.'],
    });
    signInAs(null);
  });

  it('answers 429 with Retry-After once a key is over its rate limit', async () => {
    const slow = await createApiKeyFor('DATA_SCIENTIST', { scopes: ['score'], rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++)
      expect((await post({ externalId: clients[0] }, { key: slow })).status).toBe(200);
    const res = await post({ externalId: clients[0] }, { key: slow });
    expect(res.status).toBe(429);
    // 3 per minute: a token every 20 s (less what the three requests took).
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(19);
    expect(wait).toBeLessThanOrEqual(20);
    const body = await res.json();
    expect(body.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { limitPerMinute: 3, retryAfterSeconds: wait },
    });
    expect(body.error.message).toMatch(/limite de 3 requisições por minuto/);
    // Another key is not affected.
    expect((await post({ externalId: clients[0] })).status).toBe(200);
  });

  it('stops a revoked key within the cache TTL, without writing lastUsedAt on every request', async () => {
    configureApiKeyCache({ ttlMs: 300 });
    try {
      const k = await createApiKeyFor('DATA_SCIENTIST', { scopes: ['score'] });
      const prefix = k.split('_')[1]!;
      expect((await post({ externalId: clients[0] }, { key: k })).status).toBe(200);
      // lastUsedAt is written in the background, once a minute at most.
      let first: Date | null = null;
      for (let i = 0; i < 50 && !first; i++) {
        first = (await db.apiKey.findUniqueOrThrow({ where: { prefix } })).lastUsedAt;
        if (!first) await new Promise((r) => setTimeout(r, 20));
      }
      expect(first).toBeInstanceOf(Date);
      expect((await post({ externalId: clients[0] }, { key: k })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      expect((await db.apiKey.findUniqueOrThrow({ where: { prefix } })).lastUsedAt).toEqual(first);

      // Revoked elsewhere (another process, the command line): refused once the cached entry expires.
      await db.apiKey.update({ where: { prefix }, data: { revokedAt: new Date() } });
      await new Promise((r) => setTimeout(r, 350));
      const res = await post({ externalId: clients[0] }, { key: k });
      expect(res.status).toBe(401);
    } finally {
      configureApiKeyCache();
    }
  });
});

describe('GET /api/v1/decisions?externalId=', () => {
  it('lists a client’s decisions newest first with reasons in business language, paginated', async () => {
    const ext = clients[0]!;
    const res = await decisions.GET(
      req(`/api/v1/decisions?externalId=${encodeURIComponent(ext)}&pageSize=1`, { key }),
      none,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ externalId: ext, total: 1, page: 1, pageSize: 1, pages: 1 });
    expect(body.decisions).toHaveLength(1);
    const [d] = body.decisions;
    expect(d).toMatchObject({
      runKind: 'REALTIME',
      policyVersion: 1,
      modelVersion: expect.stringMatching(/ v1$/),
    });
    expect(d.reasonCodes[0].text).toContain(': ');

    const missing = await decisions.GET(req('/api/v1/decisions?externalId=NOPE', { key }), none);
    expect(missing.status).toBe(404);
    const bad = await decisions.GET(req(`/api/v1/decisions?externalId=${ext}&page=0`, { key }), none);
    expect(bad.status).toBe(400);
  });

  it('feeds the client page’s history for roles that see decisions', async () => {
    signInAs(ids.MANAGER);
    const r = await getClientDecisionHistory(clients[0]!);
    expect(r.allowed && r.history?.decisions[0]).toMatchObject({
      runKind: 'REALTIME',
      band: expect.any(String),
    });
    signInAs(null);
  });

  it('is for roles with decisions:view (session or key)', async () => {
    signInAs(ids.MANAGER);
    expect((await decisions.GET(req(`/api/v1/decisions?externalId=${clients[0]}`), none)).status).toBe(200);
    signInAs(ids.EXECUTIVE);
    expect((await decisions.GET(req(`/api/v1/decisions?externalId=${clients[0]}`), none)).status).toBe(403);
    signInAs(null);
    expect((await decisions.GET(req(`/api/v1/decisions?externalId=${clients[0]}`), none)).status).toBe(401);
  });
});
