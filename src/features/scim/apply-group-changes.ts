import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { Services } from '../../services.js';
import type { OrgActor } from '../access/org-actor.js';
import { addTeamLearnersIn } from '../teams/add-team-learners.js';
import { removeTeamLearnersIn } from '../teams/remove-team-learners.js';
import { updateTeamIn } from '../teams/update-team.js';
import { invalidValue, noTarget, ScimError } from './errors.js';
import { filterToSql } from './filter.js';
import type { GroupPlan } from './group-input.js';
import { directMemberIds, findGroupMembers, findGroupRecord, type GroupMember, type GroupRecord } from './group-records.js';
import { USER_NAME, UUID } from './user-records.js';

export const WAY = { wayIn: 'scim' } as const;

/** The people placed in the team whom a `members[…]` filter names, matched in SQL. */
async function matchMembers(tx: Db, orgId: string, teamId: string, filter: string): Promise<string[]> {
  const condition = filterToSql(filter, {
    value: { type: 'string', expr: sql`m.id::text`, caseExact: true },
    display: { type: 'string', expr: USER_NAME },
  });
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select m.id from team_members tm
          join memberships m on m.id = tm.membership_id and m.org_id = ${orgId}
          left join accounts a on a.id = m.account_id
         where tm.org_id = ${orgId} and tm.team_id = ${teamId} and tm.origin_team_id = ${teamId} and (${condition})`,
  );
  return rows.map((r) => r.id);
}

/** Members to add must be Users of the organization, and active: one statement for them all. */
async function assertUsers(tx: Db, orgId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const malformed = ids.find((id) => !UUID.test(id));
  if (malformed !== undefined) throw invalidValue(`"${malformed}" is not the id of a User of this organization.`);
  const rows = await queryRows<{ id: string; status: string }>(
    tx,
    sql`select id, status from memberships
         where org_id = ${orgId} and id = any(${pgArray([...ids])}::uuid[]) and status in ('active', 'removed') and erased_at is null`,
  );
  const status = new Map(rows.map((r) => [r.id, r.status]));
  const unknown = ids.find((id) => !status.has(id));
  if (unknown !== undefined) throw invalidValue(`There is no User ${unknown} in this organization.`);
  const removed = ids.find((id) => status.get(id) === 'removed');
  if (removed !== undefined) {
    throw invalidValue(`The User ${removed} is not active: set "active": true on the User before putting them in a group.`);
  }
}

/**
 * Brings a Group to what a create, PUT or PATCH asked, through the teams feature: a rename by
 * updateTeamIn (sibling names stay unique: 409 uniqueness), members by the set-based
 * removeTeamLearnersIn and addTeamLearnersIn — the same rules, placements, trainings, audit
 * entries and webhook events as the REST API, in a fixed number of statements however many
 * members change. Removals go first, so a replace that keeps someone does not touch them.
 */
export async function applyGroupChanges(
  tx: Db,
  services: Services,
  orgActor: OrgActor,
  current: GroupRecord,
  plan: GroupPlan,
): Promise<void> {
  const { orgId } = orgActor;
  const teamId = current.id;
  if (plan.displayName !== null && plan.displayName !== current.name) {
    await updateTeamIn(tx, orgActor, teamId, { name: plan.displayName }, WAY);
  }
  const remove = new Set(plan.remove);
  for (const filter of plan.removeWhere) {
    const matched = await matchMembers(tx, orgId, teamId, filter);
    if (matched.length === 0) throw noTarget(`No member of "${current.name}" matches ${JSON.stringify(filter)}.`);
    for (const id of matched) if (!plan.add.has(id)) remove.add(id);
  }
  if (plan.replaceAll) for (const id of await directMemberIds(tx, orgId, teamId)) if (!plan.add.has(id)) remove.add(id);
  await assertUsers(tx, orgId, [...plan.add]);
  if (remove.size > 0) await removeTeamLearnersIn(tx, orgActor, teamId, [...remove], WAY);
  if (plan.add.size > 0) await addTeamLearnersIn(tx, services.config.publicUrl, orgActor, teamId, [...plan.add], WAY);
}

/** The Group as it now is, with its members, read in the same transaction. */
export async function readBackGroup(tx: Db, orgId: string, teamId: string): Promise<{ record: GroupRecord; members: GroupMember[] }> {
  const record = await findGroupRecord(tx, orgId, teamId);
  if (!record) throw new ScimError(500, 'The group was changed but could not be read back.');
  return { record, members: (await findGroupMembers(tx, orgId, [teamId])).get(teamId) ?? [] };
}
