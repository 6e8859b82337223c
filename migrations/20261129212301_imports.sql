CREATE TABLE "import_rows" (
	"import_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"email" text,
	"username" text,
	"first_name" text,
	"last_name" text,
	"teams" text,
	"team_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"role" text DEFAULT 'learner' NOT NULL,
	"mode" text NOT NULL,
	"password_hash" text,
	"problem_kind" text,
	"problem" text,
	"verdict" text,
	"reason" text,
	"outcome" text,
	"membership_id" uuid,
	CONSTRAINT "import_rows_import_id_row_number_pk" PRIMARY KEY("import_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"file_name" text NOT NULL,
	"file_bytes" integer DEFAULT 0 NOT NULL,
	"format" text,
	"default_mode" text NOT NULL,
	"status" text DEFAULT 'reading' NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"unknown_columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"preview_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"result_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"error" text,
	"committed_by" uuid,
	"committed_by_label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"previewed_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "imports_status" CHECK ("imports"."status" in ('reading', 'previewed', 'committing', 'done', 'failed'))
);
--> statement-breakpoint
DROP INDEX "jobs_ready_idx";--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "body" jsonb;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_committed_by_accounts_id_fk" FOREIGN KEY ("committed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_rows_pending_idx" ON "import_rows" USING btree ("import_id","row_number") WHERE "import_rows"."outcome" is null;--> statement-breakpoint
CREATE INDEX "import_rows_problems_idx" ON "import_rows" USING btree ("import_id","row_number") WHERE "import_rows"."verdict" in ('invalid', 'not_allowed');--> statement-breakpoint
CREATE INDEX "imports_org_created_idx" ON "imports" USING btree ("org_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "jobs_queued_idx" ON "jobs" USING btree ("kind","run_at","id") WHERE "jobs"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "jobs_running_idx" ON "jobs" USING btree ("kind","locked_until") WHERE "jobs"."status" = 'running';