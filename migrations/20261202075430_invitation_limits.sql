-- Active members and pending invitations not past their expiry, for the member cap and the
-- trial limit (decision 0017): the kept counts of the whole organization, less the pending
-- invitations past their expiry that the sweep has not marked yet.
CREATE FUNCTION kept_active_and_pending(org uuid, OUT active int, OUT pending int) LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(n) FILTER (WHERE tally = 'active'), 0)::int,
         (coalesce(sum(n) FILTER (WHERE tally = 'invitations_pending'), 0)
           - (SELECT count(*) FROM invitations i WHERE i.org_id = org AND i.status = 'pending' AND i.expires_at <= now()))::int
    FROM member_counts WHERE org_id = org AND team_id = '00000000-0000-0000-0000-000000000000'
$$;
--> statement-breakpoint
-- The same, after taking the organization's invitation lock, in one round trip: an invitation
-- written without the lock counts again under it at its end. The count is a second statement of
-- a volatile function, so in READ COMMITTED it reads a snapshot taken after the lock was
-- granted: everything committed by whoever held it before.
CREATE FUNCTION lock_invitations_and_count(org uuid, OUT active int, OUT pending int) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('invite:' || org::text));
  SELECT k.active, k.pending INTO active, pending FROM kept_active_and_pending(org) k;
END
$$;
