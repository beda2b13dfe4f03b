-- Client search (the alert queue's and the client list's search box) by external id prefix and by name
-- substring, both ILIKE: trigram GIN indexes serve ILIKE 'abc%' and '%abc%' alike, case-insensitively, so the
-- search no longer scans a million clients (~1 s). The btree of "Client_externalId_key" cannot serve ILIKE.
-- pg_trgm ships with PostgreSQL (contrib, also in the embedded server) and is a trusted extension (PG 13+):
-- a database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Client_externalId_trgm_idx" ON "Client" USING GIN ("externalId" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Client_name_trgm_idx" ON "Client" USING GIN ("name" gin_trgm_ops);
