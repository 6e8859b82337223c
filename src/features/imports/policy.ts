import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { isAdmin, type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import type { Actor } from '../auth/actor.js';
import { findImport, type ImportRecord } from './repository.js';

/** Whoever may invite may import; what each row may do is then checked like a single invitation. */
export function authorizeImport(actor: OrgActor): void {
  authorize(actor, 'imports.run', 'import people');
}

/** Administrators see every import of the organization; managers and user admins their own. */
export function seesAllImports(actor: OrgActor): boolean {
  return isAdmin(actor);
}

export function authorizeSeeImport(actor: OrgActor, record: ImportRecord): void {
  authorizeImport(actor);
  // A key and the operator have no account: they see their own uploads only through the administrator role.
  if (seesAllImports(actor) || (actor.accountId !== null && record.createdBy === actor.accountId)) return;
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
