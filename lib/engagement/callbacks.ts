// Provider callbacks applied to offers: delivery statuses and inbound replies. Idempotent: an event with a
// providerEventId already recorded changes nothing (OfferEvent.providerEventId is unique), and the status never
// moves backwards (advanceStatus). An opt-out reply withdraws the channel's consent (audited) and marks the
// offer OPTED_OUT.
import 'server-only';
import { db } from '@/lib/db';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/session';
import type { OfferStatus, Prisma } from '@/lib/generated/prisma/client';
import { advanceStatus, isOptOut } from './rules';

const CONSENT_FIELD = {
  APP: 'consentApp',
  EMAIL: 'consentEmail',
  SMS: 'consentSms',
  WHATSAPP: 'consentWhatsapp',
} as const;

export const WEBHOOK_ACTOR: Actor = {
  kind: 'apiKey',
  id: 'webhook',
  name: 'webhook',
  email: null,
  role: 'ADMIN',
  locale: 'pt-BR',
};

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';
}

/** Applies one provider status to the offer with that providerMessageId. Returns whether anything changed. */
export async function applyProviderStatus(input: {
  providerMessageId: string;
  status: 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';
  providerEventId: string;
  at: Date;
  source: string;
  details?: Prisma.InputJsonValue;
}): Promise<'applied' | 'duplicate' | 'unknown' | 'ignored'> {
  try {
    return await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; status: OfferStatus }[]>`
        SELECT id, status FROM "Offer" WHERE "providerMessageId" = ${input.providerMessageId} FOR UPDATE`;
      const offer = rows[0];
      if (!offer) return 'unknown' as const;
      const next = advanceStatus(offer.status, input.status) as OfferStatus;
      // The event is recorded even when the status does not move (a late DELIVERED after READ), for the history.
      await tx.offerEvent.create({
        data: {
          offerId: offer.id,
          at: input.at,
          status: input.status,
          source: input.source,
          providerEventId: input.providerEventId,
          details: input.details,
        },
      });
      const stamp: Prisma.OfferUpdateInput = {};
      if (input.status === 'FAILED' && next === 'FAILED') stamp.lastError = 'provider reported failure';
      if (next !== offer.status || Object.keys(stamp).length > 0) {
        await tx.offer.update({
          where: { id: offer.id },
          data: { ...stamp, status: next, updatedAt: new Date() },
        });
      }
      // deliveredAt/readAt fill once (a READ implies delivery); a late report never overwrites them.
      if (input.status === 'DELIVERED' || input.status === 'READ') {
        await tx.$executeRaw`UPDATE "Offer" SET "deliveredAt" = COALESCE("deliveredAt", ${input.at})
          WHERE id = ${offer.id}`;
      }
      if (input.status === 'READ') {
        await tx.$executeRaw`UPDATE "Offer" SET "readAt" = COALESCE("readAt", ${input.at}) WHERE id = ${offer.id}`;
      }
      return next === offer.status ? ('ignored' as const) : ('applied' as const);
    });
  } catch (e) {
    if (isUniqueViolation(e)) return 'duplicate';
    throw e;
  }
}

/**
 * An inbound text from a client (matched by phone, latest offer on that channel). An opt-out word withdraws the
 * channel consent and marks the offer OPTED_OUT; any other text is ignored.
 */
export async function applyInboundReply(input: {
  channel: 'WHATSAPP' | 'SMS';
  fromPhone: string;
  text: string;
  providerEventId: string;
  at: Date;
  source: string;
}): Promise<'opted-out' | 'duplicate' | 'unknown' | 'ignored'> {
  if (!isOptOut(input.text)) return 'ignored';
  const digits = input.fromPhone.replace(/\D/g, '');
  try {
    return await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; clientId: bigint; status: OfferStatus }[]>`
        SELECT o.id, o."clientId", o.status FROM "Offer" o JOIN "Client" c ON c.id = o."clientId"
        WHERE o.channel = ${input.channel}::"Channel"
          AND regexp_replace(COALESCE(c.phone, ''), '[^0-9]', '', 'g') IN (${digits}, right(${digits}, 11), right(${digits}, 10))
          AND o.status <> 'SKIPPED'
        ORDER BY o."createdAt" DESC LIMIT 1 FOR UPDATE OF o`;
      const offer = rows[0];
      if (!offer) return 'unknown' as const;
      await tx.offerEvent.create({
        data: {
          offerId: offer.id,
          at: input.at,
          status: 'OPTED_OUT',
          source: input.source,
          providerEventId: input.providerEventId,
          details: { reply: 'opt-out' },
        },
      });
      await tx.offer.update({
        where: { id: offer.id },
        data: { status: 'OPTED_OUT', updatedAt: new Date() },
      });
      await tx.client.update({
        where: { id: offer.clientId },
        data: { [CONSENT_FIELD[input.channel]]: false },
      });
      await audit(
        WEBHOOK_ACTOR,
        'client.consent.withdraw',
        `client:${offer.clientId}`,
        { channel: input.channel, via: 'reply', offerId: offer.id.toString() },
        tx,
      );
      return 'opted-out' as const;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return 'duplicate';
    throw e;
  }
}
