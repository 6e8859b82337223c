import { addOnLicenses } from '../../db/schema.js';
import { hasSqlState } from '../../db/sql-state.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { getOrg } from '../orgs/repository.js';
import { authorizeSellAddOns } from './policy.js';
import { type AddOnRow, addOnNameTaken } from './repository.js';
import type { CreateAddOnInput } from './schemas.js';

export const nameTaken = (name: string): AppError =>
  new AppError('conflict', `This organization already has an add-on license named “${name}”. Choose another name, or change that one.`, {
    errors: [{ field: '/name', message: 'is already used by another add-on license' }],
  });

/** The operator adds an add-on license (e.g. a certification) to an organization's plan. */
export async function createAddOn(services: Services, actor: Actor, orgId: string, input: CreateAddOnInput): Promise<AddOnRow> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeSellAddOns(orgActor, 'create add-on licenses');
    // The operator may name any id: the organization must exist.
    await getOrg(tx, orgId);
    const name = input.name.trim();
    if (await addOnNameTaken(tx, orgId, name)) throw nameTaken(name);
    const [row] = await tx
      .insert(addOnLicenses)
      .values({ orgId, name, total: input.total, transferable: input.transferable })
      .returning()
      .catch((error: unknown) => {
        throw hasSqlState(error, '23505') ? nameTaken(name) : error;
      });
    if (!row) throw new Error('add-on insert returned nothing');
    await recordAudit(tx, orgActor, {
      action: 'license.add_on_created',
      targetType: 'add_on_license',
      targetId: row.id,
      data: { name: row.name, total: row.total, transferable: row.transferable },
    });
    return row;
  });
}
