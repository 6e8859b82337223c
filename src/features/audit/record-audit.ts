import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { OrgActor } from '../access/org-actor.js';
import type { AuditAction } from './actions.js';
import { type ActiveEndpoint, activeEndpoints, raiseEventsTo } from './raise-events.js';

export interface AuditEntry {
  readonly action: AuditAction;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly data?: Record<string, unknown>;
  /** The address of the request that made the change, where entries of several requests are written together; else the actor's. */
  readonly ip?: string | null;
}

/** Who did it, as the log shows it: an org actor, or a person acting on their own behalf. */
export interface AuditActor {
  readonly orgId: string;
  readonly accountId: string | null;
  readonly label: string;
  readonly ip: string | null;
}

/** Written in the use case's own transaction: the entry exists exactly when the change does. */
export async function recordAudit(db: Db, actor: AuditActor | OrgActor, entry: AuditEntry): Promise<void> {
  await recordAuditMany(db, actor, [entry]);
}

/**
 * Many entries by the same actor in one statement (bulk invitations, imports). A caller that read
 * the organization's active endpoints earlier in its transaction passes them (`endpoints`): the
 * events then go with the entries, without waiting for their answer, so that a statement sent
 * right behind them (the COMMIT) need not wait either.
 */
export async function recordAuditMany(
  db: Db,
  actor: AuditActor | OrgActor,
  entries: readonly AuditEntry[],
  endpoints?: readonly ActiveEndpoint[],
): Promise<void> {
  if (entries.length === 0) return;
  // One parameter per varying column: an import's 10,000 entries cost one statement. The data
  // travel as one JSON array (no quoting of each document inside an array literal).
  // The organization's active endpoints come back from the same statement (one round trip),
  // unless the caller read them already.
  const ownIps = entries.some((e) => e.ip !== undefined);
  const logged = queryRows<ActiveEndpoint>(
    db,
    prepared(sql`
    with logged as (
    insert into audit_log (org_id, actor_account_id, actor_label, action, target_type, target_id, data, ip)
    select ${actor.orgId}::uuid, ${actor.accountId}::uuid, ${actor.label}::text, u.action, u.target_type, u.target_id, u.data, ${ownIps ? sql`u.ip` : sql`${actor.ip}::text`}
    from rows from (unnest(${pgArray(entries.map((e) => e.action))}::text[]), unnest(${pgArray(entries.map((e) => e.targetType ?? null))}::text[]),
                    unnest(${pgArray(entries.map((e) => e.targetId ?? null))}::text[]),
                    jsonb_array_elements(${JSON.stringify(entries.map((e) => e.data ?? {}))}::jsonb),
                    unnest(${pgArray(ownIps ? entries.map((e) => (e.ip === undefined ? actor.ip : e.ip)) : [])}::text[]))
      with ordinality as u (action, target_type, target_id, data, ip, n)
    order by u.n
    returning 1)
    ${endpoints ? sql`select null::uuid as id, null::text[] as event_types where false` : activeEndpoints(actor.orgId)}`),
  );
  // Every audited change raises its webhook events in the same transaction (R-16, R-39).
  if (endpoints) await Promise.all([logged, raiseEventsTo(db, actor, entries, endpoints)]);
  else await raiseEventsTo(db, actor, entries, await logged);
}
