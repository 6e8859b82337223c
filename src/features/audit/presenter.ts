import { iso } from '../../http/schemas.js';
import type { AuditAction } from './actions.js';
import { type AuditNames, type AuditRow, subjectOf } from './list-audit.js';

export function presentAudit(row: AuditRow, names: AuditNames = new Map()) {
  const subject = subjectOf(row);
  return {
    id: String(row.id),
    action: row.action as AuditAction,
    actor: row.actorLabel,
    actorName: row.actorAccountId ? (names.get(row.actorAccountId) ?? null) : null,
    subjectName: subject ? (names.get(subject) ?? null) : null,
    actorAccountId: row.actorAccountId,
    targetType: row.targetType,
    targetId: row.targetId,
    data: row.data,
    ip: row.ip,
    at: iso(row.createdAt) ?? '',
  };
}
