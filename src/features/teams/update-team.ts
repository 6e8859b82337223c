import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { teams } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { type AuditEntry, recordAuditMany } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeParent, authorizeTeamAction, teamAbilities, teamScopeOf } from './policy.js';
import { presentTeam } from './presenter.js';
import { findTeam, getTeamRecord, isSelfOrBelow, isSiblingNameConflict, lockTeamTree, type TeamRow } from './repository.js';
import type { TeamViewType, UpdateTeamInput } from './schemas.js';
import { cleanTeamName, placeOf } from './team-name.js';
import type { WayIn } from './way-in.js';

/**
 * Renames a team, changes its visibility, or moves it under another parent (or to the top
 * level). A team cannot move under itself or under a team inside it; the sibling name rule
 * applies at the new place.
 *
 * Neither a move nor a visibility change rewrites the placements already made: propagation
 * to ancestors is decided at the time of each addition (see placeInTeams), so people keep
 * the teams they were put in, and only later additions follow the new shape.
 */
export async function updateTeam(
  services: Services,
  actor: Actor,
  orgId: string,
  teamId: string,
  input: UpdateTeamInput,
): Promise<TeamViewType> {
  if (input.name === undefined && input.visibility === undefined && input.parentId === undefined) {
    throw new AppError('validation_failed', 'Send a new name, visibility or parent.', {
      errors: [{ field: '/', message: 'has no change' }],
    });
  }
  if (input.name !== undefined) cleanTeamName(input.name); // refused before a transaction opens
  return inTransaction(services, async (tx) => updateTeamIn(tx, await resolveOrgActor(tx, actor, orgId), teamId, input));
}

/** updateTeam inside the caller's transaction (SCIM renames a Group with it); `way` goes into the audit data. */
export async function updateTeamIn(
  tx: Db,
  orgActor: OrgActor,
  teamId: string,
  input: UpdateTeamInput,
  way: WayIn = {},
): Promise<TeamViewType> {
  const newName = input.name === undefined ? undefined : cleanTeamName(input.name);
  const { orgId } = orgActor;
  const scope = await teamScopeOf(tx, orgActor);
  await lockTeamTree(tx, orgId);
  const team = await findTeam(tx, orgId, teamId, 'update');
  authorizeTeamAction(scope, team, 'change');

  const name = newName ?? team.name;
  const visibility = input.visibility ?? team.visibility;
  const moving = input.parentId !== undefined && input.parentId !== team.parentId;
  const oldParent = team.parentId ? await findTeam(tx, orgId, team.parentId) : null;
  let parent: TeamRow | null = oldParent;
  if (moving) {
    parent = input.parentId ? await findTeam(tx, orgId, input.parentId) : null;
    authorizeParent(scope, parent, 'move');
    if (parent && parent.id === team.id) throw new AppError('conflict', `"${team.name}" cannot be moved under itself.`);
    if (parent && (await isSelfOrBelow(tx, orgId, team.id, parent.id))) {
      throw new AppError('conflict', `"${team.name}" cannot be moved under "${parent.name}": that team is inside it.`);
    }
  }
  const renamed = name !== team.name;
  const visibilityChanged = visibility !== team.visibility;
  if (renamed || visibilityChanged || moving) {
    try {
      await tx
        .update(teams)
        .set({ name, visibility, parentId: parent?.id ?? null })
        .where(and(eq(teams.orgId, orgId), eq(teams.id, team.id)));
    } catch (error) {
      if (isSiblingNameConflict(error)) {
        throw new AppError('conflict', `A team named "${name}" already exists ${placeOf(parent)}. Choose another name.`);
      }
      throw error;
    }
  }

  const record = await getTeamRecord(tx, orgId, team.id);
  const entries: AuditEntry[] = [];
  const target = { targetType: 'team', targetId: team.id };
  if (renamed) entries.push({ action: 'team.renamed', ...target, data: { from: team.name, to: name, ...way } });
  if (moving) {
    entries.push({
      action: 'team.moved',
      ...target,
      data: {
        name,
        from: team.parentId,
        to: parent?.id ?? null,
        fromParent: oldParent?.name ?? null,
        toParent: parent?.name ?? null,
        ...way,
      },
    });
  }
  if (visibilityChanged) {
    entries.push({ action: 'team.visibility_changed', ...target, data: { name, from: team.visibility, to: visibility, ...way } });
  }
  await recordAuditMany(tx, orgActor, entries);
  // Moved only under a team of the caller's scope: still theirs to manage.
  return presentTeam(record, teamAbilities(orgActor, scope, team));
}
