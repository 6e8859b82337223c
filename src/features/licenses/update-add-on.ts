import { and, eq } from 'drizzle-orm';
import { addOnLicenses } from '../../db/schema.js';
import { hasSqlState } from '../../db/sql-state.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { nameTaken } from './create-add-on.js';
import { authorizeSellAddOns } from './policy.js';
import { type AddOnRow, addOnNameTaken, lockAddOn } from './repository.js';
import type { UpdateAddOnInput } from './schemas.js';

/**
 * The operator renames an add-on or changes how many the organization bought. The total
 * never goes below the licenses held and consumed: those are spoken for.
 */
export async function updateAddOn(
  services: Services,
  actor: Actor,
  orgId: string,
  addOnId: string,
  input: UpdateAddOnInput,
): Promise<AddOnRow> {
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    // Found before the role check, so another organization's id is "not found" for everyone.
    // Locked: assignments wait, so the total is compared with counts that cannot move.
    const before = await lockAddOn(tx, orgId, addOnId);
    authorizeSellAddOns(orgActor, 'change add-on licenses');
    const name = input.name?.trim();
    const changes: Partial<Pick<AddOnRow, 'name' | 'total'>> = {};
    if (name !== undefined && name !== before.name) {
      if (await addOnNameTaken(tx, orgId, name, before.id)) throw nameTaken(name);
      changes.name = name;
    }
    if (input.total !== undefined && input.total !== before.total) {
      const spoken = before.used + before.consumed;
      if (input.total < spoken) {
        throw new AppError(
          'conflict',
          `“${before.name}” has ${before.used} licenses assigned and ${before.consumed} consumed, so the total cannot go below ${spoken}. ` +
            'Unassign licenses first, or choose a larger total.',
          { errors: [{ field: '/total', message: `must be at least ${spoken}` }] },
        );
      }
      changes.total = input.total;
    }
    if (Object.keys(changes).length === 0) return before;
    const [after] = await tx
      .update(addOnLicenses)
      .set(changes)
      .where(and(eq(addOnLicenses.orgId, orgId), eq(addOnLicenses.id, before.id)))
      .returning()
      .catch((error: unknown) => {
        throw hasSqlState(error, '23505') && name ? nameTaken(name) : error;
      });
    if (!after) throw new Error('add-on update returned nothing');
    await recordAudit(tx, orgActor, {
      action: 'license.add_on_changed',
      targetType: 'add_on_license',
      targetId: after.id,
      data: Object.fromEntries(Object.keys(changes).map((field) => [field, { from: before[field as 'name'], to: after[field as 'name'] }])),
    });
    return after;
  });
}
