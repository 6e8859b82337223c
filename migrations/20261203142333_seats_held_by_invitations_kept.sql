-- Kept counts (decision 0030): how many pending invitations hold a seat, per organization
-- ('invitations_seated', beside 'invitations_pending'). The licenses and seats pages showed
-- them, and the free seats they leave for the others, by counting the organization's pending
-- invitations at every request: 4 ms with 10,000 pending, growing with them.
--
-- The invitations are locked against writes for the moment of the change, so that none is
-- written between the new trigger and the first count.
LOCK TABLE invitations IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION count_invitations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- Pending rows change no person's tab (decision 0028): counted per organization only.
    PERFORM add_member_counts(array_agg(NULL::uuid), array_agg(p.org_id), array_agg(v.tally), array_agg(v.n))
      FROM (SELECT n.org_id, count(*)::int AS pending, (count(*) FILTER (WHERE n.holds_seat))::int AS seated
              FROM new_rows n WHERE n.status = 'pending' GROUP BY n.org_id) p
      CROSS JOIN LATERAL (VALUES ('invitations_pending', p.pending), ('invitations_seated', p.seated)) AS v(tally, n)
      HAVING count(*) > 0;
    PERFORM count_invitation_changes(array_agg(n.id), array_agg(n.org_id), array_agg(n.membership_id),
      array_agg(NULL::text), array_agg(NULL::text), array_agg(n.status), array_agg(n.via)) FROM new_rows n
      WHERE n.status <> 'pending' HAVING count(*) > 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM count_invitation_changes(array_agg(o.id), array_agg(o.org_id), array_agg(o.membership_id),
      array_agg(o.status), array_agg(o.via), array_agg(NULL::text), array_agg(NULL::text)) FROM old_rows o HAVING count(*) > 0;
    PERFORM add_member_counts(array_agg(NULL::uuid), array_agg(s.org_id), array_agg('invitations_seated'::text), array_agg(-s.n))
      FROM (SELECT o.org_id, count(*)::int AS n FROM old_rows o WHERE o.status = 'pending' AND o.holds_seat GROUP BY o.org_id) s
      HAVING count(*) > 0;
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
    -- Seats held before and after, per organization: no join, each side read once.
    PERFORM add_member_counts(array_agg(NULL::uuid), array_agg(s.org_id), array_agg('invitations_seated'::text), array_agg(s.n))
      FROM (SELECT h.org_id, sum(h.n)::int AS n FROM (
              SELECT o.org_id, -1 AS n FROM old_rows o WHERE o.status = 'pending' AND o.holds_seat
              UNION ALL
              SELECT n.org_id, 1 FROM new_rows n WHERE n.status = 'pending' AND n.holds_seat) h
            GROUP BY h.org_id) s
      HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION full_member_counts(only_org uuid) RETURNS TABLE (org_id uuid, team_id uuid, tally text, n int) LANGUAGE sql STABLE AS $$
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
  UNION ALL
  SELECT i.org_id, '00000000-0000-0000-0000-000000000000'::uuid, 'invitations_seated', count(*)::int FROM invitations i
   WHERE i.status = 'pending' AND i.holds_seat AND (only_org IS NULL OR i.org_id = only_org) GROUP BY 1
$$;
--> statement-breakpoint
INSERT INTO member_counts (org_id, team_id, tally, shard, n)
SELECT i.org_id, '00000000-0000-0000-0000-000000000000'::uuid, 'invitations_seated', 0, count(*)::int FROM invitations i
 WHERE i.status = 'pending' AND i.holds_seat GROUP BY 1
ON CONFLICT (org_id, team_id, tally, shard) DO UPDATE SET n = excluded.n;
