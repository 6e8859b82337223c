import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Role } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import type { JobContext, JobHandler } from '../../jobs/define.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { peopleScope } from '../access/people-scope.js';
import { type Actor, operatorActor } from '../auth/actor.js';
import { listMemberRecords } from '../members/repository.js';
import type { MemberSort } from '../members/schemas.js';
import { actOnMember } from './act-on-member.js';
import { authorizeBulkAction } from './policy.js';
import { addItems, type BulkOperationRecord, countItems, findBulkOperation, nextItems, recordOutcome, setStatus } from './repository.js';
import type { BulkFilterType } from './schemas.js';

/** People acted on per transaction: few enough that requests get their turn on the embedded database. */
const PEOPLE_PER_TRANSACTION = 25;
/** Rows of the members view read per page when a filter is turned into people. */
const FILTER_PAGE = 500;

/** Who started it, as they are now: a key revoked or a person who lost the right stops the rest. */
async function starter(db: Db, operation: BulkOperationRecord): Promise<{ actor: Actor; orgActor: OrgActor }> {
  let actor: Actor;
  if (operation.actor_key_id) {
    const [key] = await queryRows<{ role: Role; scopes: string[]; name: string }>(
      db,
      sql`select role, scopes, name from api_keys where id = ${operation.actor_key_id} and org_id = ${operation.org_id}
            and revoked_at is null and (expires_at is null or expires_at > now())`,
    );
    if (!key) throw new AppError('forbidden', 'the API key that started it was revoked or has expired');
    actor = {
      kind: 'key',
      keyId: operation.actor_key_id,
      orgId: operation.org_id,
      role: key.role,
      scopes: key.scopes,
      label: operation.actor_label,
      ip: null,
    };
  } else if (operation.actor_account_id) {
    actor = { kind: 'account', accountId: operation.actor_account_id, label: operation.actor_label, ip: null };
  } else {
    actor = operatorActor();
  }
  const orgActor = await resolveOrgActor(db, actor, operation.org_id);
  authorizeBulkAction(orgActor);
  return { actor, orgActor };
}

/**
 * Everyone the filter matches, as the members view finds them (its own filter code, page by
 * page, within the starter's scope), appended to the operation's people. Done in full before
 * anyone is acted on: the action itself moves people out of the filter (a cancelled
 * invitation is no longer pending). Run again after a crash, it skips those already added.
 */
async function readFilter(db: Db, operation: BulkOperationRecord, orgActor: OrgActor): Promise<number> {
  const scope = await peopleScope(db, orgActor);
  const filter = (operation.filter ?? {}) as BulkFilterType;
  const sort: MemberSort = 'created';
  let after: { sort: string; value: string; id: string } | null = null;
  for (;;) {
    const rows = await listMemberRecords(db, operation.org_id, {
      ...filter,
      ...(scope.all ? {} : { within: scope.teamIds }),
      sort,
      after,
      limit: FILTER_PAGE,
    });
    await addItems(
      db,
      operation.org_id,
      operation.id,
      rows.map((row) => row.id),
    );
    const last = rows.at(-1);
    if (!last || rows.length < FILTER_PAGE) break;
    after = { sort, value: last.created_key, id: last.id };
    await nextTurn();
  }
  return countItems(db, operation.id);
}

/**
 * The background half of a bulk action. Each person's change and the record of its
 * outcome commit together (the change in a savepoint, so a refusal undoes only that person's
 * attempt), so a job taken over after a crash carries on from the first person without one and
 * nobody is acted on twice.
 */
export function bulkActionJob(context: JobContext): JobHandler<{ operationId: string; orgId: string }> {
  const { db } = context;
  return async ({ operationId, orgId }) => {
    let operation: BulkOperationRecord;
    try {
      operation = await findBulkOperation(db, orgId, operationId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return;
      throw error;
    }
    if (operation.status === 'done' || operation.status === 'failed') return;
    let actor: Actor;
    let orgActor: OrgActor;
    try {
      ({ actor, orgActor } = await starter(db, operation));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await setStatus(db, operationId, { status: 'failed', error: `Stopped: ${error.message}` });
      return;
    }
    if (operation.total === null) {
      const total = await readFilter(db, operation, orgActor);
      await setStatus(db, operationId, { status: 'running', total });
    } else if (operation.status === 'queued') {
      await setStatus(db, operationId, { status: 'running' });
    }
    for (let items = await nextItems(db, operationId, PEOPLE_PER_TRANSACTION); items.length > 0; ) {
      await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const services: Services = { db: tx, config: context.config, jobsQueued: () => undefined };
        for (const item of items) {
          let refusal: string | null = null;
          try {
            await actOnMember(services, actor, operation, item.membership_id);
          } catch (error) {
            if (!(error instanceof AppError) || error.code === 'internal') throw error;
            refusal = error.message;
          }
          await recordOutcome(tx, operationId, item.membership_id, refusal);
        }
      });
      context.jobsQueued();
      await nextTurn();
      items = await nextItems(db, operationId, PEOPLE_PER_TRANSACTION);
    }
    await setStatus(db, operationId, { status: 'done' });
  };
}

/** Said on a bulk action whose job failed for good: those done stay done. */
export async function stopBulkAction(db: Db, payload: { operationId: string }, error: string): Promise<void> {
  await setStatus(db, payload.operationId, {
    status: 'failed',
    error: `Stopped after repeated errors (${error.slice(0, 200)}). The people already done stay done; start it again for the rest.`,
  });
}
