DROP INDEX "billing_events_org_at_idx";--> statement-breakpoint
CREATE INDEX "emails_org_failed_idx" ON "emails" USING btree ("org_id","created_at") WHERE "emails"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "invitations_org_sent_idx" ON "invitations" USING btree ("org_id","created_at") WHERE "invitations"."previous_id" is null;--> statement-breakpoint
CREATE INDEX "invitations_org_accepted_idx" ON "invitations" USING btree ("org_id","accepted_at","created_at") WHERE "invitations"."accepted_at" is not null;--> statement-breakpoint
CREATE INDEX "invitations_org_cancelled_idx" ON "invitations" USING btree ("org_id","cancelled_at") WHERE "invitations"."cancelled_at" is not null;--> statement-breakpoint
CREATE INDEX "invitations_org_expiring_idx" ON "invitations" USING btree ("org_id","expires_at") WHERE "invitations"."status" in ('pending', 'expired');--> statement-breakpoint
CREATE INDEX "billing_events_org_at_idx" ON "billing_events" USING btree ("org_id","at","kind");