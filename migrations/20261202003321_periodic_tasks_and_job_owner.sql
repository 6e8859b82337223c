CREATE TABLE "periodic_tasks" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_run_by" text,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "locked_by" text;