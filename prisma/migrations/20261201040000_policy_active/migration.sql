-- The decision policy's lifecycle, guarded by the database whoever writes (the app, a script, a console):
-- at most one ACTIVE version, status moves only along the approval workflow, the proposer never approves
-- their own version, and the rejection note is written once, with the rejection.
--
-- "At most one ACTIVE" would naturally be a partial unique index (WHERE status = 'ACTIVE'), which Prisma's
-- schema cannot express (lib/db/schema-match.int.test.ts compares indexes with it). A trigger does it instead:
-- whoever makes a version ACTIVE first takes the policy lock (the same transaction-scoped advisory lock
-- lib/policy/workflow.ts takes, key 0x706f6c69 'poli'), so two activations are serialized, and then checks,
-- with a fresh READ COMMITTED snapshot, that no other version is still ACTIVE. The previous version must be
-- retired in the same transaction, before the new one is activated.

-- AlterTable
ALTER TABLE "DecisionPolicy" ADD COLUMN "rejectionNote" TEXT;

CREATE FUNCTION "proativa_policy_lifecycle"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  other integer;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW."status" IS DISTINCT FROM OLD."status" AND NOT (
         (OLD."status" = 'PROPOSED' AND NEW."status" IN ('APPROVED', 'REJECTED'))
      OR (OLD."status" = 'APPROVED' AND NEW."status" IN ('ACTIVE', 'REJECTED'))
      OR (OLD."status" = 'ACTIVE' AND NEW."status" = 'RETIRED')) THEN
      RAISE EXCEPTION 'decision policy v%: % -> % is not a step of the approval workflow',
        OLD."version", OLD."status", NEW."status" USING ERRCODE = 'check_violation';
    END IF;
    IF NEW."status" = 'APPROVED' AND OLD."status" = 'PROPOSED'
       AND NEW."approvedById" IS NOT NULL AND NEW."approvedById" = NEW."proposedById" THEN
      RAISE EXCEPTION 'decision policy v%: the proposer cannot approve their own version', OLD."version"
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW."rejectionNote" IS DISTINCT FROM OLD."rejectionNote"
       AND NOT (NEW."status" = 'REJECTED' AND OLD."status" <> 'REJECTED') THEN
      RAISE EXCEPTION 'decision policy v%: the rejection note is written with the rejection only', OLD."version"
        USING ERRCODE = 'restrict_violation';
    END IF;
  END IF;
  IF NEW."status" = 'ACTIVE' AND (TG_OP = 'INSERT' OR OLD."status" <> 'ACTIVE') THEN
    PERFORM pg_advisory_xact_lock(1886350441);
    SELECT "version" INTO other FROM "DecisionPolicy"
     WHERE "status" = 'ACTIVE' AND "version" <> NEW."version" LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'decision policy v% cannot become ACTIVE while v% is ACTIVE: retire it first, in the same transaction',
        NEW."version", other USING ERRCODE = 'unique_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "DecisionPolicy_lifecycle" BEFORE INSERT OR UPDATE ON "DecisionPolicy"
  FOR EACH ROW EXECUTE FUNCTION "proativa_policy_lifecycle"();
