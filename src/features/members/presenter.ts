import { iso } from '../../http/schemas.js';
import type { OrgActor } from '../access/org-actor.js';
import type { MemberEmailRow } from './list-member-emails.js';
import { memberAbilities } from './policy.js';
import type { MemberRecord } from './repository.js';
import type { MemberViewType } from './schemas.js';

/**
 * A members-view row as the API shows it. Privacy is already applied by the query;
 * the presenter applies it again, so a row that has not been accepted never shows a profile.
 * Given the caller (`for`), the row says what they may do with the person.
 */
export function presentMember(row: MemberRecord, options: { withNote: boolean; for?: OrgActor }): MemberViewType {
  const accepted = row.status === 'active' || row.status === 'removed';
  return {
    id: row.id,
    status: row.status,
    role: row.role,
    email: row.email,
    firstName: accepted ? row.first_name : null,
    lastName: accepted ? row.last_name : null,
    username: accepted ? row.username : null,
    accountId: accepted ? row.account_id : null,
    invitedAt: iso(row.invited_at),
    invitedBy: row.invited_by,
    remindedAt: iso(row.reminded_at),
    remindedBy: row.reminded_by,
    activatedAt: iso(row.activated_at),
    removedAt: iso(row.removed_at),
    invitation: row.inv_id && row.inv_status ? { id: row.inv_id, status: row.inv_status, expiresAt: iso(row.inv_expires_at) } : null,
    lastEmail:
      row.mail_kind && row.mail_status
        ? { kind: row.mail_kind, status: row.mail_status, lastError: row.mail_last_error, sentAt: iso(row.mail_sent_at) }
        : null,
    source: { kind: row.source, id: row.source_id, label: row.source_label },
    ...(options.withNote ? { note: row.note } : {}),
    ...(options.for
      ? {
          can: memberAbilities(options.for, {
            id: row.id,
            role: row.role,
            status: row.status,
            hasInvitation: row.inv_id !== null,
            hasEmail: row.email !== null,
          }),
        }
      : {}),
  };
}

export function presentMemberEmail(row: MemberEmailRow) {
  return {
    id: row.id,
    kind: row.kind,
    to: row.toAddress,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: iso(row.createdAt) ?? '',
    sentAt: iso(row.sentAt),
  };
}
