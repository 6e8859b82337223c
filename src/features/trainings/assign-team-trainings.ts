import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { type EmailToQueue, queueEmails } from '../../mail/queue-email.js';
import { sessionInvitationEmail } from '../../mail/templates/session-invitation.js';
import { getOrg } from '../orgs/repository.js';

/** Emails per insert: 8 parameters each stays well below PostgreSQL's 65,535 per statement. */
const EMAILS_PER_STATEMENT = 5000;

interface NewSession {
  readonly membershipId: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly title: string;
  readonly startsAt: string;
  readonly location: string | null;
  readonly teamName: string;
}

/**
 * Makes each assignment `pairs` selects (`membership_id`, `training_id`: active people and
 * trainings of their teams), once, and queues one invitation email for each new
 * assignment to a session that is still to come. One INSERT … SELECT and a few email inserts,
 * however many people: the statement answers with the number of new assignments and the
 * session invitations to send. The callers select active people only, so a trial
 * organization never mails anyone who has not activated.
 */
async function assign(tx: Db, input: { orgId: string; publicUrl: string; pairs: SQL; bulk: boolean }): Promise<number> {
  const { orgId } = input;
  const [result] = await queryRows<{ added: number; sessions: NewSession[] | null }>(
    tx,
    sql`
    with added as (
      insert into training_assignments (org_id, training_id, membership_id)
      select distinct ${orgId}::uuid, p.training_id, p.membership_id from (${input.pairs}) p
      on conflict do nothing
      returning training_id, membership_id)
    select
      (select count(*)::int from added) as added,
      (select json_agg(json_build_object(
          'membershipId', a.membership_id, 'email', coalesce(acc.email, m.email), 'firstName', nullif(acc.first_name, ''),
          'title', t.title, 'startsAt', t.starts_at, 'location', t.location, 'teamName', te.name)
        order by t.starts_at, a.membership_id)
       from added a
       join trainings t on t.id = a.training_id
       join teams te on te.id = t.team_id
       join memberships m on m.id = a.membership_id
       left join accounts acc on acc.id = m.account_id
       where t.kind = 'session' and t.starts_at > now() and coalesce(acc.email, m.email) is not null) as sessions`,
  );
  const sessions = result?.sessions ?? [];
  if (sessions.length > 0) {
    const org = await getOrg(tx, orgId);
    const url = `${input.publicUrl}/my/trainings`;
    const mails: EmailToQueue[] = sessions.map((session) => ({
      orgId,
      membershipId: session.membershipId,
      kind: 'session-invitation',
      to: session.email,
      fromName: org.emailSenderName,
      ...sessionInvitationEmail({
        orgName: org.name,
        firstName: session.firstName,
        title: session.title,
        startsAt: new Date(session.startsAt),
        timeZone: org.timeZone,
        location: session.location,
        teamName: session.teamName,
        url,
      }),
    }));
    for (let start = 0; start < mails.length; start += EMAILS_PER_STATEMENT) {
      await queueEmails(tx, mails.slice(start, start + EMAILS_PER_STATEMENT), { bulk: input.bulk });
    }
  }
  return Number(result?.added ?? 0);
}

/**
 * For people who just became active (acceptance, set-up) or were added to teams while
 * active: assigns every training of every team each of them is in, once, and invites them
 * to upcoming sessions. Only memberships with status `active` are assigned. Returns how
 * many assignments are new. Runs in the caller's transaction. `bulk` (an import's chunk)
 * queues the invitations as bulk mail, after any mail someone is waiting for (decision 0009).
 */
export async function assignTeamTrainings(
  tx: Db,
  input: { orgId: string; membershipIds: readonly string[]; publicUrl: string; bulk?: boolean },
): Promise<number> {
  if (input.membershipIds.length === 0) return 0;
  const ids = pgArray(input.membershipIds);
  // Each person and their placements by key, from the ids given: a membership is checked to
  // be this organization's, and its placements then are too. (Filtered on the organization
  // instead, with statistics that lag behind a bulk load, the planner read every placement of
  // the organization for each person.)
  const pairs = sql`
    select m.id as membership_id, t.id as training_id
    from unnest(${ids}::uuid[]) as u (id)
    cross join lateral (select m.id from memberships m where m.id = u.id and m.org_id = ${input.orgId} and m.status = 'active' limit 1) m
    join team_members tm on tm.membership_id = m.id
    join trainings t on t.org_id = ${input.orgId} and t.team_id = tm.team_id`;
  // Shared locks on their teams: a training being added to one of them (which locks the
  // team for update) waits for this transaction, or this one waits for it, so neither
  // misses the other. People in no team have no team trainings: nothing more to do.
  const teams = await queryRows<{ id: string }>(
    tx,
    sql`
    select id from teams
    where org_id = ${input.orgId}
      and id in (select tm.team_id from unnest(${ids}::uuid[]) as u (id) join team_members tm on tm.membership_id = u.id)
    order by id for share`,
  );
  if (teams.length === 0) return 0;
  return assign(tx, { orgId: input.orgId, publicUrl: input.publicUrl, pairs, bulk: input.bulk ?? false });
}

/**
 * A training just added to a team: assigned at once to every active person in the team.
 * The caller holds the team locked (`lockTeamForTrainings`). Its session invitations go to
 * the whole team, maybe thousands of people, so they are bulk mail: a password reset asked
 * for meanwhile does not wait behind them.
 */
export async function assignTrainingToTeam(tx: Db, input: { orgId: string; trainingId: string; publicUrl: string }): Promise<number> {
  return assign(tx, {
    orgId: input.orgId,
    publicUrl: input.publicUrl,
    bulk: true,
    pairs: sql`
      select m.id as membership_id, t.id as training_id
      from trainings t
      join team_members tm on tm.org_id = t.org_id and tm.team_id = t.team_id
      join memberships m on m.id = tm.membership_id and m.org_id = t.org_id and m.status = 'active'
      where t.org_id = ${input.orgId} and t.id = ${input.trainingId}`,
  });
}
