ALTER TABLE "organizations" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "learning_platform_name" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "learning_platform_url" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_learning_platform" CHECK (("organizations"."learning_platform_url" is null) = ("organizations"."learning_platform_name" is null) and ("organizations"."learning_platform_url" is null or "organizations"."learning_platform_url" ~ '^https?://'));