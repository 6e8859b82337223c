import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Role } from '../../db/schema.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { OrgActor } from '../access/org-actor.js';
import { type AuditEntry, recordAuditMany } from '../audit/record-audit.js';
import { authorizeTeamAction, authorizeTeamRemoval, teamScopeOf } from './policy.js';
import { findTeam } from './repository.js';
import type { WayIn } from './way-in.js';

/**
 * removeTeamMember for many learners at once, inside the caller's transaction (a SCIM group
 * PATCH): each person's placement in this team — exactly the rows whose origin is this team,
 * here and in the ancestors it propagated to — goes, with a `team.member_removed` entry (and
 * webhook event) for each. Team roles are not touched: they are given in Roster, not by a
 * placement. People not placed in the team itself are skipped. Returns who was taken out.
 */
export async function removeTeamLearnersIn(
  tx: Db,
  orgActor: OrgActor,
  teamId: string,
  memberIds: readonly string[],
  way: WayIn = {},
): Promise<string[]> {
  const { orgId } = orgActor;
  const scope = await teamScopeOf(tx, orgActor);
  const team = await findTeam(tx, orgId, teamId, 'key share');
  authorizeTeamAction(scope, team, 'take people out of');
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return [];
  // Only people placed here: their roles, locked (shared) in id order, decide whether the caller may.
  const people = await queryRows<{ id: string; role: Role; email: string | null }>(
    tx,
    sql`select m.id, m.role, m.email
          from memberships m
         where m.org_id = ${orgId} and m.id = any(${pgArray(ids)}::uuid[])
           and exists (select 1 from team_members tm
                        where tm.org_id = ${orgId} and tm.team_id = ${team.id} and tm.membership_id = m.id
                          and tm.origin_team_id = ${team.id})
         order by m.id
           for share of m`,
  );
  if (people.length === 0) return [];
  for (const person of people) authorizeTeamRemoval(orgActor, person, null);
  const gone = await queryRows<{ membership_id: string; n: number }>(
    tx,
    sql`with gone as (
          delete from team_members
           where org_id = ${orgId} and origin_team_id = ${team.id}
             and membership_id = any(${pgArray(people.map((p) => p.id))}::uuid[])
          returning membership_id)
        select membership_id, count(*)::int as n from gone group by membership_id`,
  );
  const rows = new Map(gone.map((g) => [g.membership_id, Number(g.n)]));
  const entries: AuditEntry[] = people.map((person) => ({
    action: 'team.member_removed',
    targetType: 'team',
    targetId: team.id,
    data: {
      team: team.name,
      memberId: person.id,
      email: person.email,
      placement: true,
      rowsRemoved: rows.get(person.id) ?? 0,
      role: null,
      ...way,
    },
  }));
  await recordAuditMany(tx, orgActor, entries);
  return people.map((p) => p.id);
}
