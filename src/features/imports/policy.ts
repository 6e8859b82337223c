import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../auth/actor.js';
import { PEOPLE_MANAGERS } from '../members/roles.js';
import { type OrgActor, requireRole, resolveOrgActor } from '../orgs/org-actor.js';
import { findImport, type ImportRecord } from './repository.js';

/** Whoever may invite may import; what each row may do is then checked like a single invitation. */
export function authorizeImport(actor: OrgActor): void {
  requireRole(actor, PEOPLE_MANAGERS, 'import people');
}

/** Administrators see every import of the organization; managers and user admins their own. */
export function seesAllImports(actor: OrgActor): boolean {
  return actor.kind === 'operator' || actor.role === 'admin';
}

export function authorizeSeeImport(actor: OrgActor, record: ImportRecord): void {
  authorizeImport(actor);
  if (seesAllImports(actor) || record.createdBy === actor.accountId) return;
  throw new AppError('forbidden', 'Only administrators and the person who uploaded it can see this import.');
}

/** The caller inside the organization and the import they may see: every use case on one import starts here. */
export async function openImport(
  db: Db,
  actor: Actor,
  orgId: string,
  importId: string,
  lock = false,
): Promise<{ orgActor: OrgActor; record: ImportRecord }> {
  const orgActor = await resolveOrgActor(db, actor, orgId);
  const record = await findImport(db, orgId, importId, lock);
  authorizeSeeImport(orgActor, record);
  return { orgActor, record };
}
