// The outbox dispatcher: claims due QUEUED offers in a batch (FOR UPDATE SKIP LOCKED, so concurrent workers never
// take the same row), applies the rules in order (consent -> frequency cap -> quiet hours), renders the message
// (experiment variant when one is RUNNING for the band), sends through the channel's provider and records the
// outcome with an OfferEvent. A retryable provider error re-queues the offer with backoff (nextAttemptAt), so an
// outage delays messages and never loses them; the idempotency key "offer-<id>" and the single write of
// providerMessageId mean a retry never sends twice. An offer still queued past its expiry (the decision's as-of
// month end + the 'engagement.dispatch' offerExpiryDays setting) is not sent: it becomes EXPIRED, first of all
// rules, since a message about a stale score is wrong whatever the consent or the hour.
import 'server-only';
import { db } from '@/lib/db';
import { log } from '@/lib/log';
import { getSetting } from '@/lib/settings/store';
import { engagementDispatch, offerExpiresAt } from '@/lib/settings/engagement';
import type { Channel, OfferStatus } from '@/lib/generated/prisma/client';
import { capBlocks, inQuietHours, nextQuietEnd, FREQUENCY_CAP_DAYS } from './rules';
import { renderTemplate, type TemplateValues } from './templates';
import { assignVariant } from './assignment';
import { ProviderError, backoffMs, type Provider } from './providers/types';

export const MAX_ATTEMPTS = 8;
export const DEFAULT_TEMPLATE =
  'Olá {primeiroNome}, preparamos uma condição especial para você manter suas parcelas em dia. Fale com a gente pelo app.';

export type ProviderMap = Partial<Record<'APP' | 'EMAIL' | 'SMS' | 'WHATSAPP', Provider>>;

interface Claimed {
  id: bigint;
  clientId: bigint;
  channel: Channel;
  attempts: number;
  providerMessageId: string | null;
  band: string;
  asOfMonth: string;
  externalId: string;
  segment: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  consentApp: boolean;
  consentEmail: boolean;
  consentSms: boolean;
  consentWhatsapp: boolean;
  lastSentAt: Date | null;
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  skipped: number;
  deferred: number;
  retried: number;
  failed: number;
  /** Too old to send (see offerExpiryDays): marked EXPIRED. */
  expired: number;
}

function consentFor(o: Claimed): boolean {
  switch (o.channel) {
    case 'APP':
      return o.consentApp;
    case 'EMAIL':
      return o.consentEmail;
    case 'SMS':
      return o.consentSms;
    case 'WHATSAPP':
      return o.consentWhatsapp;
    default:
      return false;
  }
}

function recipient(o: Claimed): string | null {
  if (o.channel === 'EMAIL') return o.email;
  if (o.channel === 'APP') return o.externalId;
  return o.phone ? o.phone.replace(/\D/g, '') : null;
}

const OUTCOME_COLUMNS = [
  'reason',
  'attempts',
  'nextAttemptAt',
  'providerMessageId',
  'lastError',
  'body',
  'sentAt',
  'deliveredAt',
  'experimentId',
  'variantKey',
] as const;
type OutcomeColumn = (typeof OUTCOME_COLUMNS)[number];
const COLUMN_TYPE: Record<OutcomeColumn, string> = {
  reason: 'text',
  attempts: 'int',
  nextAttemptAt: 'timestamptz',
  providerMessageId: 'text',
  lastError: 'text',
  body: 'text',
  sentAt: 'timestamptz',
  deliveredAt: 'timestamptz',
  experimentId: 'uuid',
  variantKey: 'text',
};

/**
 * Writes a batch's outcomes: one UPDATE ... FROM jsonb_to_recordset (a column changes only where the outcome
 * names it: the "has" array) and one INSERT of the OfferEvents. Values are bound as one JSON parameter.
 */
async function writeOutcomes(
  tx: Pick<typeof db, '$executeRawUnsafe'>,
  outcomes: {
    id: string;
    status: OfferStatus | null;
    set: Partial<Record<OutcomeColumn, string | number | null>>;
    event: object | null;
  }[],
  now: Date,
  demo: boolean,
) {
  if (!outcomes.length) return;
  const payload = outcomes.map((o) => ({ id: o.id, status: o.status, has: Object.keys(o.set), ...o.set }));
  const assignments = OUTCOME_COLUMNS.map(
    (c) => `"${c}" = CASE WHEN x.has ? '${c}' THEN x."${c}" ELSE o."${c}" END`,
  ).join(',\n           ');
  const columns = OUTCOME_COLUMNS.map((c) => `"${c}" ${COLUMN_TYPE[c]}`).join(', ');
  await tx.$executeRawUnsafe(
    `UPDATE "Offer" o
        SET status = COALESCE(x.status::"OfferStatus", o.status),
           ${assignments},
            "updatedAt" = $2::timestamptz,
            demo = o.demo OR $3::boolean
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text, has jsonb, ${columns})
      WHERE o.id = x.id`,
    JSON.stringify(payload),
    now.toISOString(),
    demo,
  );
  const events = outcomes
    .filter((o) => o.status !== null && o.event !== null)
    .map((o) => ({ id: o.id, status: o.status, details: o.event }));
  if (events.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "OfferEvent" ("offerId", at, status, source, details)
       SELECT x.id, $2::timestamptz, x.status::"OfferStatus", 'dispatch', x.details
         FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text, details jsonb)`,
      JSON.stringify(events),
      now.toISOString(),
    );
  }
}

/** Dispatches one batch of due offers. `now` is injectable (tests, demo back-dating). */
export async function dispatchDue(opts: {
  providers: ProviderMap;
  now?: Date;
  batchSize?: number;
  demo?: boolean;
}): Promise<DispatchSummary> {
  const now = opts.now ?? new Date();
  const summary: DispatchSummary = {
    claimed: 0,
    sent: 0,
    skipped: 0,
    deferred: 0,
    retried: 0,
    failed: 0,
    expired: 0,
  };
  const [experiments, { offerExpiryDays }] = await Promise.all([
    db.experiment.findMany({ where: { status: 'RUNNING' }, include: { variants: true } }),
    getSetting(engagementDispatch),
  ]);

  await db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Claimed[]>`
        SELECT o.id, o."clientId", o.channel, o.attempts, o."providerMessageId", d.band::text AS band,
               d."asOfMonth",
               c."externalId", c.segment, c.name, c.phone, c.email,
               c."consentApp", c."consentEmail", c."consentSms", c."consentWhatsapp",
               (SELECT max(p."sentAt") FROM "Offer" p WHERE p."clientId" = o."clientId" AND p.id <> o.id
                  AND p."sentAt" IS NOT NULL AND p."sentAt" <= ${now}) AS "lastSentAt"
          FROM "Offer" o JOIN "Client" c ON c.id = o."clientId" JOIN "Decision" d ON d.id = o."decisionId"
         WHERE o.status = 'QUEUED' AND (o."nextAttemptAt" IS NULL OR o."nextAttemptAt" <= ${now})
           AND o."createdAt" <= ${now}
         ORDER BY o."createdAt", o.id
         LIMIT ${opts.batchSize ?? 100}
           FOR UPDATE OF o SKIP LOCKED`;
      summary.claimed = rows.length;

      // Outcomes are collected, then written with one UPDATE and one INSERT per batch (not two round trips per
      // offer). `set` lists only the columns that change; `event` is null when the status does not change.
      interface Outcome {
        id: string;
        status: OfferStatus | null;
        set: Partial<Record<OutcomeColumn, string | number | null>>;
        event: object | null;
      }
      const outcomes: Outcome[] = [];
      const record = (o: Claimed, status: OfferStatus, set: Outcome['set'], details: object) => {
        outcomes.push({ id: String(o.id), status, set, event: details });
      };
      // Two offers of one client in the same batch: the second sees the first's send (frequency cap).
      const sentInBatch = new Map<bigint, Date>();

      for (const o of rows) {
        const lastSentAt = sentInBatch.get(o.clientId) ?? o.lastSentAt;
        const expiresAt = offerExpiresAt(o.asOfMonth, offerExpiryDays);
        if (expiresAt.getTime() <= now.getTime()) {
          record(
            o,
            'EXPIRED',
            { reason: 'expired', nextAttemptAt: null },
            {
              reason: 'expired',
              asOfMonth: o.asOfMonth,
              expiresAt: expiresAt.toISOString(),
              days: offerExpiryDays,
            },
          );
          summary.expired++;
          continue;
        }
        if (!consentFor(o)) {
          record(o, 'SKIPPED', { reason: 'no-consent' }, { reason: 'no-consent', channel: o.channel });
          summary.skipped++;
          continue;
        }
        if (capBlocks(lastSentAt, now)) {
          record(
            o,
            'SKIPPED',
            { reason: 'frequency-cap' },
            { reason: 'frequency-cap', days: FREQUENCY_CAP_DAYS },
          );
          summary.skipped++;
          continue;
        }
        const to = recipient(o);
        if (!to) {
          record(o, 'SKIPPED', { reason: 'no-address' }, { reason: 'no-address', channel: o.channel });
          summary.skipped++;
          continue;
        }
        if (inQuietHours(now)) {
          // Deferred, not skipped; no event (the status does not change).
          outcomes.push({
            id: String(o.id),
            status: null,
            set: { nextAttemptAt: nextQuietEnd(now).toISOString() },
            event: null,
          });
          summary.deferred++;
          continue;
        }
        const provider = opts.providers[o.channel as keyof ProviderMap];
        if (!provider) {
          record(o, 'FAILED', { lastError: 'no-provider' }, { reason: 'no-provider', channel: o.channel });
          summary.failed++;
          continue;
        }

        const experiment = experiments.find(
          (e) =>
            e.band === o.band && (e.segment === null || e.segment === o.segment) && e.variants.length >= 2,
        );
        const variant = experiment ? assignVariant(o.externalId, experiment.salt, experiment.variants) : null;
        const firstName = (o.name ?? '').trim().split(/\s+/)[0] ?? '';
        const values: TemplateValues = { primeiroNome: firstName, nome: o.name ?? '' };
        const body = renderTemplate(variant?.template ?? DEFAULT_TEMPLATE, values);

        try {
          const result = await provider.send({
            idempotencyKey: `offer-${o.id}`,
            channel: o.channel as 'APP' | 'EMAIL' | 'SMS' | 'WHATSAPP',
            to,
            body,
            params: [firstName],
          });
          const set: Outcome['set'] = {
            attempts: o.attempts + 1,
            providerMessageId: o.providerMessageId ?? result.providerMessageId,
            body,
            sentAt: now.toISOString(),
            nextAttemptAt: null,
            lastError: null,
            experimentId: experiment?.id ?? null,
            variantKey: variant?.key ?? null,
          };
          if (result.delivered) set.deliveredAt = now.toISOString();
          record(o, result.delivered ? 'DELIVERED' : 'SENT', set, {
            provider: provider.name,
            variant: variant?.key ?? null,
          });
          sentInBatch.set(o.clientId, now);
          summary.sent++;
        } catch (error) {
          const retryable =
            error instanceof ProviderError && error.retryable && o.attempts + 1 < MAX_ATTEMPTS;
          const message = error instanceof Error ? error.message.slice(0, 300) : 'unknown error';
          if (retryable) {
            const wait = backoffMs(o.attempts + 1, (error as ProviderError).retryAfterMs);
            outcomes.push({
              id: String(o.id),
              status: null,
              set: {
                attempts: o.attempts + 1,
                nextAttemptAt: new Date(now.getTime() + wait).toISOString(),
                lastError: message,
              },
              event: null,
            });
            summary.retried++;
          } else {
            record(o, 'FAILED', { attempts: o.attempts + 1, lastError: message }, { error: message });
            summary.failed++;
          }
        }
      }
      await writeOutcomes(tx, outcomes, now, opts.demo ?? false);
    },
    { timeout: 120_000 },
  );
  if (summary.claimed > 0) {
    if (opts.demo) log.trace(summary, 'offer dispatch batch');
    else log.info(summary, 'offer dispatch batch');
  }
  return summary;
}
