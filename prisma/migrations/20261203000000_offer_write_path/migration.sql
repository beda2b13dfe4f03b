-- A batch run writes an offer for about half its clients, and every index of Offer is one more insertion
-- per offer. The provider's message id and the experiment are unset when an offer is queued (they are set
-- when it is sent, for a share of the book), so those two indexes hold only the rows that have them: an
-- equality on the column (the callbacks' and the experiments' reads) implies IS NOT NULL, and the planner
-- uses them as before. schema.prisma lists the columns; the predicates live here.
DROP INDEX "Offer_providerMessageId_idx";
CREATE INDEX "Offer_providerMessageId_idx" ON "Offer"("providerMessageId") WHERE "providerMessageId" IS NOT NULL;

DROP INDEX "Offer_experimentId_variantKey_idx";
CREATE INDEX "Offer_experimentId_variantKey_idx" ON "Offer"("experimentId", "variantKey") WHERE "experimentId" IS NOT NULL;

-- The ledger sets yProba and creditLimit itself: the fallback that fills them runs only for a writer that
-- does not, instead of a PL/pgSQL call for every offer.
DROP TRIGGER "Offer_carry_decision" ON "Offer";
CREATE TRIGGER "Offer_carry_decision" BEFORE INSERT ON "Offer"
  FOR EACH ROW WHEN (NEW."yProba" IS NULL) EXECUTE FUNCTION "Offer_carry_decision"();
