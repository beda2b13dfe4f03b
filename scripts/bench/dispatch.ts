// The outbox dispatcher's rate (lib/engagement/dispatch.ts): BENCH_OFFERS (default 20,000) QUEUED offers, one
// per client with consent, dispatched in batches of 500 with the log provider, then as many through the WhatsApp
// Cloud API provider against the in-process fake server (one HTTP round trip per message), next to a floor
// measured in the same run: a bare UPDATE of the same number of offer rows to SENT.
// Runs in a throwaway database on the harness's cluster.
//   BENCH_OFFERS=20000 npm run bench -- dispatch
import { loadAverage, type Figure, type LoadAverage, type SectionContext } from './harness';
import { productScratch } from './scratch';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const MODEL = '00000000-0000-4000-8000-0000000000d1';
// 12:00 in Sao Paulo: outside quiet hours.
const NOON = new Date('2026-12-01T15:00:00Z');
const BATCH = 500;

export async function benchDispatch(ctx: SectionContext): Promise<Figure[]> {
  const n = ctx.params.offers;
  const { pool, close } = await productScratch('proativa_bench_dispatch');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  const { dispatchDue } = await import('@/lib/engagement/dispatch');
  const { createLogProvider } = await import('@/lib/engagement/providers/log');
  const { whatsappProvider } = await import('@/lib/engagement/providers/whatsapp');
  const { startFakeWhatsApp } = await import('@/lib/engagement/testing/fake-whatsapp');
  const { log } = await import('@/lib/log');
  // The dispatcher logs each batch at info: keep the bench's output to its figures.
  const level = log.level;
  log.level = 'warn';
  const fake = await startFakeWhatsApp('bench-token');
  try {
    const p = pool();
    ctx.log(`\n== Outbox dispatch of ${fmt(n)} offers per provider (batches of ${BATCH}) ==`);
    await ensureDefaultPolicy();
    await p.query(
      `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames",
                                   card, parity)
       VALUES ($1, 'bench', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
      [MODEL],
    );
    const t0 = Date.now();
    // Three groups of n clients with one QUEUED offer each: log provider (APP), fake WhatsApp, the floor.
    const groups = ['APP', 'WHATSAPP', 'SMS'] as const;
    for (const [g, channel] of groups.entries()) {
      await p.query(
        `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name, phone, email,
                               "consentApp", "consentEmail", "consentSms", "consentWhatsapp")
         SELECT 'G' || $2::int || '-' || lpad(i::text, 8, '0'), 'varejo', 'SP', DATE '2020-01-01', 'Ana Souza',
                '+55 11 9' || lpad(i::text, 8, '0'), 'c' || i || '@bench.local', true, true, true, true
           FROM generate_series(1, $1::int) i`,
        [n, g],
      );
      const run = await p.query<{ id: string }>(
        `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                   "featureSetVersion", "finishedAt")
         VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', '2026-11', $1, 1, 'fs-v1', now()) RETURNING id`,
        [MODEL],
      );
      await p.query(
        `WITH d AS (
           INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                                   "featureSetVersion", features, "yProba", band, action, channel, holdout,
                                   "reasonCodes", "baseValue")
           SELECT $1, c.id, '2026-11', $2, 1, 'fs-v1', ARRAY[]::float8[], 0.3, 'MODERATE', 'DIGITAL_OFFER',
                  $3::"Channel", false, '[]', 0
             FROM "Client" c WHERE c."externalId" LIKE 'G' || $4::int || '-%'
           RETURNING id, "clientId")
         INSERT INTO "Offer" ("clientId", "decisionId", channel, "createdAt")
         SELECT "clientId", id, $3::"Channel", $5 FROM d`,
        [run.rows[0]!.id, MODEL, channel, g, new Date(NOON.getTime() - 3_600_000)],
      );
    }
    await p.query('VACUUM ANALYZE');
    ctx.log(
      `seeded ${fmt(3 * n)} clients, decisions and offers in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const load = () => loadAverage().join(' ');
    const drain = async (label: string, providers: Parameters<typeof dispatchDue>[0]['providers']) => {
      const loadBefore = loadAverage();
      const t = performance.now();
      let sent = 0;
      for (;;) {
        const s = await dispatchDue({ providers, now: NOON, batchSize: BATCH });
        sent += s.sent;
        if (s.claimed === 0) break;
        ctx.progress(sent, n, `${label}: sent`);
      }
      const secs = (performance.now() - t) / 1000;
      ctx.log(
        `${label}: ${fmt(sent)} sent in ${secs.toFixed(2)} s = ${fmt(sent / secs)} messages/s (load average ${load()})`,
      );
      return { label, sent, rate: sent / secs, loadBefore };
    };
    // Only the group's channel has a provider; the other groups' offers are claimed too (FAILED no-provider)
    // unless they are out of the way: park them, then release them for the next phase.
    const park = (channel: string) =>
      p.query(`UPDATE "Offer" SET "nextAttemptAt" = '2100-01-01' WHERE channel <> $1::"Channel"`, [channel]);
    const release = (channel: string) =>
      p.query(`UPDATE "Offer" SET "nextAttemptAt" = NULL WHERE channel = $1::"Channel"`, [channel]);

    await park('APP');
    const logRun = await drain('log provider', { APP: createLogProvider({ quiet: true }) });
    await release('WHATSAPP');
    await park('WHATSAPP');
    const waRun = await drain('WhatsApp provider (fake server over HTTP)', {
      WHATSAPP: whatsappProvider({
        baseUrl: fake.baseUrl,
        token: 'bench-token',
        phoneNumberId: '1000',
        templateName: 'oferta_proativa',
        languageCode: 'pt_BR',
      }),
    });
    const loadFloor = loadAverage();
    const t = performance.now();
    const floor = await p.query(
      `UPDATE "Offer" SET status = 'SENT', "sentAt" = $1, attempts = 1, "updatedAt" = $1
        WHERE channel = 'SMS' AND status = 'QUEUED'`,
      [NOON],
    );
    const secs = (performance.now() - t) / 1000;
    ctx.log(
      `floor (bare UPDATE of ${fmt(floor.rowCount ?? 0)} offer rows): ${secs.toFixed(2)} s = ` +
        `${fmt((floor.rowCount ?? 0) / secs)} rows/s (load average ${load()})`,
    );
    if (logRun.sent !== n || waRun.sent !== n) throw new Error(`expected ${fmt(n)} sends per provider`);
    const floorMeasure = {
      name: `bare UPDATE of ${fmt(floor.rowCount ?? 0)} offers`,
      value: (floor.rowCount ?? 0) / secs,
      unit: 'offers/s',
    };
    const fig = (r: { label: string; sent: number; rate: number; loadBefore: LoadAverage }) =>
      ctx.figure(`dispatch, ${r.label}`, r.rate, 'offers/s', floorMeasure, {
        loadBefore: r.loadBefore,
        details: { sent: r.sent, floorLoadBefore: loadFloor },
      });
    return [fig(logRun), fig(waRun)];
  } finally {
    log.level = level;
    await fake.close();
    await close();
  }
}
