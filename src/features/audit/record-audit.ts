import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import type { OrgActor } from '../orgs/org-actor.js';

export interface AuditEntry {
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly data?: Record<string, unknown>;
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

/** Many entries by the same actor in one statement (bulk invitations, imports). */
export async function recordAuditMany(db: Db, actor: AuditActor | OrgActor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(
    entries.map((entry) => ({
      orgId: actor.orgId,
      actorAccountId: actor.accountId,
      actorLabel: actor.label,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
      ip: actor.ip,
    })),
  );
}
