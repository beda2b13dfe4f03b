import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { db, pool } from '@/lib/db';
import { ensureDefaultPolicy, getActivePolicy } from '@/lib/policy/store';
import { dispatchDue } from './dispatch';
import { logProvider } from './providers/log';
import { whatsappProvider } from './providers/whatsapp';
import { startFakeWhatsApp, type FakeWhatsApp } from './testing/fake-whatsapp';
import { signBody } from './signature';
import { engagementDispatch, engagementProviders } from '@/lib/settings/engagement';
import { GET, POST } from '@/app/api/v1/webhooks/whatsapp/route';

let t: TestDatabase;
let fake: FakeWhatsApp;
const MODEL = '00000000-0000-4000-8000-00000000abcd';
const SECRET = 'app-secret';
// 12:00 local Sao Paulo: outside quiet hours.
const NOON = new Date('2026-12-01T15:00:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeWhatsApp('tok');
  await ensureDefaultPolicy();
  await pool().query(
    `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames", card, parity)
     VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
    [MODEL],
  );
  await db.appSetting.create({
    data: {
      key: engagementProviders.key,
      value: {
        whatsapp: {
          ...engagementProviders.defaults.whatsapp,
          appSecret: SECRET,
          verifyToken: 'vt',
          token: 'tok',
        },
      },
    },
  });
});
afterAll(async () => {
  await fake.close();
  await t.drop();
});

let seq = 0;
/** n clients with one QUEUED offer each on `channel`; returns offer ids. */
async function offers(
  n: number,
  channel: string,
  consent: boolean,
  createdAt = new Date('2026-12-01T12:00:00Z'),
  asOfMonth = '2026-11',
) {
  const p = pool();
  const policy = (await getActivePolicy(pool()))!;
  const ext = Array.from({ length: n }, () => `CLI-${String(++seq).padStart(6, '0')}`);
  const clients = await p.query<{ id: string }>(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name, phone, email,
                           "consentApp", "consentEmail", "consentSms", "consentWhatsapp")
     SELECT x, 'varejo', 'SP', DATE '2020-01-01', 'Ana Souza', '+55 11 9' || right(x, 6) || '00', x || '@t.local',
            $2, $2, $2, $2 FROM unnest($1::text[]) x RETURNING id::text`,
    [ext, consent],
  );
  const run = await p.query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion", "finishedAt")
     VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $3, $1, $2, 'fs-v1', now()) RETURNING id`,
    [MODEL, policy.version, asOfMonth],
  );
  const r = await p.query<{ id: string }>(
    `WITH d AS (
       INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                               features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue")
       SELECT $1, c::bigint, $7, $2, $3, 'fs-v1', ARRAY[]::float8[], 0.3, 'MODERATE', 'DIGITAL_OFFER', $4::"Channel", false, '[]', 0
         FROM unnest($5::text[]) c RETURNING id, "clientId")
     INSERT INTO "Offer" ("clientId", "decisionId", channel, "createdAt") SELECT "clientId", id, $4::"Channel", $6 FROM d
     RETURNING id::text`,
    [run.rows[0]!.id, MODEL, policy.version, channel, clients.rows.map((c) => c.id), createdAt, asOfMonth],
  );
  return r.rows.map((x) => BigInt(x.id));
}

async function offerForClient(clientId: bigint, createdAt: Date): Promise<bigint> {
  const p = pool();
  const policy = (await getActivePolicy(pool()))!;
  const run = await p.query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion", "finishedAt")
     VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', '2026-12', $1, $2, 'fs-v1', now()) RETURNING id`,
    [MODEL, policy.version],
  );
  const r = await p.query<{ id: string }>(
    `WITH d AS (
       INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                               features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue")
       VALUES ($1, $2, '2026-12', $3, $4, 'fs-v1', ARRAY[]::float8[], 0.3, 'MODERATE', 'DIGITAL_OFFER', 'APP', false, '[]', 0)
       RETURNING id, "clientId")
     INSERT INTO "Offer" ("clientId", "decisionId", channel, "createdAt") SELECT "clientId", id, 'APP', $5 FROM d
     RETURNING id::text`,
    [run.rows[0]!.id, clientId.toString(), MODEL, policy.version, createdAt],
  );
  return BigInt(r.rows[0]!.id);
}

async function drain(providers: Parameters<typeof dispatchDue>[0]['providers'], start: Date, maxRounds = 60) {
  let now = start;
  for (let i = 0; i < maxRounds; i++) {
    const s = await dispatchDue({ providers, now });
    const left = await db.offer.count({ where: { status: 'QUEUED' } });
    if (left === 0 && s.claimed === 0) return now;
    now = new Date(now.getTime() + 3_600_000);
    // Stay in daytime: jump to the next day 12:00 local when the clock enters quiet hours.
    const h = (now.getUTCHours() + 21) % 24;
    if (h >= 21 || h < 8)
      now = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 15));
  }
  return now;
}

beforeEach(async () => {
  await db.offer.updateMany({
    where: { status: 'QUEUED' },
    data: { status: 'SKIPPED', reason: 'test-reset' },
  });
});

describe('dispatch rules', () => {
  it('skips without consent, with the reason and an event', async () => {
    const [id] = await offers(1, 'SMS', false);
    await dispatchDue({ providers: { SMS: logProvider }, now: NOON });
    const o = await db.offer.findUniqueOrThrow({ where: { id: id! }, include: { events: true } });
    expect(o.status).toBe('SKIPPED');
    expect(o.reason).toBe('no-consent');
    expect(o.events.map((e) => e.status)).toEqual(['SKIPPED']);
  });

  it('sends with the log provider (delivered) and applies the frequency cap to a newer offer', async () => {
    const [first] = await offers(1, 'APP', true);
    await dispatchDue({ providers: { APP: logProvider }, now: NOON });
    const o1 = await db.offer.findUniqueOrThrow({ where: { id: first! } });
    expect(o1.status).toBe('DELIVERED');
    expect(o1.body).toContain('Ana');
    // A second offer for the same client (a later run), dispatched 10 days later: capped.
    const later = new Date(NOON.getTime() + 10 * 86_400_000);
    const second = await offerForClient(o1.clientId, later);
    await dispatchDue({ providers: { APP: logProvider }, now: later });
    const o2 = await db.offer.findUniqueOrThrow({ where: { id: second } });
    expect(o2.status).toBe('SKIPPED');
    expect(o2.reason).toBe('frequency-cap');
    // 31 days after the first send, a third one goes out.
    const muchLater = new Date(NOON.getTime() + 31 * 86_400_000);
    const third = await offerForClient(o1.clientId, muchLater);
    await dispatchDue({ providers: { APP: logProvider }, now: muchLater });
    expect((await db.offer.findUniqueOrThrow({ where: { id: third } })).status).toBe('DELIVERED');
  });

  it('defers in quiet hours to the next 08:00 local', async () => {
    const [id] = await offers(1, 'APP', true);
    const night = new Date('2026-12-02T01:30:00Z'); // 22:30 local
    const s = await dispatchDue({ providers: { APP: logProvider }, now: night });
    expect(s.deferred).toBe(1);
    const o = await db.offer.findUniqueOrThrow({ where: { id: id! } });
    expect(o.status).toBe('QUEUED');
    expect(o.nextAttemptAt?.toISOString()).toBe('2026-12-02T11:00:00.000Z');
  });
});

describe('offer expiry', () => {
  it('expires offers past their as-of month end + offerExpiryDays, with an event, before any other rule', async () => {
    // 2026-09 ends 2026-10-01; + 35 days = 2026-11-05, long before NOON (2026-12-01): expired, even without
    // consent (expiry comes first). 2026-10 ends 2026-11-01; + 35 days = 2026-12-06: still sendable on NOON.
    const stale = await offers(2, 'APP', true, new Date('2026-11-30T12:00:00Z'), '2026-09');
    const staleNoConsent = await offers(1, 'SMS', false, new Date('2026-11-30T12:00:00Z'), '2026-09');
    const fresh = await offers(1, 'APP', true, new Date('2026-11-30T12:00:00Z'), '2026-10');
    const s = await dispatchDue({ providers: { APP: logProvider, SMS: logProvider }, now: NOON });
    expect(s).toMatchObject({ claimed: 4, expired: 3, sent: 1, skipped: 0 });
    const rows = await db.offer.findMany({
      where: { id: { in: [...stale, ...staleNoConsent, ...fresh] } },
      include: { events: true },
      orderBy: { id: 'asc' },
    });
    const by = new Map(rows.map((o) => [o.id, o]));
    for (const id of [...stale, ...staleNoConsent]) {
      const o = by.get(id)!;
      expect(o.status).toBe('EXPIRED');
      expect(o.reason).toBe('expired');
      expect(o.sentAt).toBeNull();
      expect(o.body).toBeNull();
      expect(o.events).toHaveLength(1);
      expect(o.events[0]).toMatchObject({ status: 'EXPIRED', source: 'dispatch' });
      expect(o.events[0]!.details).toMatchObject({
        reason: 'expired',
        asOfMonth: '2026-09',
        expiresAt: '2026-11-05T00:00:00.000Z',
        days: 35,
      });
    }
    expect(by.get(fresh[0]!)!.status).toBe('DELIVERED');
    // An expired offer is terminal: a second pass claims nothing.
    expect((await dispatchDue({ providers: { APP: logProvider }, now: NOON })).claimed).toBe(0);
  });

  it('follows the engagement.dispatch setting', async () => {
    // With 90 days, a 2026-09 offer (2026-10-01 + 90 = 2026-12-30) is still sent on NOON.
    await db.appSetting.upsert({
      where: { key: engagementDispatch.key },
      create: { key: engagementDispatch.key, value: { offerExpiryDays: 90 } },
      update: { value: { offerExpiryDays: 90 } },
    });
    try {
      const [id] = await offers(1, 'APP', true, new Date('2026-11-30T12:00:00Z'), '2026-09');
      const s = await dispatchDue({ providers: { APP: logProvider }, now: NOON });
      expect(s).toMatchObject({ expired: 0, sent: 1 });
      expect((await db.offer.findUniqueOrThrow({ where: { id: id! } })).status).toBe('DELIVERED');
    } finally {
      await db.appSetting.delete({ where: { key: engagementDispatch.key } });
    }
  });
});

describe('fault test: WhatsApp outage', () => {
  it('after 500s then 429s every message is delivered exactly once', async () => {
    const ids = await offers(12, 'WHATSAPP', true);
    fake.script([
      ...Array.from({ length: 15 }, () => ({ status: 500 as const })),
      ...Array.from({ length: 10 }, () => ({ status: 429 as const, retryAfterSeconds: 120 })),
      { timeoutMs: 300 },
    ]);
    const wa = whatsappProvider({
      baseUrl: fake.baseUrl,
      token: 'tok',
      phoneNumberId: '1',
      templateName: 't',
      languageCode: 'pt_BR',
      timeoutMs: 150,
    });
    await drain({ WHATSAPP: wa }, NOON);
    const rows = await db.offer.findMany({ where: { id: { in: ids } }, include: { events: true } });
    for (const o of rows) {
      expect(o.status).toBe('SENT');
      expect(fake.sends.get(`offer-${o.id}`)).toBe(1);
      expect(o.events.filter((e) => e.status === 'SENT')).toHaveLength(1);
    }
    expect(new Set(rows.map((o) => o.providerMessageId)).size).toBe(12);
  });
});

describe('webhook', () => {
  const post = (body: string, sig: string | null) =>
    POST(
      new Request('http://localhost/api/v1/webhooks/whatsapp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(sig ? { 'x-hub-signature-256': sig } : {}) },
        body,
      }),
    );
  const statusBody = (id: string, status: string, ts: number) =>
    JSON.stringify({
      entry: [{ changes: [{ value: { statuses: [{ id, status, timestamp: String(ts) }] } }] }],
    });

  it('answers the challenge only with the right verify token', async () => {
    const ok = await GET(
      new Request('http://x/api?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=abc'),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('abc');
    const bad = await GET(
      new Request('http://x/api?hub.mode=subscribe&hub.verify_token=no&hub.challenge=abc'),
    );
    expect(bad.status).toBe(403);
  });

  it('rejects bad or missing signatures and applies statuses idempotently, never backwards', async () => {
    const [id] = await offers(1, 'WHATSAPP', true);
    const wa = whatsappProvider({
      baseUrl: fake.baseUrl,
      token: 'tok',
      phoneNumberId: '1',
      templateName: 't',
      languageCode: 'pt_BR',
    });
    await dispatchDue({ providers: { WHATSAPP: wa }, now: NOON });
    const sent = await db.offer.findUniqueOrThrow({ where: { id: id! } });
    const mid = sent.providerMessageId!;
    const read = statusBody(mid, 'read', 1_764_600_000);
    expect((await post(read, null)).status).toBe(401);
    expect((await post(read, signBody(read, 'wrong'))).status).toBe(401);
    expect((await db.offer.findUniqueOrThrow({ where: { id: id! } })).status).toBe('SENT');
    expect((await post(read, signBody(read, SECRET))).status).toBe(200);
    expect((await post(read, signBody(read, SECRET))).status).toBe(200); // retried callback
    const delivered = statusBody(mid, 'delivered', 1_764_599_000);
    await post(delivered, signBody(delivered, SECRET));
    const o = await db.offer.findUniqueOrThrow({ where: { id: id! }, include: { events: true } });
    expect(o.status).toBe('READ');
    expect(o.events.filter((e) => e.status === 'READ')).toHaveLength(1);
    expect(o.readAt).not.toBeNull();
  });

  it('an opt-out reply withdraws WhatsApp consent and marks the offer OPTED_OUT', async () => {
    const [id] = await offers(1, 'WHATSAPP', true);
    const wa = whatsappProvider({
      baseUrl: fake.baseUrl,
      token: 'tok',
      phoneNumberId: '1',
      templateName: 't',
      languageCode: 'pt_BR',
    });
    await dispatchDue({ providers: { WHATSAPP: wa }, now: NOON });
    const o = await db.offer.findUniqueOrThrow({ where: { id: id! }, include: { client: true } });
    const from = o.client.phone!.replace(/\D/g, '');
    const body = JSON.stringify({
      entry: [
        {
          changes: [
            { value: { messages: [{ id: `in-${id}`, from, type: 'text', text: { body: 'Párar' } }] } },
          ],
        },
      ],
    });
    expect((await post(body, signBody(body, SECRET))).status).toBe(200);
    const after = await db.offer.findUniqueOrThrow({ where: { id: id! }, include: { client: true } });
    expect(after.status).toBe('OPTED_OUT');
    expect(after.client.consentWhatsapp).toBe(false);
    expect(await db.auditLog.count({ where: { action: 'client.consent.withdraw' } })).toBeGreaterThan(0);
  });
});

describe('experiments', () => {
  const actor = {
    kind: 'user' as const,
    id: '00000000-0000-4000-8000-000000000001',
    name: 'DS',
    email: null,
    role: 'DATA_SCIENTIST' as const,
    locale: 'pt-BR',
  };
  it('assigns variants at dispatch, refuses a second RUNNING one, records conversions and results', async () => {
    const { createExperiment, startExperiment, experimentResults, acceptOffer, stopExperiment } =
      await import('./experiments');
    const variants = [
      { key: 'A', template: 'Olá {primeiroNome}, variante A.', weight: 1 },
      { key: 'B', template: '{primeiroNome}: variante B.', weight: 1 },
    ];
    await expect(
      createExperiment(
        { name: 'x', band: 'MODERATE', variants: [{ key: 'A', template: '{cpf}' }, variants[1]!] },
        { ...actor, kind: 'apiKey' },
      ),
    ).rejects.toThrow();
    const id = await createExperiment(
      { name: 'Tom', band: 'MODERATE', variants, start: true },
      { ...actor, kind: 'apiKey' },
    );
    const other = await createExperiment(
      { name: 'Outro', band: 'MODERATE', variants },
      { ...actor, kind: 'apiKey' },
    );
    await expect(startExperiment(other, { ...actor, kind: 'apiKey' })).rejects.toMatchObject({ status: 409 });
    const ids = await offers(20, 'APP', true);
    await dispatchDue({ providers: { APP: logProvider }, now: NOON });
    const rows = await db.offer.findMany({ where: { id: { in: ids } } });
    for (const o of rows) {
      expect(o.experimentId).toBe(id);
      expect(o.body).toContain(`variante ${o.variantKey}`);
    }
    expect(await acceptOffer(ids[0]!)).toBe('accepted');
    expect(await acceptOffer(ids[0]!)).toBe('already');
    const r = await experimentResults(id);
    expect(r.variants.reduce((s, v) => s + v.sends, 0)).toBe(20);
    expect(r.variants.reduce((s, v) => s + v.conversions, 0)).toBe(1);
    await stopExperiment(id, { ...actor, kind: 'apiKey' });
    expect((await experimentResults(id)).status).toBe('STOPPED');
  });
});
