-- The managers' alert queue (portfolios, claims, audit trail), the engagement outbox (offer dispatch, provider
-- events, A/B experiments), app settings, and monitoring's stored results (performance, drift, triggers).

-- CreateEnum
CREATE TYPE "ExperimentStatus" AS ENUM ('DRAFT', 'RUNNING', 'STOPPED');

-- CreateEnum
CREATE TYPE "MetricPeriodKind" AS ENUM ('MONTH', 'WEEK', 'DAY', 'RUN');

-- CreateEnum
CREATE TYPE "RetrainingStatus" AS ENUM ('OPEN', 'TRAINING', 'CHALLENGER_READY', 'CLOSED');

-- CreateTable
CREATE TABLE "Portfolio" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "managerId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Portfolio_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PortfolioRule" (
    "id" BIGSERIAL NOT NULL,
    "portfolioId" UUID NOT NULL,
    "region" TEXT,
    "segment" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortfolioRule_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Client" ADD COLUMN "portfolioId" UUID,
ADD COLUMN "portfolioPinned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "doNotCall" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Alert" ADD COLUMN "portfolioId" UUID,
ADD COLUMN "assigneeId" UUID,
ADD COLUMN "claimedAt" TIMESTAMPTZ(3),
ADD COLUMN "firstContactAt" TIMESTAMPTZ(3),
ADD COLUMN "slaDueAt" TIMESTAMPTZ(3),
ADD COLUMN "nextContactAt" TIMESTAMPTZ(3),
ADD COLUMN "exposure" DECIMAL(14,2),
ADD COLUMN "creditLimit" DECIMAL(14,2),
ADD COLUMN "lastNote" TEXT,
ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" BIGSERIAL NOT NULL,
    "alertId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "apiKeyId" UUID,
    "kind" TEXT NOT NULL,
    "fromStatus" "AlertStatus",
    "toStatus" "AlertStatus" NOT NULL,
    "note" TEXT,
    "nextContactAt" TIMESTAMPTZ(3),
    "demo" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "nextAttemptAt" TIMESTAMPTZ(3),
ADD COLUMN "providerMessageId" TEXT,
ADD COLUMN "lastError" TEXT,
ADD COLUMN "body" TEXT,
ADD COLUMN "sentAt" TIMESTAMPTZ(3),
ADD COLUMN "deliveredAt" TIMESTAMPTZ(3),
ADD COLUMN "readAt" TIMESTAMPTZ(3),
ADD COLUMN "acceptedAt" TIMESTAMPTZ(3),
ADD COLUMN "experimentId" UUID,
ADD COLUMN "variantKey" TEXT,
ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" BIGSERIAL NOT NULL,
    "offerId" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "OfferStatus" NOT NULL,
    "source" TEXT NOT NULL,
    "providerEventId" TEXT,
    "details" JSONB,

    CONSTRAINT "OfferEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "band" "Band" NOT NULL,
    "segment" TEXT,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'DRAFT',
    "salt" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "stoppedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentVariant" (
    "experimentId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ExperimentVariant_pkey" PRIMARY KEY ("experimentId","key")
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "PerformanceMetric" (
    "id" BIGSERIAL NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "periodKind" "MetricPeriodKind" NOT NULL,
    "period" TEXT NOT NULL,
    "cohort" TEXT NOT NULL,
    "asOfMonth" CHAR(7) NOT NULL,
    "n" INTEGER NOT NULL,
    "positives" INTEGER,
    "matured" BOOLEAN NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "auc" DOUBLE PRECISION,
    "aucLow" DOUBLE PRECISION,
    "aucHigh" DOUBLE PRECISION,
    "gini" DOUBLE PRECISION,
    "ks" DOUBLE PRECISION,
    "recall" DOUBLE PRECISION,
    "precision" DOUBLE PRECISION,
    "estAuc" DOUBLE PRECISION,
    "estRecall" DOUBLE PRECISION,
    "estPrecision" DOUBLE PRECISION,
    "details" JSONB,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PerformanceMetric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriftMetric" (
    "id" BIGSERIAL NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "periodKind" "MetricPeriodKind" NOT NULL,
    "period" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "psi" DOUBLE PRECISION,
    "verdict" TEXT,
    "referenceMean" DOUBLE PRECISION,
    "currentMean" DOUBLE PRECISION,
    "meanShift" DOUBLE PRECISION,
    "missingShare" DOUBLE PRECISION,
    "shares" DOUBLE PRECISION[],
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DriftMetric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitoringRun" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "modelVersionId" UUID,
    "progress" JSONB,
    "message" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'app',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "MonitoringRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitoringTrigger" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "comparator" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "periodKind" "MetricPeriodKind" NOT NULL,
    "cohort" TEXT,
    "feature" TEXT,
    "minSample" INTEGER NOT NULL DEFAULT 500,
    "cooldownDays" INTEGER NOT NULL DEFAULT 7,
    "action" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonitoringTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriggerFiring" (
    "id" BIGSERIAL NOT NULL,
    "triggerId" UUID NOT NULL,
    "metric" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "modelVersionId" UUID,
    "firedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" UUID,
    "ackNote" TEXT,

    CONSTRAINT "TriggerFiring_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetrainingRequest" (
    "id" UUID NOT NULL,
    "status" "RetrainingStatus" NOT NULL DEFAULT 'OPEN',
    "reason" TEXT NOT NULL,
    "firingId" BIGINT,
    "trainingJobId" UUID,
    "challengerId" UUID,
    "note" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RetrainingRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Client_portfolioId_idx" ON "Client"("portfolioId");

-- CreateIndex
CREATE INDEX "Alert_portfolioId_status_idx" ON "Alert"("portfolioId", "status");

-- CreateIndex
CREATE INDEX "Alert_assigneeId_status_idx" ON "Alert"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "AlertEvent_alertId_at_idx" ON "AlertEvent"("alertId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Portfolio_name_key" ON "Portfolio"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Portfolio_managerId_key" ON "Portfolio"("managerId");

-- CreateIndex
CREATE INDEX "PortfolioRule_portfolioId_idx" ON "PortfolioRule"("portfolioId");

-- CreateIndex
CREATE INDEX "Offer_providerMessageId_idx" ON "Offer"("providerMessageId");

-- CreateIndex
CREATE INDEX "Offer_experimentId_variantKey_idx" ON "Offer"("experimentId", "variantKey");

-- CreateIndex
CREATE UNIQUE INDEX "OfferEvent_providerEventId_key" ON "OfferEvent"("providerEventId");

-- CreateIndex
CREATE INDEX "OfferEvent_offerId_at_idx" ON "OfferEvent"("offerId", "at");

-- CreateIndex
CREATE INDEX "Experiment_status_band_idx" ON "Experiment"("status", "band");

-- CreateIndex
CREATE UNIQUE INDEX "PerformanceMetric_modelVersionId_periodKind_period_cohort_key" ON "PerformanceMetric"("modelVersionId", "periodKind", "period", "cohort");

-- CreateIndex
CREATE INDEX "PerformanceMetric_asOfMonth_idx" ON "PerformanceMetric"("asOfMonth");

-- CreateIndex
CREATE UNIQUE INDEX "DriftMetric_modelVersionId_periodKind_period_feature_key" ON "DriftMetric"("modelVersionId", "periodKind", "period", "feature");

-- CreateIndex
CREATE INDEX "MonitoringRun_status_createdAt_idx" ON "MonitoringRun"("status", "createdAt");

-- CreateIndex
CREATE INDEX "TriggerFiring_firedAt_idx" ON "TriggerFiring"("firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TriggerFiring_triggerId_period_subject_key" ON "TriggerFiring"("triggerId", "period", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "RetrainingRequest_firingId_key" ON "RetrainingRequest"("firingId");

-- CreateIndex
CREATE INDEX "RetrainingRequest_status_createdAt_idx" ON "RetrainingRequest"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_portfolioId_fkey" FOREIGN KEY ("portfolioId") REFERENCES "Portfolio"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_portfolioId_fkey" FOREIGN KEY ("portfolioId") REFERENCES "Portfolio"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Portfolio" ADD CONSTRAINT "Portfolio_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortfolioRule" ADD CONSTRAINT "PortfolioRule_portfolioId_fkey" FOREIGN KEY ("portfolioId") REFERENCES "Portfolio"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferEvent" ADD CONSTRAINT "OfferEvent_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentVariant" ADD CONSTRAINT "ExperimentVariant_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriggerFiring" ADD CONSTRAINT "TriggerFiring_triggerId_fkey" FOREIGN KEY ("triggerId") REFERENCES "MonitoringTrigger"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetrainingRequest" ADD CONSTRAINT "RetrainingRequest_firingId_fkey" FOREIGN KEY ("firingId") REFERENCES "TriggerFiring"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The audit trails are append-only: whoever writes (the app, a script, a console), an alert's events and an
-- offer's events are never changed or deleted.
CREATE FUNCTION "proativa_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AlertEvent_append_only" BEFORE UPDATE OR DELETE ON "AlertEvent"
  FOR EACH ROW EXECUTE FUNCTION "proativa_append_only"();

CREATE TRIGGER "OfferEvent_append_only" BEFORE UPDATE OR DELETE ON "OfferEvent"
  FOR EACH ROW EXECUTE FUNCTION "proativa_append_only"();
