-- Growing lists paged along their indexes (decision 0030): the outbox and the SCIM log read a
-- page newest first, ties broken by id, so the id joins their indexes and no page sorts.
DROP INDEX "emails_created_idx";--> statement-breakpoint
DROP INDEX "scim_requests_org_created_idx";--> statement-breakpoint
CREATE INDEX "emails_created_idx" ON "emails" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scim_requests_org_created_idx" ON "scim_requests" USING btree ("org_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);