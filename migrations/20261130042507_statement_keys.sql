ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "emails" DROP CONSTRAINT "emails_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "emails" DROP CONSTRAINT "emails_membership_id_memberships_id_fk";
--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_membership_id_memberships_id_fk";
--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "team_members" DROP CONSTRAINT "team_members_team_id_teams_id_fk";
--> statement-breakpoint
-- Keys checked once per statement (decision 0011). The tables an import writes a row per person
-- into check their keys here instead of with foreign keys, whose triggers run a query per row
-- (a quarter of the database's work in a commit). Same guarantees: every new key must name an
-- existing row, which is locked in key-share mode, as a foreign key locks it, so it cannot be
-- deleted before the writing transaction ends; deleting the parent cascades (triggers below).
CREATE FUNCTION check_keys_of_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key_column text := TG_ARGV[0];
  parent text := TG_ARGV[1];
  missing text;
BEGIN
  -- Each key looked up by id (lateral): never a scan of the parent, whatever the statistics say.
  EXECUTE format(
    'SELECT k.id::text FROM (SELECT DISTINCT n.%1$I AS id FROM new_rows n WHERE n.%1$I IS NOT NULL) k
       LEFT JOIN LATERAL (SELECT p.id FROM %2$I p WHERE p.id = k.id FOR KEY SHARE) p ON true
      WHERE p.id IS NULL LIMIT 1', key_column, parent)
    INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates its key "%": % is not in "%"', TG_TABLE_NAME, key_column, missing, parent
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The same for one row whose key an update changes (rare: those keys are written once).
CREATE FUNCTION check_key_of_changed_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key_column text := TG_ARGV[0];
  parent text := TG_ARGV[1];
  wanted uuid := (to_jsonb(NEW) ->> key_column)::uuid;
BEGIN
  EXECUTE format('SELECT 1 FROM %I WHERE id = $1 FOR KEY SHARE', parent) USING wanted;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "%" violates its key "%": % is not in "%"', TG_TABLE_NAME, key_column, wanted, parent
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_org_key AFTER INSERT ON memberships REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_of_new_rows('org_id', 'organizations');
--> statement-breakpoint
CREATE TRIGGER memberships_org_key_changed AFTER UPDATE OF org_id ON memberships
  FOR EACH ROW WHEN (NEW.org_id IS DISTINCT FROM OLD.org_id) EXECUTE FUNCTION check_key_of_changed_row('org_id', 'organizations');
--> statement-breakpoint
CREATE TRIGGER invitations_membership_key AFTER INSERT ON invitations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_of_new_rows('membership_id', 'memberships');
--> statement-breakpoint
CREATE TRIGGER invitations_membership_key_changed AFTER UPDATE OF membership_id ON invitations
  FOR EACH ROW WHEN (NEW.membership_id IS DISTINCT FROM OLD.membership_id) EXECUTE FUNCTION check_key_of_changed_row('membership_id', 'memberships');
--> statement-breakpoint
CREATE TRIGGER team_members_team_key AFTER INSERT ON team_members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_of_new_rows('team_id', 'teams');
--> statement-breakpoint
CREATE TRIGGER team_members_team_key_changed AFTER UPDATE OF team_id ON team_members
  FOR EACH ROW WHEN (NEW.team_id IS DISTINCT FROM OLD.team_id) EXECUTE FUNCTION check_key_of_changed_row('team_id', 'teams');
--> statement-breakpoint
CREATE TRIGGER emails_org_key AFTER INSERT ON emails REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_of_new_rows('org_id', 'organizations');
--> statement-breakpoint
CREATE TRIGGER emails_membership_key AFTER INSERT ON emails REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_of_new_rows('membership_id', 'memberships');
--> statement-breakpoint
CREATE TRIGGER emails_org_key_changed AFTER UPDATE OF org_id ON emails
  FOR EACH ROW WHEN (NEW.org_id IS DISTINCT FROM OLD.org_id AND NEW.org_id IS NOT NULL) EXECUTE FUNCTION check_key_of_changed_row('org_id', 'organizations');
--> statement-breakpoint
CREATE TRIGGER emails_membership_key_changed AFTER UPDATE OF membership_id ON emails
  FOR EACH ROW WHEN (NEW.membership_id IS DISTINCT FROM OLD.membership_id AND NEW.membership_id IS NOT NULL)
  EXECUTE FUNCTION check_key_of_changed_row('membership_id', 'memberships');
--> statement-breakpoint
CREATE TRIGGER audit_log_org_key AFTER INSERT ON audit_log REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_keys_of_new_rows('org_id', 'organizations');
--> statement-breakpoint
-- What the keys' ON DELETE did: deleting an organization, a membership or a team takes the rows
-- that name it (an email keeps its record, without its membership). Deletes are rare and small.
CREATE FUNCTION delete_organization_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM memberships WHERE org_id = OLD.id;
  DELETE FROM emails WHERE org_id = OLD.id;
  DELETE FROM audit_log WHERE org_id = OLD.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organizations_delete_rows AFTER DELETE ON organizations
  FOR EACH ROW EXECUTE FUNCTION delete_organization_rows();
--> statement-breakpoint
CREATE FUNCTION delete_membership_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM invitations WHERE membership_id = OLD.id;
  UPDATE emails SET membership_id = NULL WHERE org_id = OLD.org_id AND membership_id = OLD.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_delete_rows AFTER DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION delete_membership_rows();
--> statement-breakpoint
CREATE FUNCTION delete_team_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM team_members WHERE org_id = OLD.org_id AND team_id = OLD.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER teams_delete_rows AFTER DELETE ON teams
  FOR EACH ROW EXECUTE FUNCTION delete_team_rows();
