-- LGPD erasure of a client's personal data: when it happened and which user did it. The row itself stays (its
-- statements, bureau snapshots, outcomes and features feed decisions and metrics); only personal fields go.

-- AlterTable
ALTER TABLE "Client" ADD COLUMN "erasedAt" TIMESTAMPTZ(3),
ADD COLUMN "erasedById" UUID;

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_erasedById_fkey" FOREIGN KEY ("erasedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
