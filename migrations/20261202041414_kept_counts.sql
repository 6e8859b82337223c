CREATE TABLE "member_counts" (
	"org_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"tally" text NOT NULL,
	"shard" smallint NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "member_counts_org_id_team_id_tally_shard_pk" PRIMARY KEY("org_id","team_id","tally","shard")
);
--> statement-breakpoint
CREATE INDEX "invitations_org_pending_expiry_idx" ON "invitations" USING btree ("org_id","expires_at") WHERE "invitations"."status" = 'pending';--> statement-breakpoint
-- Kept counts (decision 0017). A person's tab, as the members page shows it, from their
-- membership and its current invitation; time plays no part (an invitation past its expiry
-- but not yet swept counts as pending here, and readers move those few to "expired").
CREATE FUNCTION member_tally(m_status text, i_status text, i_via text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN m_status = 'active' THEN 'active'
    WHEN m_status = 'removed' THEN 'removed'
    WHEN i_status = 'accepted' AND i_via IS NOT NULL THEN 'requested'
    WHEN i_status = 'cancelled' THEN 'cancelled'
    WHEN i_status = 'expired' THEN 'expired'
    ELSE 'pending' END
$$;
--> statement-breakpoint
-- Adds changes to the counts: for each person (null for an organization-wide tally) +n or -n
-- in a tally, to the organization's row and, for a person, to each team they are in now. One
-- statement, rows in key order (concurrent writers lock them in the same order), on the
-- shard of this transaction.
CREATE FUNCTION add_member_counts(people uuid[], orgs uuid[], tallies text[], deltas int[]) RETURNS void LANGUAGE sql AS $$
  WITH d AS (
    SELECT * FROM unnest(people, orgs, tallies, deltas) AS d(membership_id, org_id, tally, n) WHERE n <> 0
  ), kept AS (
    SELECT org_id, '00000000-0000-0000-0000-000000000000'::uuid AS team_id, tally, sum(n)::int AS n FROM d GROUP BY 1, 2, 3
    UNION ALL
    SELECT d.org_id, p.team_id, d.tally, sum(d.n)::int FROM d
      CROSS JOIN LATERAL (
        SELECT tm.team_id FROM team_members tm WHERE tm.membership_id = d.membership_id AND tm.org_id = d.org_id
        UNION
        SELECT r.team_id FROM team_roles r WHERE r.membership_id = d.membership_id AND r.org_id = d.org_id
      ) p
      WHERE d.membership_id IS NOT NULL
      GROUP BY 1, 2, 3
  )
  INSERT INTO member_counts (org_id, team_id, tally, shard, n)
  SELECT org_id, team_id, tally, (txid_current() % 16)::smallint, n FROM kept WHERE n <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, team_id, tally, shard) DO UPDATE SET n = member_counts.n + excluded.n
$$;
--> statement-breakpoint
-- Memberships: the old rows' tallies out, the new rows' in, read with the invitation each
-- points at now (this statement did not change invitations).
CREATE FUNCTION count_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  people uuid[]; orgs uuid[]; tallies text[]; deltas int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(c.id), array_agg(c.org_id), array_agg(c.tally), array_agg(c.n) INTO people, orgs, tallies, deltas FROM (
      SELECT r.id, r.org_id, member_tally(r.status, i.status, i.via) AS tally, 1 AS n FROM new_rows r
        LEFT JOIN LATERAL (SELECT i.status, i.via FROM invitations i WHERE i.id = r.current_invitation_id AND i.org_id = r.org_id LIMIT 1) i ON true
    ) c;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(c.id), array_agg(c.org_id), array_agg(c.tally), array_agg(c.n) INTO people, orgs, tallies, deltas FROM (
      SELECT r.id, r.org_id, member_tally(r.status, i.status, i.via) AS tally, -1 AS n FROM old_rows r
        LEFT JOIN LATERAL (SELECT i.status, i.via FROM invitations i WHERE i.id = r.current_invitation_id AND i.org_id = r.org_id LIMIT 1) i ON true
    ) c;
  ELSE
    SELECT array_agg(c.id), array_agg(c.org_id), array_agg(c.tally), array_agg(c.n) INTO people, orgs, tallies, deltas FROM (
      SELECT x.id, x.org_id, x.tally, x.n FROM (
        SELECT o.id, o.org_id, member_tally(o.status, oi.status, oi.via) AS before, member_tally(r.status, ni.status, ni.via) AS after,
               o.org_id AS old_org, r.org_id AS new_org
          FROM new_rows r JOIN old_rows o ON o.id = r.id
          LEFT JOIN LATERAL (SELECT i.status, i.via FROM invitations i WHERE i.id = o.current_invitation_id AND i.org_id = o.org_id LIMIT 1) oi ON true
          LEFT JOIN LATERAL (SELECT i.status, i.via FROM invitations i WHERE i.id = r.current_invitation_id AND i.org_id = r.org_id LIMIT 1) ni ON true
      ) t CROSS JOIN LATERAL (VALUES (t.id, t.old_org, t.before, -1), (t.id, t.new_org, t.after, 1)) AS x(id, org_id, tally, n)
      WHERE t.before <> t.after OR t.old_org <> t.new_org
    ) c;
  END IF;
  IF people IS NOT NULL THEN PERFORM add_member_counts(people, orgs, tallies, deltas); END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Invitations: each changed invitation with its state before (null: it was inserted) and
-- after (null: deleted). The person whose current invitation it is moves from the tally they
-- had with the old state to the one they have with the new; pending invitations are counted
-- per organization.
CREATE FUNCTION count_invitation_changes(ids uuid[], orgs uuid[], members uuid[], before_status text[], before_via text[], after_status text[], after_via text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  people uuid[]; porgs uuid[]; tallies text[]; deltas int[];
BEGIN
  SELECT array_agg(x.membership_id), array_agg(x.org_id), array_agg(x.tally), array_agg(x.n) INTO people, porgs, tallies, deltas FROM (
    SELECT m.id AS membership_id, m.org_id, v.tally, v.n
      FROM unnest(ids, orgs, members, before_status, before_via, after_status, after_via) AS c(id, org_id, membership_id, bs, bv, a_s, av)
      JOIN LATERAL (SELECT m.id, m.org_id, m.status FROM memberships m WHERE m.id = c.membership_id AND m.org_id = c.org_id AND m.current_invitation_id = c.id LIMIT 1) m ON true
      CROSS JOIN LATERAL (VALUES (member_tally(m.status, c.bs, c.bv), -1), (member_tally(m.status, c.a_s, c.av), 1)) AS v(tally, n)
      WHERE member_tally(m.status, c.bs, c.bv) <> member_tally(m.status, c.a_s, c.av)
    UNION ALL
    SELECT NULL, c.org_id, 'invitations_pending', (c.a_s IS NOT DISTINCT FROM 'pending')::int - (c.bs IS NOT DISTINCT FROM 'pending')::int
      FROM unnest(orgs, before_status, after_status) AS c(org_id, bs, a_s)
  ) x;
  IF people IS NOT NULL THEN PERFORM add_member_counts(people, porgs, tallies, deltas); END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION count_invitations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM count_invitation_changes(array_agg(n.id), array_agg(n.org_id), array_agg(n.membership_id),
      array_agg(NULL::text), array_agg(NULL::text), array_agg(n.status), array_agg(n.via)) FROM new_rows n HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM count_invitation_changes(array_agg(o.id), array_agg(o.org_id), array_agg(o.membership_id),
      array_agg(o.status), array_agg(o.via), array_agg(NULL::text), array_agg(NULL::text)) FROM old_rows o HAVING count(*) > 0;
  ELSE
    -- An update that moves an invitation to another person or organization counts as out and in.
    PERFORM count_invitation_changes(array_agg(c.id), array_agg(c.org_id), array_agg(c.membership_id),
      array_agg(c.bs), array_agg(c.bv), array_agg(c.a_s), array_agg(c.av)) FROM (
        SELECT n.id, n.org_id, n.membership_id, o.status AS bs, o.via AS bv, n.status AS a_s, n.via AS av
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (o.status, o.via) IS DISTINCT FROM (n.status, n.via) AND o.org_id = n.org_id AND o.membership_id = n.membership_id
        UNION ALL
        SELECT o.id, o.org_id, o.membership_id, o.status, o.via, NULL, NULL
          FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.org_id <> n.org_id OR o.membership_id <> n.membership_id
        UNION ALL
        SELECT n.id, n.org_id, n.membership_id, NULL, NULL, n.status, n.via
          FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.org_id <> n.org_id OR o.membership_id <> n.membership_id
      ) c HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A person counts in a team while they have a placement there (team_members, any origin) or
-- a team role; `placed` and `roles` are the rows of either table a statement added (+1) or
-- took away (-1). Presence before = rows now minus what the statement added plus what it took.
CREATE FUNCTION count_team_changes(from_roles boolean, orgs uuid[], teams uuid[], people uuid[], signs int[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  porgs uuid[]; pteams uuid[]; tallies text[]; deltas int[];
BEGIN
  WITH changed AS (
    SELECT org_id, team_id, membership_id, sum(sign)::int AS net
      FROM unnest(orgs, teams, people, signs) AS c(org_id, team_id, membership_id, sign) GROUP BY 1, 2, 3
  ), presence AS (
    SELECT c.org_id, c.team_id, c.membership_id, p.placed, r.roles,
           CASE WHEN from_roles THEN p.placed > 0 OR r.roles - c.net > 0 ELSE p.placed - c.net > 0 OR r.roles > 0 END AS before,
           p.placed > 0 OR r.roles > 0 AS after
      FROM changed c
      CROSS JOIN LATERAL (SELECT count(*)::int AS placed FROM team_members t
                           WHERE t.org_id = c.org_id AND t.team_id = c.team_id AND t.membership_id = c.membership_id) p
      CROSS JOIN LATERAL (SELECT count(*)::int AS roles FROM team_roles t WHERE t.team_id = c.team_id AND t.membership_id = c.membership_id) r
  ), moved AS (
    SELECT p.org_id, p.team_id, member_tally(m.status, i.status, i.via) AS tally, sum(p.after::int - p.before::int)::int AS n
      FROM presence p
      JOIN LATERAL (SELECT m.status, m.current_invitation_id FROM memberships m WHERE m.id = p.membership_id LIMIT 1) m ON true
      LEFT JOIN LATERAL (SELECT i.status, i.via FROM invitations i WHERE i.id = m.current_invitation_id AND i.org_id = p.org_id LIMIT 1) i ON true
      WHERE p.before <> p.after
      GROUP BY 1, 2, 3
  )
  INSERT INTO member_counts (org_id, team_id, tally, shard, n)
  SELECT org_id, team_id, tally, (txid_current() % 16)::smallint, n FROM moved WHERE n <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, team_id, tally, shard) DO UPDATE SET n = member_counts.n + excluded.n;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION count_team_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  from_roles boolean := TG_TABLE_NAME = 'team_roles';
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM count_team_changes(from_roles, array_agg(n.org_id), array_agg(n.team_id), array_agg(n.membership_id), array_agg(1))
      FROM new_rows n HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM count_team_changes(from_roles, array_agg(o.org_id), array_agg(o.team_id), array_agg(o.membership_id), array_agg(-1))
      FROM old_rows o HAVING count(*) > 0;
  ELSE
    PERFORM count_team_changes(from_roles, array_agg(c.org_id), array_agg(c.team_id), array_agg(c.membership_id), array_agg(c.sign)) FROM (
      SELECT n.org_id, n.team_id, n.membership_id, 1 AS sign FROM new_rows n
      UNION ALL
      SELECT o.org_id, o.team_id, o.membership_id, -1 FROM old_rows o
    ) c HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_counted_insert AFTER INSERT ON memberships REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_memberships();
--> statement-breakpoint
CREATE TRIGGER memberships_counted_update AFTER UPDATE ON memberships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_memberships();
--> statement-breakpoint
CREATE TRIGGER memberships_counted_delete AFTER DELETE ON memberships REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_memberships();
--> statement-breakpoint
CREATE TRIGGER invitations_counted_insert AFTER INSERT ON invitations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_invitations();
--> statement-breakpoint
CREATE TRIGGER invitations_counted_update AFTER UPDATE ON invitations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_invitations();
--> statement-breakpoint
CREATE TRIGGER invitations_counted_delete AFTER DELETE ON invitations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_invitations();
--> statement-breakpoint
CREATE TRIGGER team_members_counted_insert AFTER INSERT ON team_members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_team_rows();
--> statement-breakpoint
CREATE TRIGGER team_members_counted_update AFTER UPDATE ON team_members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_team_rows();
--> statement-breakpoint
CREATE TRIGGER team_members_counted_delete AFTER DELETE ON team_members REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_team_rows();
--> statement-breakpoint
CREATE TRIGGER team_roles_counted_insert AFTER INSERT ON team_roles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_team_rows();
--> statement-breakpoint
CREATE TRIGGER team_roles_counted_update AFTER UPDATE ON team_roles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_team_rows();
--> statement-breakpoint
CREATE TRIGGER team_roles_counted_delete AFTER DELETE ON team_roles REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_team_rows();
--> statement-breakpoint
-- What is there already, counted once.
CREATE FUNCTION full_member_counts(only_org uuid) RETURNS TABLE (org_id uuid, team_id uuid, tally text, n int) LANGUAGE sql STABLE AS $$
  WITH people AS (
    SELECT m.id, m.org_id, member_tally(m.status, i.status, i.via) AS tally FROM memberships m
      LEFT JOIN invitations i ON i.id = m.current_invitation_id AND i.org_id = m.org_id
     WHERE only_org IS NULL OR m.org_id = only_org
  )
  SELECT p.org_id, '00000000-0000-0000-0000-000000000000'::uuid, p.tally, count(*)::int FROM people p GROUP BY 1, 2, 3
  UNION ALL
  SELECT p.org_id, t.team_id, p.tally, count(*)::int FROM people p
    JOIN (SELECT tm.team_id, tm.membership_id FROM team_members tm WHERE only_org IS NULL OR tm.org_id = only_org
          UNION SELECT r.team_id, r.membership_id FROM team_roles r WHERE only_org IS NULL OR r.org_id = only_org) t ON t.membership_id = p.id
    GROUP BY 1, 2, 3
  UNION ALL
  SELECT i.org_id, '00000000-0000-0000-0000-000000000000'::uuid, 'invitations_pending', count(*)::int FROM invitations i
   WHERE i.status = 'pending' AND (only_org IS NULL OR i.org_id = only_org) GROUP BY 1
$$;
--> statement-breakpoint
INSERT INTO member_counts (org_id, team_id, tally, shard, n) SELECT org_id, team_id, tally, 0, n FROM full_member_counts(NULL);
