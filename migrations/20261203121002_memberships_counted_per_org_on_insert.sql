-- Kept counts (decision 0017): an inserted membership is counted for its organization only.
-- Its teams are counted by the placements' own trigger (count_team_rows), which sees the
-- person whether they were inserted before it or in the same statement; looking the new
-- people up in team_members and team_roles here found nothing, or, for a placement written in
-- the same statement, counted that team twice. Without the lookups, rows are grouped by
-- organization and tally before the upsert: an invitation of 500 addresses spends about 5 ms
-- less in add_member_counts (decision 0029).
CREATE OR REPLACE FUNCTION count_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  people uuid[]; orgs uuid[]; tallies text[]; deltas int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(NULL::uuid), array_agg(c.org_id), array_agg(c.tally), array_agg(c.n) INTO people, orgs, tallies, deltas FROM (
      SELECT r.org_id, member_tally(r.status, i.status, i.via) AS tally, count(*)::int AS n FROM new_rows r
        LEFT JOIN LATERAL (SELECT i.status, i.via FROM invitations i WHERE i.id = r.current_invitation_id AND i.org_id = r.org_id LIMIT 1) i ON true
      GROUP BY 1, 2
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
