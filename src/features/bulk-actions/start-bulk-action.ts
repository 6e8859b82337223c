import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import { enqueue } from '../../jobs/queue.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { findTeam } from '../teams/repository.js';
import { authorizeBulkAction, checkBulkRequest } from './policy.js';
import { presentBulkOperation } from './presenter.js';
import { addItems, findBulkOperation, unknownMembers } from './repository.js';
import type { BulkOperationViewType, StartBulkInput } from './schemas.js';

/**
 * Starts a bulk action on the members view: on chosen people, or on everyone a filter
 * of the view matches (read in the background, on every page). The work is a job: each person
 * is acted on by the single action's use case, as the caller, so each change is authorized by
 * its own policy and audited as if done by hand; refusals are kept per person.
 */
export async function startBulkAction(
  services: Services,
  actor: Actor,
  orgId: string,
  input: StartBulkInput,
): Promise<BulkOperationViewType> {
  checkBulkRequest(input);
  return inTransaction(services, async (tx) => {
    const orgActor = await resolveOrgActor(tx, actor, orgId);
    authorizeBulkAction(orgActor);
    if (input.teamId) await findTeam(tx, orgId, input.teamId);
    const ids = input.ids ? [...new Set(input.ids)] : null;
    if (ids) {
      const unknown = await unknownMembers(tx, orgId, ids);
      if (unknown.length > 0) {
        throw new AppError(
          'validation_failed',
          `${unknown.length} of the chosen people are not in this organization; reload the list and choose again.`,
          {
            errors: unknown.slice(0, 20).map((id) => ({ field: '/ids', message: `${id} is not a member of this organization` })),
          },
        );
      }
    }
    const params = {
      ...(input.role ? { role: input.role } : {}),
      ...(input.teamId ? { teamId: input.teamId } : {}),
      ...(input.message?.trim() ? { message: input.message.trim() } : {}),
    };
    const filter = input.filter ? Object.fromEntries(Object.entries(input.filter).filter(([, v]) => v !== undefined && v !== '')) : null;
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into bulk_operations (org_id, action, params, filter, actor_account_id, actor_key_id, actor_label, total)
          values (${orgId}, ${input.action}, ${JSON.stringify(params)}::jsonb, ${filter ? JSON.stringify(filter) : null}::jsonb,
                  ${orgActor.accountId}, ${orgActor.kind === 'key' ? orgActor.keyId : null}, ${orgActor.label}, ${ids ? ids.length : null})
          returning id`,
    );
    if (!row) throw new AppError('internal', 'The bulk action could not be recorded.');
    if (ids) await addItems(tx, orgId, row.id, ids);
    await enqueue(tx, 'members-bulk', { operationId: row.id, orgId });
    return presentBulkOperation(await findBulkOperation(tx, orgId, row.id), []);
  });
}
