import { iso } from '../../http/schemas.js';
import type { AuditRow } from './list-audit.js';

export function presentAudit(row: AuditRow) {
  return {
    id: String(row.id),
    action: row.action,
    actor: row.actorLabel,
    actorAccountId: row.actorAccountId,
    targetType: row.targetType,
    targetId: row.targetId,
    data: row.data,
    ip: row.ip,
    at: iso(row.createdAt) ?? '',
  };
}
