import { and, eq } from 'drizzle-orm';
import { memberships } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { cancelInvitation } from '../invitations/cancel-invitation.js';
import { resendInvitation } from '../invitations/resend-invitation.js';
import { removeMember } from '../members/remove-member.js';
import { updateMember } from '../members/update-member.js';
import { addTeamMember } from '../teams/add-team-member.js';
import type { BulkOperationRecord } from './repository.js';

/** The person's open invitation, which resend and cancel act on. */
async function invitationOf(services: Services, orgId: string, memberId: string, what: string): Promise<string> {
  const [row] = await services.db
    .select({ invitationId: memberships.currentInvitationId, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, memberId)))
    .limit(1);
  if (!row?.invitationId) {
    throw new AppError('conflict', `This person has no invitation to ${what}: they were set up directly or came in without one.`);
  }
  return row.invitationId;
}

/**
 * One person's turn in a bulk action: the single action's own use case, as the caller, so
 * its policy decides and its audit entry is written. Refusals come back as AppErrors.
 */
export async function actOnMember(services: Services, actor: Actor, operation: BulkOperationRecord, memberId: string): Promise<void> {
  const orgId = operation.org_id;
  switch (operation.action) {
    case 'resend': {
      const invitationId = await invitationOf(services, orgId, memberId, 'send again');
      // Thousands of reminders at once are bulk mail: a password reset queued meanwhile goes first.
      await resendInvitation(services, actor, orgId, invitationId, { message: operation.params.message ?? null, bulk: true });
      return;
    }
    case 'cancel':
      await cancelInvitation(services, actor, orgId, await invitationOf(services, orgId, memberId, 'cancel'));
      return;
    case 'remove':
      await removeMember(services, actor, orgId, memberId);
      return;
    case 'change_role': {
      const role = operation.params.role;
      if (!role) throw new AppError('internal', 'The bulk action has no role.');
      await updateMember(services, actor, orgId, memberId, { role });
      return;
    }
    case 'add_to_team': {
      const teamId = operation.params.teamId;
      if (!teamId) throw new AppError('internal', 'The bulk action has no team.');
      await addTeamMember(services, actor, orgId, teamId, { memberId, role: 'learner' });
      return;
    }
  }
}
