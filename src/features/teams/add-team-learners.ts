import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Role } from '../../db/schema.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { OrgActor } from '../access/org-actor.js';
import { type AuditEntry, recordAuditMany } from '../audit/record-audit.js';
import { assignTeamTrainings } from '../trainings/assign-team-trainings.js';
import { placeInTeams } from './place-in-team.js';
import { authorizeTeamAction, authorizeTeamGrant, teamScopeOf } from './policy.js';
import { findTeam } from './repository.js';
import type { WayIn } from './way-in.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * addTeamMember for many learners at once, inside the caller's transaction (a SCIM group
 * PATCH adding 1,000 people): the same rules — the team in the caller's scope, each person
 * one the caller may act on, nobody removed from the organization — and the same effects —
 * placements propagated by placeInTeams, the team's trainings, a `team.member_added` entry
 * (and webhook event) per person added. A fixed number of statements, however many people.
 * People already placed in the team itself are left as they are. Returns who was added.
 */
export async function addTeamLearnersIn(
  tx: Db,
  publicUrl: string,
  orgActor: OrgActor,
  teamId: string,
  memberIds: readonly string[],
  way: WayIn = {},
): Promise<string[]> {
  const { orgId } = orgActor;
  const scope = await teamScopeOf(tx, orgActor);
  // Key share: the team cannot be deleted until these additions are committed (and counted).
  const team = await findTeam(tx, orgId, teamId, 'key share');
  authorizeTeamAction(scope, team, 'add people to');
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return [];
  const malformed = ids.find((id) => !UUID.test(id));
  if (malformed !== undefined) throw notFound(`The member ${malformed}`);
  // Shared locks, in id order: nobody's organization role (checked below) changes before this commits.
  const people = await queryRows<{ id: string; role: Role; status: string; email: string | null; placed: boolean }>(
    tx,
    sql`select m.id, m.role, m.status, m.email,
               exists (select 1 from team_members tm
                        where tm.org_id = ${orgId} and tm.team_id = ${team.id} and tm.membership_id = m.id
                          and tm.origin_team_id = ${team.id}) as placed
          from memberships m
         where m.org_id = ${orgId} and m.id = any(${pgArray(ids)}::uuid[])
         order by m.id
           for share of m`,
  );
  const found = new Set(people.map((p) => p.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound(`The member ${missing}`);
  for (const person of people) {
    authorizeTeamGrant(orgActor, person, 'learner', null);
    if (person.status === 'removed') {
      throw new AppError(
        'conflict',
        `${person.email ?? person.id} was removed from the organization. Invite them again before putting them in a team.`,
      );
    }
  }
  const added = people.filter((p) => !p.placed);
  if (added.length === 0) return [];
  const membershipIds = added.map((p) => p.id);
  await placeInTeams(tx, { orgId, membershipIds, teamIds: [team.id] });
  // Active people get the team's trainings at once; pending ones on activation.
  await assignTeamTrainings(tx, { orgId, membershipIds, publicUrl });
  const entries: AuditEntry[] = added.map((person) => ({
    action: 'team.member_added',
    targetType: 'team',
    targetId: team.id,
    data: { team: team.name, memberId: person.id, email: person.email, role: 'learner', ...way },
  }));
  await recordAuditMany(tx, orgActor, entries);
  return membershipIds;
}
