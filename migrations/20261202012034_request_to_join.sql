ALTER TABLE "invite_links" ADD COLUMN "mode" text DEFAULT 'join' NOT NULL;--> statement-breakpoint
ALTER TABLE "join_pages" ADD COLUMN "mode" text DEFAULT 'join' NOT NULL;--> statement-breakpoint
ALTER TABLE "invite_links" ADD CONSTRAINT "invite_links_mode" CHECK ("invite_links"."mode" in ('join', 'request'));--> statement-breakpoint
ALTER TABLE "join_pages" ADD CONSTRAINT "join_pages_mode" CHECK ("join_pages"."mode" in ('join', 'request'));