-- The alert queue's region filter lists the regions by a loose index scan (a few values out of millions of
-- clients), like segments.

-- CreateIndex
CREATE INDEX "Client_region_idx" ON "Client"("region");
