ALTER TABLE "memberships" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "retention_days" integer DEFAULT 365;--> statement-breakpoint
CREATE INDEX "memberships_retention_idx" ON "memberships" USING btree ("removed_at") WHERE "memberships"."status" = 'removed' and "memberships"."erased_at" is null;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_retention" CHECK ("organizations"."retention_days" is null or "organizations"."retention_days" between 1 and 36500);--> statement-breakpoint
-- Erasure (R-27, decision 0015) is the one change the append-only log lets through: a
-- transaction that sets roster.erasure = 'on' (SET LOCAL, so it ends with the transaction)
-- may UPDATE entries, to replace a person's data with an opaque reference. Nothing may
-- delete an entry of a living organization, erasure included.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM organizations WHERE id = OLD.org_id) THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND current_setting('roster.erasure', true) = 'on' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
