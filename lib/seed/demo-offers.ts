// Demo activity for digital offers: the backfilled months' QUEUED offers go out through the real dispatcher
// (lib/engagement/dispatch.ts, log provider) on a back-dated clock, so consent, the frequency cap and quiet
// hours apply exactly as in production. Each offer's createdAt is moved into its decision's as-of month (first
// ten days, deterministic per offer), then the clock ticks at 10:00 and 16:00 Sao Paulo, and at 22:00
// every fourth day (quiet hours: what it claims is deferred). Before dispatching, one demo A/B experiment with two pt-BR
// variants starts on MODERATE, so Campanhas has results. Afterwards a share of the delivered messages is read and
// a few percent accepted (the writes acceptOffer makes, batched), from a seeded PRNG per offer id. Every offer it
// touches is marked demo = true; it only takes QUEUED offers not yet marked, so a re-run does nothing twice.
import 'server-only';
import { db, pool } from '@/lib/db';
import { dispatchDue, type ProviderMap } from '@/lib/engagement/dispatch';
import { createLogProvider } from '@/lib/engagement/providers/log';
import { createExperiment, startExperiment } from '@/lib/engagement/experiments';
import { SAO_PAULO_OFFSET_MINUTES } from '@/lib/engagement/rules';
import { Rng } from '@/lib/simulator/prng';
import type { Actor } from '@/lib/auth/session';

export const DEMO_EXPERIMENT_NAME = 'Demonstração: tom da mensagem (faixa moderada)';
const DEMO_VARIANTS = [
  {
    key: 'A',
    template:
      'Olá {primeiroNome}, preparamos uma condição especial para você manter suas parcelas em dia. Fale com a gente pelo app.',
    weight: 1,
  },
  {
    key: 'B',
    template:
      '{primeiroNome}, você pode trocar juros altos por uma parcela menor ainda este mês. Veja sua proposta no app.',
    weight: 1,
  },
];
/** Acceptance probability of a read message per variant (B is a little better, so the demo shows a difference). */
const ACCEPT_IF_READ: Record<string, number> = { A: 0.05, B: 0.075 };
const ACCEPT_IF_UNREAD = 0.008;
const READ_SHARE = 0.6;
const SEED = 20261201;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BATCH = 5000;
/** Local Sao Paulo times of the dispatcher's ticks (minutes after midnight). */
const TICKS = [10 * 60, 16 * 60];
/** A late tick (22:00, inside quiet hours: what it claims is deferred to 08:00) every fourth day. */
const LATE_TICK = 22 * 60;
const ticksOf = (day: number) => (day % 4 === 1 ? [...TICKS, LATE_TICK] : TICKS);
const SPREAD_DAYS = 10;
const TICK_DAYS = SPREAD_DAYS + 3;

export interface DemoOffersResult {
  months: number;
  offers: number;
  sent: number;
  skipped: Record<string, number>;
  deferred: number;
  read: number;
  accepted: number;
  queued: number;
  experiment: string | null;
  /** Wall time of the dispatch ticks and of the whole run. */
  dispatchMillis: number;
  millis: number;
}

/** A local Sao Paulo wall-clock time as an instant. */
function saoPaulo(year: number, month: number, day: number, minutes: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 0, minutes) - SAO_PAULO_OFFSET_MINUTES * MINUTE);
}

async function demoActor(): Promise<Actor | null> {
  const u = await db.user.findFirst({
    where: { active: true, role: { in: ['DATA_SCIENTIST', 'ADMIN'] } },
    orderBy: [{ role: 'asc' }, { email: 'asc' }],
  });
  return u ? { kind: 'user', id: u.id, name: u.name, email: u.email, role: u.role, locale: 'pt-BR' } : null;
}

/** Creates and starts the demo experiment once (reused when it exists). */
async function ensureDemoExperiment(startAt: Date): Promise<string | null> {
  const existing = await db.experiment.findFirst({ where: { name: DEMO_EXPERIMENT_NAME } });
  if (existing) return existing.id;
  const actor = await demoActor();
  if (!actor) return null;
  const clash = await db.experiment.count({ where: { status: 'RUNNING', band: 'MODERATE', segment: null } });
  if (clash > 0) return null;
  const id = await createExperiment(
    { name: DEMO_EXPERIMENT_NAME, band: 'MODERATE', segment: null, variants: DEMO_VARIANTS },
    actor,
  );
  await db.experiment.update({ where: { id }, data: { createdAt: new Date(startAt.getTime() - HOUR) } });
  await startExperiment(id, actor, startAt);
  return id;
}

export async function playDemoOffers(
  log: (s: string) => void = () => undefined,
  now: Date = new Date(),
): Promise<DemoOffersResult> {
  const p = pool();
  const out: DemoOffersResult = {
    months: 0,
    offers: 0,
    sent: 0,
    skipped: {},
    deferred: 0,
    read: 0,
    accepted: 0,
    queued: 0,
    experiment: null,
    dispatchMillis: 0,
    millis: 0,
  };
  const started = Date.now();
  // The months with untouched QUEUED offers (one decision per client and month), oldest first.
  const months = (
    await p.query<{ month: string }>(
      `SELECT DISTINCT d."asOfMonth" AS month FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId"
        WHERE o.status = 'QUEUED' AND NOT o.demo AND o.attempts = 0 ORDER BY 1`,
    )
  ).rows.map((r) => r.month);
  const first = months[0];
  if (!first) return out;
  const [fy, fm] = first.split('-').map(Number) as [number, number];
  const expId = await ensureDemoExperiment(saoPaulo(fy, fm, 1, 8 * 60));
  if (expId) out.experiment = DEMO_EXPERIMENT_NAME;

  // Back-date every selected offer into its month (minute offset from a hash of its id), in one statement.
  const touched = await p.query<{ id: string }>(
    `UPDATE "Offer" o
        SET "createdAt" = (to_timestamp(d."asOfMonth" || '-01', 'YYYY-MM-DD')::timestamp AT TIME ZONE 'America/Sao_Paulo')
                          + make_interval(mins => ((hashtext(o.id::text) & 2147483647) % ($1::int * 1440))::int),
            "updatedAt" = now(), demo = true
       FROM "Decision" d
      WHERE d.id = o."decisionId" AND o.status = 'QUEUED' AND NOT o.demo AND o.attempts = 0
        AND d."asOfMonth" = ANY($2::text[])
      RETURNING o.id::text`,
    [SPREAD_DAYS, months],
  );
  out.offers = touched.rowCount ?? 0;
  out.months = months.length;

  const quiet = createLogProvider({ quiet: true });
  const dispatchStarted = Date.now();
  const providers: ProviderMap = { APP: quiet, EMAIL: quiet, SMS: quiet, WHATSAPP: quiet };
  for (const month of months) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    for (let day = 1; day <= TICK_DAYS; day++) {
      for (const minutes of ticksOf(day)) {
        const tick = saoPaulo(y, m, day, minutes);
        if (tick.getTime() >= now.getTime()) break;
        for (;;) {
          const s = await dispatchDue({ providers, now: tick, batchSize: BATCH, demo: true });
          out.sent += s.sent;
          out.deferred += s.deferred;
          if (s.claimed < BATCH) break;
        }
      }
    }
  }

  out.dispatchMillis = Date.now() - dispatchStarted;

  // Reads and acceptances for the messages this run delivered, deterministic per offer id.
  const ids = touched.rows.map((r) => r.id);
  const delivered = (
    await p.query<{ id: string; deliveredAt: Date; variantKey: string | null }>(
      `SELECT id::text, "deliveredAt", "variantKey" FROM "Offer"
        WHERE id = ANY($1::bigint[]) AND status = 'DELIVERED' AND "readAt" IS NULL ORDER BY id`,
      [ids],
    )
  ).rows;
  const readIds: string[] = [];
  const readAts: Date[] = [];
  const accepts: { id: bigint; at: Date }[] = [];
  const cap = now.getTime() - 5 * MINUTE;
  for (const o of delivered) {
    const r = new Rng(SEED, Number(o.id));
    const readAt = new Date(Math.min(o.deliveredAt.getTime() + r.uniform(2, 600) * MINUTE, cap));
    const read = r.bool(READ_SHARE);
    if (read) {
      readIds.push(o.id);
      readAts.push(readAt);
    }
    const pAccept = read ? (ACCEPT_IF_READ[o.variantKey ?? 'A'] ?? 0.05) : ACCEPT_IF_UNREAD;
    if (r.bool(pAccept)) {
      const base = read ? readAt : o.deliveredAt;
      accepts.push({
        id: BigInt(o.id),
        at: new Date(Math.min(base.getTime() + r.uniform(0.1, 72) * HOUR, cap)),
      });
    }
  }
  if (readIds.length) {
    await p.query(
      `WITH r AS (
         UPDATE "Offer" o SET status = 'READ', "readAt" = x.at, "updatedAt" = x.at
           FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
          WHERE o.id = x.id AND o.status = 'DELIVERED' RETURNING o.id, x.at)
       INSERT INTO "OfferEvent" ("offerId", at, status, source, details)
       SELECT id, at, 'READ', 'demo', '{"simulated": true}'::jsonb FROM r`,
      [readIds, readAts],
    );
    out.read = readIds.length;
  }
  if (accepts.length) {
    // The same writes as acceptOffer (lib/engagement/experiments.ts: first acceptance wins, an 'accept' event
    // with the offer's status), in one statement rather than three round trips per offer.
    const r = await p.query(
      `WITH a AS (
         UPDATE "Offer" o SET "acceptedAt" = x.at, "updatedAt" = x.at
           FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
          WHERE o.id = x.id AND o."acceptedAt" IS NULL AND o."sentAt" IS NOT NULL
          RETURNING o.id, o.status, x.at)
       INSERT INTO "OfferEvent" ("offerId", at, status, source, details)
       SELECT id, at, status, 'accept', '{"accepted": true}'::jsonb FROM a`,
      [accepts.map((a) => a.id.toString()), accepts.map((a) => a.at)],
    );
    out.accepted = r.rowCount ?? 0;
  }

  const reasons = await p.query<{ reason: string; n: string }>(
    `SELECT reason, count(*)::text AS n FROM "Offer"
      WHERE id = ANY($1::bigint[]) AND status = 'SKIPPED' GROUP BY reason ORDER BY reason`,
    [ids],
  );
  for (const r of reasons.rows) out.skipped[r.reason] = Number(r.n);
  out.queued = Number(
    (
      await p.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM "Offer" WHERE id = ANY($1::bigint[]) AND status = 'QUEUED'`,
        [ids],
      )
    ).rows[0]!.n,
  );
  out.millis = Date.now() - started;
  log(
    `Demo offer activity: ${out.offers} offers over ${out.months} months, ${out.sent} sent, ${out.read} read, ` +
      `${out.accepted} accepted, skipped ${JSON.stringify(out.skipped)}, ${out.queued} still queued ` +
      `(${(out.millis / 1000).toFixed(1)} s, dispatch ${(out.dispatchMillis / 1000).toFixed(1)} s).`,
  );
  return out;
}
