-- Searching members by a fragment of an address or a name ("%okonkwo%") cannot use a btree
-- index; trigram indexes answer it without reading the whole organization.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "memberships_email_trgm_idx" ON "memberships" USING gin ("email" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "accounts_email_trgm_idx" ON "accounts" USING gin ("email" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "accounts_username_trgm_idx" ON "accounts" USING gin ("username" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "accounts_name_trgm_idx" ON "accounts" USING gin ((lower("first_name" || ' ' || "last_name")) gin_trgm_ops);
