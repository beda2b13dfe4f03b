// Fault: the WhatsApp provider failing for a while. Injected (lib/faults/flaky-whatsapp.ts): the first 30
// requests fail (500s, one 429 with Retry-After 2 h, and timeouts where the provider accepted the message but
// answered after the client's 600 ms timeout), 2 recipients always get a 400 (permanent), 2 always get a 500
// (the provider never recovers for them). Two dispatchers work the outbox at once, and the clock (injectable
// `now`) jumps to the next due retry each round. Counted: every other offer SENT exactly once (one message
// created per idempotency key, unique providerMessageId, one SENT event), attempts per offer == requests the
// provider saw for it, each retry exactly at its backoff (none earlier), the permanent ones FAILED after one
// attempt and the never-recovering ones after MAX_ATTEMPTS, each with its lastError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { ensureDefaultPolicy, getActivePolicy } from '@/lib/policy/store';
import { dispatchDue, MAX_ATTEMPTS } from '@/lib/engagement/dispatch';
import { backoffMs } from '@/lib/engagement/providers/types';
import { whatsappProvider } from '@/lib/engagement/providers/whatsapp';
import { startFlakyWhatsApp, type FlakyWhatsApp } from './flaky-whatsapp';

const N = 40;
const MODEL = '00000000-0000-4000-8000-00000000fa17';
const NOON = new Date('2026-12-01T15:00:00Z'); // 12:00 in Sao Paulo: outside quiet hours
const RETRY_AFTER_S = 7200;
const phone = (i: number) => `55119${String(10_000_000 + i)}`;
const PERMANENT = new Set([phone(3), phone(17)]);
const ALWAYS_DOWN = new Set([phone(8), phone(29)]);
const OUTAGE: ('500' | '429' | 'timeout')[] = Array.from({ length: 30 }, (_, i) =>
  i === 12 ? '429' : i % 6 === 1 ? 'timeout' : '500',
);

let t: TestDatabase;
let fake: FlakyWhatsApp;
const say = (s: string) => process.stdout.write(`[fault provider-outage] ${s}\n`);

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFlakyWhatsApp({
    token: 'tok',
    outage: OUTAGE,
    retryAfterSeconds: RETRY_AFTER_S,
    lateMs: 1000,
    permanent: PERMANENT,
    alwaysDown: ALWAYS_DOWN,
  });
  await ensureDefaultPolicy();
  const p = pool();
  const policy = (await getActivePolicy(p))!;
  await p.query(
    `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames", card, parity)
     VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
    [MODEL],
  );
  const ext = Array.from({ length: N }, (_, i) => `FLT-${String(i).padStart(4, '0')}`);
  const phones = Array.from({ length: N }, (_, i) => `+${phone(i)}`);
  const clients = await p.query<{ id: string }>(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name, phone, email,
                           "consentApp", "consentEmail", "consentSms", "consentWhatsapp")
     SELECT x, 'varejo', 'SP', DATE '2020-01-01', 'Ana Souza', ph, x || '@t.local', true, true, true, true
       FROM unnest($1::text[], $2::text[]) AS u(x, ph) ORDER BY x RETURNING id::text`,
    [ext, phones],
  );
  const run = await p.query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion", "finishedAt")
     VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', '2026-11', $1, $2, 'fs-v1', now()) RETURNING id`,
    [MODEL, policy.version],
  );
  await p.query(
    `WITH d AS (
       INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                               features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue")
       SELECT $1, c::bigint, '2026-11', $2, $3, 'fs-v1', ARRAY[]::float8[], 0.3, 'MODERATE', 'DIGITAL_OFFER', 'WHATSAPP', false, '[]', 0
         FROM unnest($4::text[]) c RETURNING id, "clientId")
     INSERT INTO "Offer" ("clientId", "decisionId", channel, "createdAt")
     SELECT "clientId", id, 'WHATSAPP', TIMESTAMPTZ '2026-12-01T12:00:00Z' FROM d`,
    [run.rows[0]!.id, MODEL, policy.version, clients.rows.map((c) => c.id)],
  );
});

afterAll(async () => {
  await fake?.close();
  await t?.drop();
});

interface Row {
  id: string;
  phone: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  providerMessageId: string | null;
  lastError: string | null;
  sentEvents: number;
}

async function offers(): Promise<Row[]> {
  const r = await pool().query<Row>(
    `SELECT o.id::text, regexp_replace(c.phone, '\\D', '', 'g') AS phone, o.status::text, o.attempts,
            o."nextAttemptAt", o."providerMessageId", o."lastError",
            (SELECT count(*)::int FROM "OfferEvent" e WHERE e."offerId" = o.id AND e.status = 'SENT') AS "sentEvents"
       FROM "Offer" o JOIN "Client" c ON c.id = o."clientId" ORDER BY o.id`,
  );
  return r.rows;
}

describe('a provider failing for a while', () => {
  it('sends every offer exactly once after the outage, retries at its backoff, fails the permanent ones', async () => {
    const started = Date.now();
    const wa = whatsappProvider({
      baseUrl: fake.baseUrl,
      token: 'tok',
      phoneNumberId: '1',
      templateName: 't',
      languageCode: 'pt_BR',
      // Long enough that a loaded machine does not time out a normal answer, shorter than the late ones.
      timeoutMs: 600,
    });
    const providers = { WHATSAPP: wa };
    // When each offer was attempted (the injected clock), in order.
    const attemptsAt = new Map<string, Date[]>();
    let now = NOON;
    let rounds = 0;
    let earlyClaims = 0;
    for (; rounds < 40; rounds++) {
      const before = new Map((await offers()).map((o) => [o.id, o] as const));
      // Two dispatchers at once: SKIP LOCKED gives each its own rows.
      const [a, b] = await Promise.all([
        dispatchDue({ providers, now, batchSize: 25 }),
        dispatchDue({ providers, now, batchSize: 25 }),
      ]);
      const after = await offers();
      for (const o of after) {
        const prev = before.get(o.id)!;
        if (o.attempts === prev.attempts) continue;
        expect(o.attempts).toBe(prev.attempts + 1); // one attempt per offer per round, whichever dispatcher
        // Backoff respected: never attempted before its nextAttemptAt.
        expect(prev.nextAttemptAt === null || prev.nextAttemptAt <= now).toBe(true);
        attemptsAt.set(o.id, [...(attemptsAt.get(o.id) ?? []), now]);
      }
      expect(a.claimed + b.claimed).toBe(
        after.filter((o) => o.attempts !== before.get(o.id)!.attempts).length,
      );
      const queued = after.filter((o) => o.status === 'QUEUED');
      if (queued.length === 0) break;
      const next = new Date(Math.min(...queued.map((o) => o.nextAttemptAt!.getTime())));
      // One millisecond before the earliest retry is due, nothing is claimed.
      const early = await dispatchDue({ providers, now: new Date(next.getTime() - 1) });
      earlyClaims += early.claimed;
      now = next;
    }
    expect(earlyClaims).toBe(0);

    const rows = await offers();
    const byKey = new Map<string, typeof fake.log>();
    for (const r of fake.log) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    const sent = rows.filter((o) => o.status === 'SENT');
    const failed = rows.filter((o) => o.status === 'FAILED');
    const expectSent = N - PERMANENT.size - ALWAYS_DOWN.size;
    const created = [...fake.created.values()];
    const timeouts = fake.log.filter((r) => r.outcome === 'timeout').length;
    const attemptsTotal = rows.reduce((s, o) => s + o.attempts, 0);
    say(
      `injected: ${OUTAGE.length} outage requests (${timeouts} timeouts after the send, 1 429), ${PERMANENT.size} permanent 400s, ${ALWAYS_DOWN.size} recipients always 500`,
    );
    say(
      `SENT: expected ${expectSent}, actual ${sent.length}; FAILED: expected ${PERMANENT.size + ALWAYS_DOWN.size}, actual ${failed.length}; QUEUED left ${rows.length - sent.length - failed.length}`,
    );
    say(
      `messages created by the provider: expected ${expectSent} (1 per key), actual ${created.reduce((s, n) => s + n, 0)} over ${fake.created.size} keys, max per key ${Math.max(...created)}`,
    );
    say(
      `attempts recorded ${attemptsTotal}, requests the provider saw ${fake.log.length}; dispatch rounds ${rounds + 1}; early claims ${earlyClaims}; ${Date.now() - started} ms`,
    );

    expect(sent).toHaveLength(expectSent);
    expect(failed).toHaveLength(PERMANENT.size + ALWAYS_DOWN.size);
    expect(new Set(sent.map((o) => o.providerMessageId)).size).toBe(expectSent);
    expect(attemptsTotal).toBe(fake.log.length);
    for (const o of sent) {
      const key = `offer-${o.id}`;
      expect(fake.created.get(key)).toBe(1);
      expect(o.providerMessageId).toBe(fake.ids.get(key));
      expect(o.sentEvents).toBe(1);
      expect(o.lastError).toBeNull();
    }
    for (const o of rows) {
      const reqs = byKey.get(`offer-${o.id}`) ?? [];
      expect(o.attempts).toBe(reqs.length);
      // Each retry came exactly at its backoff after the previous attempt (Retry-After when longer).
      const at = attemptsAt.get(o.id) ?? [];
      expect(at).toHaveLength(reqs.length);
      for (let i = 1; i < at.length; i++) {
        const prev = reqs[i - 1]!;
        const wait = backoffMs(i, prev.outcome === '429' ? RETRY_AFTER_S * 1000 : undefined);
        expect(at[i]!.getTime() - at[i - 1]!.getTime()).toBe(wait);
      }
      if (PERMANENT.has(o.phone)) {
        expect(o).toMatchObject({ status: 'FAILED', attempts: 1, lastError: 'whatsapp 400' });
        expect(fake.created.has(`offer-${o.id}`)).toBe(false);
      } else if (ALWAYS_DOWN.has(o.phone)) {
        expect(o).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS, lastError: 'whatsapp 500' });
        expect(fake.created.has(`offer-${o.id}`)).toBe(false);
      }
    }
    // The outage really hit: some offers needed several attempts, some after a timeout the provider had sent.
    expect(sent.filter((o) => o.attempts > 1).length).toBeGreaterThan(5);
    expect(timeouts).toBeGreaterThanOrEqual(4);
  });
});
