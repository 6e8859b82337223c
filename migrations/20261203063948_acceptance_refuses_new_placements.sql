-- An acceptance of someone placed in no team sends its last statements and its COMMIT without
-- waiting for its team lookup: one round trip fewer. This check, sent among them, raises when a
-- placement appeared since the acceptance began; the COMMIT behind it then rolls back, and the
-- acceptance runs again the general way, assigning the teams' trainings (decision 0027).
CREATE FUNCTION refuse_if_placed(org uuid, member uuid) RETURNS void LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM team_members tm WHERE tm.membership_id = member AND tm.org_id = org) THEN
    RAISE EXCEPTION 'membership % was placed in a team meanwhile', member USING ERRCODE = 'RS003';
  END IF;
END;
$$;
