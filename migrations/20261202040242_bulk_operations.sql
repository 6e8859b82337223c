CREATE TABLE "bulk_operation_items" (
	"operation_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"outcome" text,
	"reason" text,
	CONSTRAINT "bulk_operation_items_operation_id_position_pk" PRIMARY KEY("operation_id","position"),
	CONSTRAINT "bulk_operation_items_outcome" CHECK ("bulk_operation_items"."outcome" is null or "bulk_operation_items"."outcome" in ('done', 'refused'))
);
--> statement-breakpoint
CREATE TABLE "bulk_operations" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"org_id" uuid NOT NULL,
	"action" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"filter" jsonb,
	"actor_account_id" uuid,
	"actor_key_id" uuid,
	"actor_label" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "bulk_operations_action" CHECK ("bulk_operations"."action" in ('resend', 'cancel', 'remove', 'change_role', 'add_to_team')),
	CONSTRAINT "bulk_operations_status" CHECK ("bulk_operations"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "bulk_operations_counts" CHECK ("bulk_operations"."succeeded" >= 0 and "bulk_operations"."refused" >= 0)
);
--> statement-breakpoint
ALTER TABLE "bulk_operation_items" ADD CONSTRAINT "bulk_operation_items_operation_id_bulk_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."bulk_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_operation_items" ADD CONSTRAINT "bulk_operation_items_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_operations" ADD CONSTRAINT "bulk_operations_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_operation_items_person_key" ON "bulk_operation_items" USING btree ("operation_id","membership_id");--> statement-breakpoint
CREATE INDEX "bulk_operations_org_created_idx" ON "bulk_operations" USING btree ("org_id","created_at" DESC NULLS LAST);