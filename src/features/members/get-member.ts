import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { requirePersonInScope } from '../access/people-scope.js';
import type { Actor } from '../auth/actor.js';
import { authorizeViewMembers, canSeeNotes } from './policy.js';
import { presentMember } from './presenter.js';
import { getMemberRecord } from './repository.js';
import type { MemberViewType } from './schemas.js';

/** One row of the members view; another organization's id is "not found". */
export async function getMember(services: Services, actor: Actor, orgId: string, memberId: string): Promise<MemberViewType> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeViewMembers(orgActor);
  const row = await getMemberRecord(services.db, orgId, memberId);
  await requirePersonInScope(services.db, orgActor, row.id);
  return presentMember(row, { withNote: canSeeNotes(orgActor), for: orgActor });
}
