-- The executive summary's provision (PD x limit of the accepted offers) read the offers joined with Decision
-- and MonthlyStatement: a hash join over the whole ledger (~1.2 s at 1,000,000 decisions). An offer now
-- carries its decision's yProba and the client's credit limit on the as-of statement, as Alert already does,
-- so the sum is an index-only scan of the accepted offers. The ledger writes offers in its own transaction
-- (lib/decisions/ledger.ts); a BEFORE INSERT trigger fills the two columns there from the rows that are
-- already in that transaction, so every writer gets them and none can forget.
ALTER TABLE "Offer" ADD COLUMN "yProba" DOUBLE PRECISION,
                    ADD COLUMN "creditLimit" DECIMAL(14,2);

CREATE FUNCTION "Offer_carry_decision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."yProba" IS NULL THEN
    SELECT d."yProba", ms."creditLimit" INTO NEW."yProba", NEW."creditLimit"
      FROM "Decision" d
      LEFT JOIN "MonthlyStatement" ms ON ms."clientId" = d."clientId" AND ms."referenceMonth" = d."asOfMonth"
     WHERE d.id = NEW."decisionId";
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "Offer_carry_decision" BEFORE INSERT ON "Offer"
  FOR EACH ROW EXECUTE FUNCTION "Offer_carry_decision"();

UPDATE "Offer" o SET "yProba" = d."yProba", "creditLimit" = ms."creditLimit"
  FROM "Decision" d
  LEFT JOIN "MonthlyStatement" ms ON ms."clientId" = d."clientId" AND ms."referenceMonth" = d."asOfMonth"
 WHERE d.id = o."decisionId";

-- Accepted offers only (a small share that grows slowly): the provision's sum reads this index alone.
-- schema.prisma lists the columns; the predicate lives here.
CREATE INDEX "Offer_acceptedAt_yProba_creditLimit_idx" ON "Offer"("acceptedAt", "yProba", "creditLimit")
  WHERE "acceptedAt" IS NOT NULL;

-- The challenger-vs-champion trigger judges the latest windowMonths matured months pooled (null: 3).
ALTER TABLE "MonitoringTrigger" ADD COLUMN "windowMonths" INTEGER;
