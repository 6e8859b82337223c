CREATE TABLE "invite_links" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"domains" text[] NOT NULL,
	"team_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"expires_at" timestamp with time zone,
	"max_uses" integer,
	"uses" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"generation" integer DEFAULT 1 NOT NULL,
	"rotated_at" timestamp with time zone,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invite_links_domains" CHECK (cardinality("invite_links"."domains") between 1 and 50),
	CONSTRAINT "invite_links_max_uses" CHECK ("invite_links"."max_uses" is null or "invite_links"."max_uses" >= 1),
	CONSTRAINT "invite_links_uses" CHECK ("invite_links"."uses" >= 0)
);
--> statement-breakpoint
CREATE TABLE "join_pages" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"slug" text,
	"team_id" uuid,
	"domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "join_pages_enabled_has_slug" CHECK (not "join_pages"."enabled" or "join_pages"."slug" is not null)
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "via" text;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "link_id" uuid;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "way_in_generation" integer;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "source" text DEFAULT 'invitation' NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "source_id" uuid;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "public_domains_allowed" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "invite_links" ADD CONSTRAINT "invite_links_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invite_links" ADD CONSTRAINT "invite_links_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invite_links" ADD CONSTRAINT "invite_links_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "join_pages" ADD CONSTRAINT "join_pages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "join_pages" ADD CONSTRAINT "join_pages_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invite_links_key_key" ON "invite_links" USING btree ("key");--> statement-breakpoint
CREATE INDEX "invite_links_org_created_idx" ON "invite_links" USING btree ("org_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "join_pages_slug_key" ON "join_pages" USING btree ("slug") WHERE "join_pages"."slug" is not null;--> statement-breakpoint
CREATE INDEX "memberships_org_source_created_idx" ON "memberships" USING btree ("org_id","source","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_via" CHECK ("invitations"."via" is null or "invitations"."via" in ('link', 'join_page'));--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_source" CHECK ("memberships"."source" in ('invitation', 'setup', 'import', 'link', 'join_page', 'scim', 'api_key'));--> statement-breakpoint
-- How existing members came in (R-36): the import that wrote them, else set up when no
-- invitation was ever issued for them, else invited (the column's default).
UPDATE "memberships" m SET "source" = 'import', "source_id" = r.import_id
FROM (SELECT DISTINCT ON (membership_id) membership_id, import_id FROM "import_rows"
      WHERE membership_id IS NOT NULL ORDER BY membership_id, import_id DESC) r
WHERE m.id = r.membership_id;--> statement-breakpoint
UPDATE "memberships" m SET "source" = 'setup'
WHERE m."source" = 'invitation' AND NOT EXISTS (SELECT 1 FROM "invitations" i WHERE i.membership_id = m.id);
