ALTER TABLE "rate_limits" ADD COLUMN "refused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Everyday writes without planning in their triggers, and without a row every writer waits
-- for (decision 0023). A profile of invitations (16 callers) found 26 % of PostgreSQL's time
-- in the planner and 13 % in a SQL function's start-up, most of it inside triggers, and most
-- of the waiting on two kinds of row held to the commit: the inviter's rate-limit counter
-- and a kept-count shard that two transactions drew alike.
--
-- 1. Key checks as static statements. A dynamic EXECUTE is parsed and planned at every call;
--    a static statement on the transition table is planned once per session and trigger
--    (PL/pgSQL prepares a statement when it first runs it, so each trigger prepares only the
--    branch of its own key). The same function and arguments: the triggers stay as they are.
CREATE OR REPLACE FUNCTION check_keys_of_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key_column text := TG_ARGV[0];
  parent text := TG_ARGV[1];
  missing uuid;
BEGIN
  -- Each key looked up by id (lateral): never a scan of the parent, whatever the statistics say.
  IF key_column = 'org_id' THEN
    SELECT k.id INTO missing FROM (SELECT DISTINCT n.org_id AS id FROM new_rows n WHERE n.org_id IS NOT NULL) k
      LEFT JOIN LATERAL (SELECT p.id FROM organizations p WHERE p.id = k.id FOR KEY SHARE) p ON true WHERE p.id IS NULL LIMIT 1;
  ELSIF key_column = 'membership_id' THEN
    SELECT k.id INTO missing FROM (SELECT DISTINCT n.membership_id AS id FROM new_rows n WHERE n.membership_id IS NOT NULL) k
      LEFT JOIN LATERAL (SELECT p.id FROM memberships p WHERE p.id = k.id FOR KEY SHARE) p ON true WHERE p.id IS NULL LIMIT 1;
  ELSIF key_column = 'team_id' THEN
    SELECT k.id INTO missing FROM (SELECT DISTINCT n.team_id AS id FROM new_rows n WHERE n.team_id IS NOT NULL) k
      LEFT JOIN LATERAL (SELECT p.id FROM teams p WHERE p.id = k.id FOR KEY SHARE) p ON true WHERE p.id IS NULL LIMIT 1;
  ELSE
    RAISE EXCEPTION 'check_keys_of_new_rows: no check for key "%"', key_column;
  END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates its key "%": % is not in "%"', TG_TABLE_NAME, key_column, missing, parent
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- 2. The kept-count shard is the connection's, not the transaction's: two transactions on
--    different connections no longer draw the same shard row by chance and wait on it.
CREATE FUNCTION count_shard() RETURNS smallint LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (pg_backend_pid() % 16)::smallint
$$;
--> statement-breakpoint
-- 3. Functions given arrays keep one plan. With a custom plan per call (PostgreSQL's default
--    for a statement with parameters whose generic cost looks higher), they were planned at
--    every call. Their plans cannot depend on the arrays: every lookup is by key, lateral.
CREATE OR REPLACE FUNCTION add_member_counts(people uuid[], orgs uuid[], tallies text[], deltas int[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  WITH d AS (
    SELECT * FROM unnest(people, orgs, tallies, deltas) AS d(membership_id, org_id, tally, n) WHERE n <> 0
  ), kept AS (
    SELECT d.org_id, '00000000-0000-0000-0000-000000000000'::uuid AS team_id, d.tally, sum(d.n)::int AS n FROM d GROUP BY 1, 2, 3
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
  INSERT INTO member_counts AS mc (org_id, team_id, tally, shard, n)
  SELECT k.org_id, k.team_id, k.tally, count_shard(), k.n FROM kept k WHERE k.n <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, team_id, tally, shard) DO UPDATE SET n = mc.n + excluded.n;
END;
$$;
--> statement-breakpoint
ALTER FUNCTION count_invitation_changes(uuid[], uuid[], uuid[], text[], text[], text[], text[]) SET plan_cache_mode = force_generic_plan;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION count_team_changes(from_roles boolean, orgs uuid[], teams uuid[], people uuid[], signs int[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  WITH changed AS (
    SELECT c.org_id, c.team_id, c.membership_id, sum(c.sign)::int AS net
      FROM unnest(orgs, teams, people, signs) AS c(org_id, team_id, membership_id, sign) GROUP BY 1, 2, 3
  ), presence AS (
    SELECT c.org_id, c.team_id, c.membership_id,
           CASE WHEN from_roles THEN p.placed > 0 OR r.roles - c.net > 0 ELSE p.placed - c.net > 0 OR r.roles > 0 END AS was,
           p.placed > 0 OR r.roles > 0 AS now_in
      FROM changed c
      CROSS JOIN LATERAL (SELECT count(*)::int AS placed FROM team_members t
                           WHERE t.org_id = c.org_id AND t.team_id = c.team_id AND t.membership_id = c.membership_id) p
      CROSS JOIN LATERAL (SELECT count(*)::int AS roles FROM team_roles t WHERE t.team_id = c.team_id AND t.membership_id = c.membership_id) r
  ), moved AS (
    SELECT p.org_id, p.team_id, member_tally(m.status, i.status, i.via) AS tally, sum(p.now_in::int - p.was::int)::int AS n
      FROM presence p
      JOIN LATERAL (SELECT m.status, m.current_invitation_id FROM memberships m WHERE m.id = p.membership_id LIMIT 1) m ON true
      LEFT JOIN LATERAL (SELECT i.status, i.via FROM invitations i WHERE i.id = m.current_invitation_id AND i.org_id = p.org_id LIMIT 1) i ON true
      WHERE p.was <> p.now_in
      GROUP BY 1, 2, 3
  )
  INSERT INTO member_counts AS mc (org_id, team_id, tally, shard, n)
  SELECT v.org_id, v.team_id, v.tally, count_shard(), v.n FROM moved v WHERE v.n <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (org_id, team_id, tally, shard) DO UPDATE SET n = mc.n + excluded.n;
END;
$$;
--> statement-breakpoint
-- 4. The member cap's count as PL/pgSQL: a LANGUAGE sql function in a FROM list is not inlined,
--    and its body was parsed and planned at every invitation.
CREATE OR REPLACE FUNCTION kept_active_and_pending(org uuid, OUT active int, OUT pending int) LANGUAGE plpgsql STABLE AS $$
BEGIN
  SELECT coalesce(sum(c.n) FILTER (WHERE c.tally = 'active'), 0)::int,
         (coalesce(sum(c.n) FILTER (WHERE c.tally = 'invitations_pending'), 0)
           - (SELECT count(*) FROM invitations i WHERE i.org_id = org AND i.status = 'pending' AND i.expires_at <= now()))::int
    INTO active, pending
    FROM member_counts c WHERE c.org_id = org AND c.team_id = '00000000-0000-0000-0000-000000000000';
END;
$$;
--> statement-breakpoint
-- 5. Rate-limit counters are not kept across a crash (an unlogged table is emptied by
--    recovery): a hit then commits without waiting for the disk, so the counter row, which
--    every request of one subject updates, is held for microseconds instead of a flush.
ALTER TABLE rate_limits SET UNLOGGED;
--> statement-breakpoint
-- 6. The end of an optimistic invitation run raises, instead of answering with counts, when the
--    organization is past its member cap or trial limit (trial_room: null when none applies).
--    The run's COMMIT is sent right behind this statement (`commitWith`), so the lock is held
--    for the statement and the commit only; a raise turns that COMMIT into a rollback.
CREATE FUNCTION lock_invitations_within_limits(org uuid, max_members int, trial_room int) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  counted record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('invite:' || org::text));
  -- A second statement of a volatile function: its snapshot is taken once the lock is granted.
  SELECT k.active, k.pending INTO counted FROM kept_active_and_pending(org) k;
  IF counted.active + counted.pending > max_members OR counted.pending > trial_room THEN
    RAISE EXCEPTION 'organization % is past its member cap or trial limit', org USING ERRCODE = 'RS001';
  END IF;
END;
$$;
--> statement-breakpoint
DROP FUNCTION lock_invitations_and_count(uuid);
--> statement-breakpoint
-- 7. Seats are taken by a function that raises when too few are free (RS002), instead of an
--    update that answers with no row: the statement that takes the seat can then be sent with
--    the COMMIT (`commitWith`), and the organization's row, which every acceptance and set-up
--    updates, is held for the statement and the commit only. The conditional increment is the
--    same: under any concurrency the count never passes the seats (R-18).
CREATE FUNCTION take_seats(org uuid, wanted int) RETURNS int LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  used int;
BEGIN
  UPDATE organizations SET seats_used = seats_used + wanted WHERE id = org AND seats_used + wanted <= seats RETURNING seats_used INTO used;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'organization % has fewer than % free seats', org, wanted USING ERRCODE = 'RS002';
  END IF;
  RETURN used;
END;
$$;
