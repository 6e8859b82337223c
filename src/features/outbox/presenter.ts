import { iso } from '../../http/schemas.js';
import type { OutboxMessage, OutboxRecord } from './repository.js';

export function presentOutboxItem(row: OutboxRecord) {
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: iso(row.created_at) ?? '',
    sentAt: iso(row.sent_at),
  };
}

export function presentOutboxMessage(row: OutboxMessage) {
  return { ...presentOutboxItem(row), fromName: row.from_name, html: row.html, text: row.text };
}
