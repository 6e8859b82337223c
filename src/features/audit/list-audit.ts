import { and, eq, gte, ilike, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import { newestFirst, pgArray, queryRows } from '../../db/sql.js';
import { escapeLike } from '../../lib/like.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import type { Actor } from '../auth/actor.js';

/** The log's filters: the list and the export take the same ones. */
export interface AuditFilter {
  readonly action?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
}

export interface AuditQuery extends AuditFilter {
  readonly after: { id: number } | null;
  readonly limit: number;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** One page of the organization's log, newest first, entries before `after`. */
export function auditPage(db: Db, orgId: string, query: AuditQuery) {
  return (
    db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.orgId, orgId),
          query.action ? or(eq(auditLog.action, query.action), ilike(auditLog.action, `${escapeLike(query.action)}.%`)) : undefined,
          query.actor ? ilike(auditLog.actorLabel, `%${escapeLike(query.actor)}%`) : undefined,
          query.from ? gte(auditLog.createdAt, new Date(query.from)) : undefined,
          query.to ? lte(auditLog.createdAt, new Date(query.to)) : undefined,
          // Past the entry the cursor names, in the page's order (the cursor stays that entry's id).
          query.after
            ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (select c.created_at, c.id from audit_log c where c.id = ${query.after.id} and c.org_id = ${orgId})`
            : undefined,
        ),
      )
      // Newest first along audit_log_org_created_idx, whose range the period filters are.
      .orderBy(newestFirst(auditLog.createdAt, auditLog.id))
      .limit(query.limit)
  );
}

/** Names by account id and by membership id, for the people a page of the log speaks of. */
export type AuditNames = ReadonlyMap<string, string>;

/** The person an entry acts on: its target membership, or the member its data names. */
export const subjectOf = (row: AuditRow): string | null =>
  row.targetType === 'membership' && row.targetId ? row.targetId : typeof row.data?.memberId === 'string' ? row.data.memberId : null;

/**
 * Names of the actors (accounts) and of the people acted on (memberships of this organization,
 * once accepted: before that the organization knows only the address it typed, R-6), in one
 * statement for the page.
 */
async function namesOf(db: Db, orgId: string, rows: readonly AuditRow[]): Promise<AuditNames> {
  const accountIds = [...new Set(rows.flatMap((row) => (row.actorAccountId ? [row.actorAccountId] : [])))];
  const memberIds = [...new Set(rows.flatMap((row) => subjectOf(row) ?? []))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (accountIds.length === 0 && memberIds.length === 0) return new Map();
  const found = await queryRows<{ id: string; name: string }>(
    db,
    sql`select a.id::text, trim(a.first_name || ' ' || a.last_name) as name from accounts a where a.id = any(${pgArray(accountIds)}::uuid[])
        union all
        select m.id::text, trim(a.first_name || ' ' || a.last_name) from memberships m join accounts a on a.id = m.account_id
        where m.org_id = ${orgId} and m.id = any(${pgArray(memberIds)}::uuid[]) and m.status <> 'invited'`,
  );
  return new Map(found.filter((row) => row.name !== '').map((row) => [row.id, row.name]));
}

/** The organization's log, newest first, with the names it speaks of. Administrators only. */
export async function listAudit(
  services: Services,
  actor: Actor,
  orgId: string,
  query: AuditQuery,
): Promise<{ rows: AuditRow[]; names: AuditNames }> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorize(orgActor, 'audit.read', 'read the audit log');
  const rows = await auditPage(services.db, orgId, query);
  return { rows, names: await namesOf(services.db, orgId, rows) };
}
