import { iso } from '../../http/schemas.js';
import { renderEmail } from '../../mail/render.js';
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
  // A bulk email not sent yet is shown as it will be sent.
  const rendered = row.html === null && row.body ? renderEmail(row.body) : null;
  return { ...presentOutboxItem(row), fromName: row.from_name, html: rendered?.html ?? row.html, text: rendered?.text ?? row.text };
}
