import { iso } from '../../http/schemas.js';
import { storedEmailParts } from '../../mail/render.js';
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
  // A bulk email is kept as its words, queued or sent: shown as it was (or will be) sent.
  const parts = storedEmailParts(row);
  return { ...presentOutboxItem(row), fromName: row.from_name, html: parts?.html ?? null, text: parts?.text ?? null };
}
