import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { authorizeTeamAction, teamScopeOf } from '../teams/policy.js';
import { notFound } from './errors.js';
import { findGroupMembers, findGroupRecord, type GroupMember, type GroupRecord } from './group-records.js';
import { scimOrgOf } from './policy.js';

/** GET /Groups/{id}: a team the key may see; its members only when they are wanted. */
export async function getScimGroup(
  services: Services,
  actor: Actor,
  id: string,
  withMembers: boolean,
): Promise<{ record: GroupRecord; members: GroupMember[] | null }> {
  const orgId = scimOrgOf(actor);
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  const scope = await teamScopeOf(services.db, orgActor);
  const record = await findGroupRecord(services.db, orgId, id);
  if (!record) throw notFound(`The Group ${id}`);
  authorizeTeamAction(scope, { id: record.id, name: record.name }, 'see');
  const members = withMembers ? ((await findGroupMembers(services.db, orgId, [record.id])).get(record.id) ?? []) : null;
  return { record, members };
}
