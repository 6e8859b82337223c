-- SCIM's Users (decision 0030): paged by offset along an index of them alone, and counted from
-- the kept counts less the erased, instead of sorting and counting the organization per page.
CREATE INDEX "memberships_org_scim_users_idx" ON "memberships" USING btree ("org_id","id") WHERE "memberships"."status" in ('active', 'removed') and "memberships"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "memberships_org_erased_idx" ON "memberships" USING btree ("org_id") WHERE "memberships"."erased_at" is not null;