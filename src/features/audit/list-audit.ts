import { and, desc, eq, gte, ilike, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
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
export function auditPage(db: Db, orgId: string, query: AuditQuery): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        query.action ? or(eq(auditLog.action, query.action), ilike(auditLog.action, `${escapeLike(query.action)}.%`)) : undefined,
        query.actor ? ilike(auditLog.actorLabel, `%${escapeLike(query.actor)}%`) : undefined,
        query.from ? gte(auditLog.createdAt, new Date(query.from)) : undefined,
        query.to ? lte(auditLog.createdAt, new Date(query.to)) : undefined,
        query.after ? lt(auditLog.id, query.after.id) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
}

/** The organization's log, newest first. Administrators only. */
export async function listAudit(services: Services, actor: Actor, orgId: string, query: AuditQuery): Promise<AuditRow[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorize(orgActor, 'audit.read', 'read the audit log');
  return auditPage(services.db, orgId, query);
}
