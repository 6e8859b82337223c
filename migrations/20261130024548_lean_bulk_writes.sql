ALTER TABLE "invitations" DROP CONSTRAINT "invitations_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_membership_id_memberships_id_fk";
--> statement-breakpoint
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_origin_team_id_teams_id_fk";
--> statement-breakpoint
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_invitation_id_invitations_id_fk";
--> statement-breakpoint
DROP INDEX "import_rows_pending_idx";--> statement-breakpoint
DROP INDEX "team_members_org_team_idx";--> statement-breakpoint
DROP INDEX "team_members_invitation_idx";--> statement-breakpoint
DROP INDEX "memberships_account_idx";--> statement-breakpoint
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_team_id_membership_id_origin_team_id_pk";--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_org_id_team_id_membership_id_origin_team_id_pk" PRIMARY KEY("org_id","team_id","membership_id","origin_team_id");--> statement-breakpoint
CREATE INDEX "memberships_account_idx" ON "memberships" USING btree ("account_id") WHERE "memberships"."account_id" is not null;--> statement-breakpoint
-- Room on each page for the new version of every row, so the commit's outcome update stays on its page.
ALTER TABLE "import_rows" SET (fillfactor = 50);