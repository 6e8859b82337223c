-- The member cap's count without a scan of the organization's pending invitations
-- (decision 0024). Its generic plan counted the expired ones along invitations_one_pending_key
-- (org_id, email), filtering every pending invitation of the organization by its expiry: 3,200
-- rows and 1.9 ms per invitation in an organization of 3,200 pending, growing with it. Asking
-- for them in expiry order leaves one index that answers without a sort, whatever the
-- statistics say: invitations_org_pending_expiry_idx (org_id, expires_at), which holds only
-- the few the sweep has not marked yet. And as a set-returning SQL function with one SELECT,
-- PostgreSQL inlines it into the statement that calls it: no function start-up per call.
DROP FUNCTION kept_active_and_pending(uuid);
--> statement-breakpoint
CREATE FUNCTION kept_active_and_pending(org uuid) RETURNS TABLE (active int, pending int) LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(c.n) FILTER (WHERE c.tally = 'active'), 0)::int,
         (coalesce(sum(c.n) FILTER (WHERE c.tally = 'invitations_pending'), 0)
           - (SELECT count(*) FROM (SELECT FROM invitations i
                                     WHERE i.org_id = org AND i.status = 'pending' AND i.expires_at <= now()
                                     ORDER BY i.expires_at) lapsed))::int
    FROM member_counts c WHERE c.org_id = org AND c.team_id = '00000000-0000-0000-0000-000000000000'
$$;
