-- The alert queue's order (yProba, then exposure) over open alerts only, so the first page of 100,000+ open
-- alerts is an index walk of 25 entries rather than a sort (lib/alerts/queue.ts). Partial: closed alerts,
-- which only grow, never enter it. schema.prisma lists the columns; the predicate and sort order live here.
CREATE INDEX "Alert_yProba_exposure_id_idx" ON "Alert"("yProba" DESC, "exposure" DESC NULLS LAST, "id")
  WHERE "openClientId" IS NOT NULL;
