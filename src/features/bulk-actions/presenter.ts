import { iso } from '../../http/schemas.js';
import type { BulkOperationRecord } from './repository.js';
import type { BulkOperationViewType } from './schemas.js';

export function presentBulkOperation(
  row: BulkOperationRecord,
  refusals: readonly { member_id: string; email: string | null; reason: string }[],
): BulkOperationViewType {
  return {
    id: row.id,
    action: row.action,
    role: row.params.role ?? null,
    teamId: row.params.teamId ?? null,
    selection: row.filter ? 'filter' : 'ids',
    status: row.status,
    total: row.total,
    succeeded: row.succeeded,
    refused: row.refused,
    error: row.error,
    createdBy: row.actor_label,
    createdAt: iso(row.created_at) ?? '',
    finishedAt: iso(row.finished_at),
    refusals: refusals.map((r) => ({ memberId: r.member_id, email: r.email, reason: r.reason })),
  };
}
