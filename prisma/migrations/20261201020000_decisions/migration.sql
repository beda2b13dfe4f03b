-- Decisions: versioned policy, scoring runs and chunks, the append-only ledger, alerts and offers; API-key
-- scopes and rate limits.

-- CreateEnum
CREATE TYPE "PolicyStatus" AS ENUM ('PROPOSED', 'APPROVED', 'ACTIVE', 'RETIRED', 'REJECTED');

-- CreateEnum
CREATE TYPE "Band" AS ENUM ('LOW', 'MODERATE', 'CRITICAL');

-- CreateEnum
CREATE TYPE "DecisionAction" AS ENUM ('NONE', 'MANAGER_CALL', 'DIGITAL_OFFER');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('NONE', 'PHONE', 'APP', 'EMAIL', 'SMS', 'WHATSAPP');

-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('BATCH', 'REALTIME');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('NEW', 'CLAIMED', 'CONTACTED', 'OFFER_ACCEPTED', 'OFFER_DECLINED', 'UNREACHABLE', 'CLOSED');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('QUEUED', 'SKIPPED', 'SENT', 'DELIVERED', 'READ', 'FAILED', 'OPTED_OUT');

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "scopes" TEXT[] DEFAULT ARRAY['read']::TEXT[],
ADD COLUMN "rateLimitPerMinute" INTEGER NOT NULL DEFAULT 600;

-- CreateTable
CREATE TABLE "DecisionPolicy" (
    "version" INTEGER NOT NULL,
    "status" "PolicyStatus" NOT NULL DEFAULT 'PROPOSED',
    "moderateThreshold" DOUBLE PRECISION NOT NULL,
    "criticalThreshold" DOUBLE PRECISION NOT NULL,
    "holdoutShare" DOUBLE PRECISION NOT NULL,
    "holdoutSalt" TEXT NOT NULL,
    "performanceWindowMonths" INTEGER NOT NULL,
    "channelPreference" "Channel"[],
    "note" TEXT NOT NULL,
    "proposedById" UUID,
    "proposedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" UUID,
    "approvedAt" TIMESTAMPTZ(3),
    "activatedById" UUID,
    "activatedAt" TIMESTAMPTZ(3),
    "retiredAt" TIMESTAMPTZ(3),
    "rejectedById" UUID,
    "rejectedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DecisionPolicy_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "ScoringRun" (
    "id" UUID NOT NULL,
    "kind" "RunKind" NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "asOfMonth" CHAR(7) NOT NULL,
    "day" CHAR(10),
    "modelVersionId" UUID NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "featureSetVersion" TEXT NOT NULL,
    "clientsTotal" INTEGER NOT NULL DEFAULT 0,
    "clientsDone" INTEGER NOT NULL DEFAULT 0,
    "chunksTotal" INTEGER NOT NULL DEFAULT 0,
    "chunksDone" INTEGER NOT NULL DEFAULT 0,
    "decisions" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "holdout" INTEGER NOT NULL DEFAULT 0,
    "alertsOpened" INTEGER NOT NULL DEFAULT 0,
    "alertsRefreshed" INTEGER NOT NULL DEFAULT 0,
    "offersQueued" INTEGER NOT NULL DEFAULT 0,
    "featuresComputed" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "message" TEXT,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "origin" TEXT NOT NULL DEFAULT 'app',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ScoringRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoringChunk" (
    "runId" UUID NOT NULL,
    "idx" INTEGER NOT NULL,
    "lo" BIGINT NOT NULL,
    "hi" BIGINT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "clients" INTEGER NOT NULL DEFAULT 0,
    "decisions" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ScoringChunk_pkey" PRIMARY KEY ("runId","idx")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" BIGSERIAL NOT NULL,
    "runId" UUID NOT NULL,
    "clientId" BIGINT NOT NULL,
    "asOfMonth" CHAR(7) NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "featureSetVersion" TEXT NOT NULL,
    "features" DOUBLE PRECISION[],
    "yProba" DOUBLE PRECISION NOT NULL,
    "band" "Band" NOT NULL,
    "action" "DecisionAction" NOT NULL,
    "channel" "Channel" NOT NULL,
    "holdout" BOOLEAN NOT NULL,
    "reasonCodes" JSONB NOT NULL,
    "baseValue" DOUBLE PRECISION NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "clientId" BIGINT NOT NULL,
    "openClientId" BIGINT,
    "status" "AlertStatus" NOT NULL DEFAULT 'NEW',
    "decisionId" BIGINT NOT NULL,
    "yProba" DOUBLE PRECISION NOT NULL,
    "asOfMonth" CHAR(7) NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refreshedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id"),
    -- One open alert per client: openClientId mirrors clientId while open, null once closed.
    CONSTRAINT "Alert_open_check" CHECK (("status" = 'CLOSED') = ("openClientId" IS NULL)),
    CONSTRAINT "Alert_open_client_check" CHECK ("openClientId" IS NULL OR "openClientId" = "clientId")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" BIGSERIAL NOT NULL,
    "clientId" BIGINT NOT NULL,
    "decisionId" BIGINT NOT NULL,
    "channel" "Channel" NOT NULL,
    "status" "OfferStatus" NOT NULL DEFAULT 'QUEUED',
    "reason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DecisionPolicy_status_idx" ON "DecisionPolicy"("status");

-- CreateIndex
CREATE INDEX "ScoringRun_asOfMonth_createdAt_idx" ON "ScoringRun"("asOfMonth", "createdAt");

-- CreateIndex
CREATE INDEX "ScoringRun_status_createdAt_idx" ON "ScoringRun"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScoringRun_kind_day_modelVersionId_policyVersion_key" ON "ScoringRun"("kind", "day", "modelVersionId", "policyVersion");

-- CreateIndex
CREATE INDEX "Decision_clientId_decidedAt_idx" ON "Decision"("clientId", "decidedAt");

-- CreateIndex
CREATE INDEX "Decision_asOfMonth_policyVersion_idx" ON "Decision"("asOfMonth", "policyVersion");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_runId_clientId_key" ON "Decision"("runId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_openClientId_key" ON "Alert"("openClientId");

-- CreateIndex
CREATE INDEX "Alert_status_yProba_idx" ON "Alert"("status", "yProba");

-- CreateIndex
CREATE INDEX "Alert_clientId_idx" ON "Alert"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_decisionId_key" ON "Offer"("decisionId");

-- CreateIndex
CREATE INDEX "Offer_status_createdAt_idx" ON "Offer"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Offer_clientId_createdAt_idx" ON "Offer"("clientId", "createdAt");

-- AddForeignKey
ALTER TABLE "ScoringRun" ADD CONSTRAINT "ScoringRun_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoringRun" ADD CONSTRAINT "ScoringRun_policyVersion_fkey" FOREIGN KEY ("policyVersion") REFERENCES "DecisionPolicy"("version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoringChunk" ADD CONSTRAINT "ScoringChunk_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ScoringRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ScoringRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The ledger is append-only: no UPDATE or DELETE, whoever asks (the app, a script, a console).
CREATE FUNCTION "proativa_decision_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the decision ledger is append-only: % of decision % refused', TG_OP, OLD.id
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER "Decision_append_only" BEFORE UPDATE OR DELETE ON "Decision"
  FOR EACH ROW EXECUTE FUNCTION "proativa_decision_append_only"();

-- A policy version's rules are fixed at creation: only its lifecycle columns may change.
CREATE FUNCTION "proativa_policy_rules_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."version" IS DISTINCT FROM OLD."version"
     OR NEW."moderateThreshold" IS DISTINCT FROM OLD."moderateThreshold"
     OR NEW."criticalThreshold" IS DISTINCT FROM OLD."criticalThreshold"
     OR NEW."holdoutShare" IS DISTINCT FROM OLD."holdoutShare"
     OR NEW."holdoutSalt" IS DISTINCT FROM OLD."holdoutSalt"
     OR NEW."performanceWindowMonths" IS DISTINCT FROM OLD."performanceWindowMonths"
     OR NEW."channelPreference" IS DISTINCT FROM OLD."channelPreference"
     OR NEW."note" IS DISTINCT FROM OLD."note" THEN
    RAISE EXCEPTION 'decision policy v% is immutable: its rules cannot change', OLD."version"
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "DecisionPolicy_rules_immutable" BEFORE UPDATE ON "DecisionPolicy"
  FOR EACH ROW EXECUTE FUNCTION "proativa_policy_rules_immutable"();

-- Policies that ever decided anything are never deleted (the FK from ScoringRun restricts it).
