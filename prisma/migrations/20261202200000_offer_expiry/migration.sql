-- Offers that waited too long in the outbox expire instead of being sent (lib/engagement/dispatch.ts): the
-- dispatcher marks them EXPIRED with an OfferEvent. The cut-off is a setting ('engagement.dispatch').
ALTER TYPE "OfferStatus" ADD VALUE IF NOT EXISTS 'EXPIRED';
