import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { removeMemberIn } from '../members/remove-member.js';
import { notFound } from './errors.js';
import { scimOrgOf } from './policy.js';
import { findUserRecord, userVersion } from './user-records.js';
import { assertVersion } from './version.js';

/**
 * DELETE /Users/{id}: the member is removed, as `active: false` does; nothing from SCIM
 * erases a person (erasure is a human request, R-27). Removing someone already removed is a 404.
 */
export async function deleteScimUser(services: Services, actor: Actor, id: string, ifMatch: string | undefined): Promise<void> {
  const orgId = scimOrgOf(actor);
  await inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    const current = await findUserRecord(tx, orgId, id, true);
    if (current?.status !== 'active') throw notFound(`The active User ${id}`);
    assertVersion(ifMatch, userVersion(current));
    await removeMemberIn(tx, orgActor, current.id, { wayIn: 'scim' });
  });
}
