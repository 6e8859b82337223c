import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { AppError } from '../../lib/errors.js';
import type { OrgActor } from './org-actor.js';
import { teamScopeOf } from './team-scope.js';

/**
 * Whom a caller may act on: admins and the operator everyone; managers, user
 * admins and scoped keys the people placed in the teams of their scope.
 */
export type PeopleScope = { readonly all: true } | { readonly all: false; readonly teamIds: readonly string[] };

export async function peopleScope(db: Db, actor: OrgActor): Promise<PeopleScope> {
  const scope = await teamScopeOf(db, actor);
  return scope.all ? { all: true } : { all: false, teamIds: [...scope.teamIds] };
}

/** Memberships placed in any of the teams, as a condition on `m.id`. */
export const inTeams = (orgId: string, teamIds: readonly string[]) =>
  sql`m.id in (select tm.membership_id from team_members tm where tm.org_id = ${orgId} and tm.team_id = any(${pgArray([...teamIds])}::uuid[]))`;

/** Refuses a person outside the caller's teams. */
export async function assertPersonInScope(db: Db, actor: OrgActor, scope: PeopleScope, membershipId: string): Promise<void> {
  if (scope.all) return;
  const [row] = await queryRows<{ inside: boolean }>(
    db,
    sql`select exists (select 1 from memberships m where m.org_id = ${actor.orgId} and m.id = ${membershipId} and ${inTeams(actor.orgId, scope.teamIds)}) as inside`,
  );
  if (!row?.inside)
    throw new AppError(
      'forbidden',
      'This person is not in one of your teams: only an administrator or a manager of their team can do that.',
    );
}

/** Refuses teams outside the caller's scope, naming how many. */
export function assertTeamsInScope(scope: PeopleScope, teamIds: readonly string[]): void {
  if (scope.all) return;
  const allowed = new Set(scope.teamIds);
  const outside = teamIds.filter((id) => !allowed.has(id));
  if (outside.length > 0) {
    throw new AppError(
      'forbidden',
      `You can only bring people into your own teams and the teams below them (${outside.length} chosen team(s) are outside).`,
    );
  }
}

/** The caller may act on this person: their scope, worked out and checked in one call. */
export async function requirePersonInScope(db: Db, actor: OrgActor, membershipId: string): Promise<void> {
  await assertPersonInScope(db, actor, await peopleScope(db, actor), membershipId);
}
