-- CreateEnum
CREATE TYPE "IngestionKind" AS ENUM ('clients', 'statements', 'bureau', 'outcomes', 'uci');

-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "Client" (
    "id" BIGSERIAL NOT NULL,
    "externalId" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "birthDate" DATE,
    "relationshipStart" DATE NOT NULL,
    "consentApp" BOOLEAN NOT NULL DEFAULT false,
    "consentEmail" BOOLEAN NOT NULL DEFAULT false,
    "consentSms" BOOLEAN NOT NULL DEFAULT false,
    "consentWhatsapp" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "batchId" BIGINT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthlyStatement" (
    "clientId" BIGINT NOT NULL,
    "referenceMonth" CHAR(7) NOT NULL,
    "creditLimit" DECIMAL(14,2) NOT NULL,
    "statementBalance" DECIMAL(14,2) NOT NULL,
    "minimumDue" DECIMAL(14,2),
    "amountPaid" DECIMAL(14,2) NOT NULL,
    "revolvingBalance" DECIMAL(14,2),
    "monthsPastDue" INTEGER NOT NULL,
    "purchases" DECIMAL(14,2),
    "cashAdvances" DECIMAL(14,2),
    "batchId" BIGINT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonthlyStatement_pkey" PRIMARY KEY ("clientId","referenceMonth")
);

-- CreateTable
CREATE TABLE "BureauSnapshot" (
    "clientId" BIGINT NOT NULL,
    "referenceDate" DATE NOT NULL,
    "totalDebt" DECIMAL(14,2) NOT NULL,
    "overdueDebt" DECIMAL(14,2) NOT NULL,
    "numInstitutions" INTEGER NOT NULL,
    "personalLoanDebt" DECIMAL(14,2) NOT NULL,
    "batchId" BIGINT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BureauSnapshot_pkey" PRIMARY KEY ("clientId","referenceDate")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "clientId" BIGINT NOT NULL,
    "referenceMonth" CHAR(7) NOT NULL,
    "defaulted" BOOLEAN NOT NULL,
    "observedAt" DATE NOT NULL,
    "batchId" BIGINT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("clientId","referenceMonth")
);

-- CreateTable
CREATE TABLE "IngestionBatch" (
    "id" BIGSERIAL NOT NULL,
    "kind" "IngestionKind" NOT NULL,
    "source" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "fileName" TEXT,
    "status" "BatchStatus" NOT NULL DEFAULT 'RUNNING',
    "actorId" UUID,
    "actorName" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "received" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB,
    "message" TEXT,

    CONSTRAINT "IngestionBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestionRejection" (
    "id" BIGSERIAL NOT NULL,
    "batchId" BIGINT NOT NULL,
    "line" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "IngestionRejection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeatureSnapshot" (
    "clientId" BIGINT NOT NULL,
    "asOfMonth" CHAR(7) NOT NULL,
    "featureSetVersion" TEXT NOT NULL,
    "values" DOUBLE PRECISION[],
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeatureSnapshot_pkey" PRIMARY KEY ("clientId","asOfMonth","featureSetVersion")
);

-- CreateIndex
CREATE UNIQUE INDEX "Client_externalId_key" ON "Client"("externalId");

-- CreateIndex
CREATE INDEX "Client_segment_idx" ON "Client"("segment");

-- CreateIndex
CREATE INDEX "MonthlyStatement_referenceMonth_idx" ON "MonthlyStatement"("referenceMonth");

-- CreateIndex
CREATE INDEX "Outcome_referenceMonth_idx" ON "Outcome"("referenceMonth");

-- CreateIndex
CREATE INDEX "IngestionBatch_startedAt_idx" ON "IngestionBatch"("startedAt");

-- CreateIndex
CREATE INDEX "IngestionRejection_batchId_line_idx" ON "IngestionRejection"("batchId", "line");

-- CreateIndex
CREATE INDEX "FeatureSnapshot_asOfMonth_featureSetVersion_idx" ON "FeatureSnapshot"("asOfMonth", "featureSetVersion");

-- AddForeignKey
ALTER TABLE "MonthlyStatement" ADD CONSTRAINT "MonthlyStatement_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BureauSnapshot" ADD CONSTRAINT "BureauSnapshot_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestionBatch" ADD CONSTRAINT "IngestionBatch_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestionRejection" ADD CONSTRAINT "IngestionRejection_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "IngestionBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeatureSnapshot" ADD CONSTRAINT "FeatureSnapshot_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;
