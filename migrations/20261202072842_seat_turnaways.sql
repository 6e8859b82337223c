CREATE TABLE "seat_turnaway_notices" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"people" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seat_turnaway_notices_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
CREATE TABLE "seat_turnaways" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"membership_id" uuid,
	"way" text NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reported_at" timestamp with time zone,
	CONSTRAINT "seat_turnaways_way" CHECK ("seat_turnaways"."way" in ('invitation', 'link', 'join_page'))
);
--> statement-breakpoint
ALTER TABLE "seat_turnaway_notices" ADD CONSTRAINT "seat_turnaway_notices_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_turnaways" ADD CONSTRAINT "seat_turnaways_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seat_turnaways" ADD CONSTRAINT "seat_turnaways_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "seat_turnaways_unreported_key" ON "seat_turnaways" USING btree ("org_id","email") WHERE "seat_turnaways"."reported_at" is null;