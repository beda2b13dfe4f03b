-- Ingestion messages are stored as codes with parameters and translated where they are shown (report, rejection
-- CSV, batch history), instead of English sentences. Rows written before keep their text as the parameter of the
-- 'ingest.legacy' code, which shows it unchanged.

-- AlterTable
ALTER TABLE "IngestionRejection" ADD COLUMN "code" TEXT,
ADD COLUMN "params" JSONB NOT NULL DEFAULT '{}';

UPDATE "IngestionRejection" SET "code" = 'ingest.legacy', "params" = jsonb_build_object('text', "reason");

ALTER TABLE "IngestionRejection" ALTER COLUMN "code" SET NOT NULL,
DROP COLUMN "reason";

-- AlterTable
ALTER TABLE "IngestionBatch" ALTER COLUMN "message" TYPE JSONB USING (
  CASE WHEN "message" IS NULL THEN NULL
  ELSE jsonb_build_array(jsonb_build_object('code', 'ingest.legacy', 'params', jsonb_build_object('text', "message")))
  END
);
