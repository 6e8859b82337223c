import type { Db } from '../../db/client.js';
import { teams } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { authorizeParent, scopeWith, teamAbilities, teamScopeOf } from './policy.js';
import { presentTeam } from './presenter.js';
import { findTeam, getTeamRecord, lockTeamTree } from './repository.js';
import type { CreateTeamInput, TeamViewType } from './schemas.js';
import { cleanTeamName, placeOf } from './team-name.js';
import type { WayIn } from './way-in.js';

/**
 * Creates a team at the top level or under a parent of the same organization. Names
 * are unique among siblings, whatever their case. The creator's membership owns the team
 * (the operator owns nothing).
 */
export async function createTeam(services: Services, actor: Actor, orgId: string, input: CreateTeamInput): Promise<TeamViewType> {
  cleanTeamName(input.name); // refused before a transaction opens
  return inTransaction(services, async (tx) => createTeamIn(tx, await resolveOrgActor(tx, actor, orgId), input));
}

/** createTeam inside the caller's transaction (SCIM creates a Group with it); `way` goes into the audit data. */
export async function createTeamIn(tx: Db, orgActor: OrgActor, input: CreateTeamInput, way: WayIn = {}): Promise<TeamViewType> {
  const name = cleanTeamName(input.name);
  const { orgId } = orgActor;
  const scope = await teamScopeOf(tx, orgActor);
  await lockTeamTree(tx, orgId);
  const parent = input.parentId ? await findTeam(tx, orgId, input.parentId) : null;
  authorizeParent(scope, parent, 'create');
  // The unique index on (org, parent, lower(name)) decides, race or not.
  const [team] = await tx
    .insert(teams)
    .values({
      orgId,
      parentId: parent?.id ?? null,
      name,
      visibility: input.visibility,
      ownerMembershipId: orgActor.kind === 'member' ? orgActor.membershipId : null,
    })
    .onConflictDoNothing()
    .returning();
  if (!team) throw new AppError('conflict', `A team named "${name}" already exists ${placeOf(parent)}. Choose another name.`);
  const record = await getTeamRecord(tx, orgId, team.id);
  await recordAudit(tx, orgActor, {
    action: 'team.created',
    targetType: 'team',
    targetId: team.id,
    data: { name, parentId: team.parentId, path: record.path, visibility: team.visibility, ...way },
  });
  // Created under a team of the caller's scope (or by an administrator): theirs to manage.
  return presentTeam(record, teamAbilities(orgActor, scopeWith(scope, team.id), team));
}
