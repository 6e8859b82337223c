import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { notFound } from './errors.js';
import { scimOrgOf } from './policy.js';
import { findUserRecord, type UserRecord } from './user-records.js';

/** GET /Users/{id}: a member or former member of the key's organization. */
export async function getScimUser(services: Services, actor: Actor, id: string): Promise<UserRecord> {
  const orgId = scimOrgOf(actor);
  const record = await findUserRecord(services.db, orgId, id);
  if (!record) throw notFound(`The User ${id}`);
  return record;
}
