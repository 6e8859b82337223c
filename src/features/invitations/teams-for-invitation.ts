import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import type { OrgActor } from '../access/org-actor.js';
import { assertTeamsInScope, peopleScope } from '../access/people-scope.js';
import type { OrgRow } from '../orgs/repository.js';
import { assertTeamsExist } from '../teams/place-in-team.js';

/**
 * The teams an invitation (or a set-up) puts people in: they must exist in the organization,
 * lie in the caller's scope (a manager or user admin brings people into their own branch
 * only), and at least one is needed when the organization requires it or when the
 * caller is scoped to teams.
 */
export async function teamsForInvitation(db: Db, actor: OrgActor, org: OrgRow, teamIds: readonly string[]): Promise<string[]> {
  const scope = await peopleScope(db, actor);
  if (teamIds.length === 0 && (org.requireTeam || !scope.all)) {
    const why = org.requireTeam
      ? `${org.name} requires a team for everyone invited: choose at least one.`
      : 'Choose at least one of your teams: managers and user admins bring people into their own teams.';
    throw new AppError('validation_failed', why, { errors: [{ field: '/teamIds', message: 'choose at least one team' }] });
  }
  await assertTeamsExist(db, org.id, teamIds);
  assertTeamsInScope(scope, teamIds);
  return [...teamIds];
}
