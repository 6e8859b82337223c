import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { BulkAction, Role } from '../../db/schema.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';

export interface BulkOperationRecord {
  readonly id: string;
  readonly org_id: string;
  readonly action: BulkAction;
  readonly params: { role?: Role; teamId?: string; message?: string };
  readonly filter: Record<string, string> | null;
  readonly actor_account_id: string | null;
  readonly actor_key_id: string | null;
  readonly actor_label: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly total: number | null;
  readonly succeeded: number;
  readonly refused: number;
  readonly error: string | null;
  readonly created_at: Date | string;
  readonly finished_at: Date | string | null;
}

export async function findBulkOperation(db: Db, orgId: string, operationId: string): Promise<BulkOperationRecord> {
  const [row] = await queryRows<BulkOperationRecord>(
    db,
    sql`select * from bulk_operations where org_id = ${orgId} and id = ${operationId}`,
  );
  if (!row) throw notFound('The bulk action');
  return row;
}

/** Of these ids, the ones that are not people of the organization. */
export async function unknownMembers(db: Db, orgId: string, ids: readonly string[]): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select u.id from unnest(${pgArray(ids)}::uuid[]) u (id)
        where not exists (select 1 from memberships m where m.org_id = ${orgId} and m.id = u.id)`,
  );
  return rows.map((row) => row.id);
}

/** Appends people to the operation, in order, after those it holds; a person already in it is skipped. */
export async function addItems(db: Db, orgId: string, operationId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    insert into bulk_operation_items (operation_id, org_id, membership_id, position)
    select ${operationId}::uuid, ${orgId}::uuid, u.id,
      coalesce((select max(position) from bulk_operation_items where operation_id = ${operationId}), 0) + u.n::int
    from unnest(${pgArray(ids)}::uuid[]) with ordinality as u (id, n)
    on conflict do nothing`);
}

/** The next people whose turn has not come, in the selection's order. */
export async function nextItems(db: Db, operationId: string, limit: number): Promise<{ membership_id: string; position: number }[]> {
  return queryRows(
    db,
    sql`select membership_id, position from bulk_operation_items
        where operation_id = ${operationId} and outcome is null order by position limit ${limit}`,
  );
}

/** Records one person's outcome and counts it, in the transaction of the change itself. */
export async function recordOutcome(db: Db, operationId: string, membershipId: string, refusal: string | null): Promise<void> {
  const outcome = refusal === null ? 'done' : 'refused';
  await db.execute(sql`
    with item as (
      update bulk_operation_items set outcome = ${outcome}, reason = ${refusal}
      where operation_id = ${operationId} and membership_id = ${membershipId} and outcome is null
      returning 1)
    update bulk_operations set
      succeeded = succeeded + case when ${outcome} = 'done' then (select count(*) from item)::int else 0 end,
      refused = refused + case when ${outcome} = 'refused' then (select count(*) from item)::int else 0 end
    where id = ${operationId}`);
}

export async function setStatus(
  db: Db,
  operationId: string,
  changes: { status: BulkOperationRecord['status']; total?: number; error?: string },
): Promise<void> {
  const finished = changes.status === 'done' || changes.status === 'failed';
  await db.execute(sql`
    update bulk_operations set status = ${changes.status},
      total = coalesce(${changes.total ?? null}::int, total),
      error = coalesce(${changes.error ?? null}::text, error),
      finished_at = case when ${finished} then now() else finished_at end
    where id = ${operationId}`);
}

export async function countItems(db: Db, operationId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from bulk_operation_items where operation_id = ${operationId}`,
  );
  return Number(row?.n ?? 0);
}

/** Who was refused and why, in the selection's order. */
export async function listRefusals(
  db: Db,
  orgId: string,
  operationId: string,
  limit: number,
): Promise<{ member_id: string; email: string | null; reason: string }[]> {
  return queryRows(
    db,
    sql`select i.membership_id as member_id, coalesce(m.email, a.email, a.username) as email, coalesce(i.reason, '') as reason
        from bulk_operation_items i
        join memberships m on m.id = i.membership_id and m.org_id = ${orgId}
        left join accounts a on a.id = m.account_id
        where i.operation_id = ${operationId} and i.outcome = 'refused'
        order by i.position limit ${limit}`,
  );
}
