-- DropIndex
DROP INDEX "MonthlyStatement_referenceMonth_idx";
