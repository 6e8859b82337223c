import { iso } from '../../http/schemas.js';
import type { InvitationListItem } from './list-invitations.js';
import { effectiveStatus } from './repository.js';

export function presentInvitation({ invitation, invitedByEmail }: InvitationListItem) {
  return {
    id: invitation.id,
    memberId: invitation.membershipId,
    email: invitation.email,
    role: invitation.role,
    status: effectiveStatus(invitation),
    message: invitation.message,
    invitedBy: invitedByEmail ?? 'operator',
    sentAt: iso(invitation.createdAt) ?? '',
    expiresAt: iso(invitation.expiresAt),
    acceptedAt: iso(invitation.acceptedAt),
    cancelledAt: iso(invitation.cancelledAt),
    isReminder: invitation.previousId !== null,
  };
}
