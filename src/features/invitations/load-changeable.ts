import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { type OrgActor, resolveOrgActor } from '../access/org-actor.js';
import { requirePersonInScope } from '../access/people-scope.js';
import type { Actor } from '../auth/actor.js';
import { authorizeInvitationChange } from './policy.js';
import { effectiveStatus, getInvitationForUpdate, type InvitationRow, isCurrentInvitation } from './repository.js';

const REFUSALS = {
  resend: {
    accepted: 'This invitation was already accepted: the person is a member.',
    cancelled: 'This invitation was cancelled. Invite the address again instead.',
    superseded: 'A newer invitation replaced this one. Resend the newest one instead.',
  },
  cancel: {
    accepted: 'This invitation was already accepted. Remove the member instead.',
    cancelled: 'This invitation is already cancelled.',
    superseded: 'A newer invitation replaced this one. Cancel the newest one instead.',
  },
} as const;

/**
 * Loads (and locks) the invitation an admin wants to resend or cancel, checks they may act
 * on it, and refuses one that is no longer the person's open invitation.
 */
export async function loadChangeableInvitation(
  tx: Db,
  actor: Actor,
  orgId: string,
  invitationId: string,
  what: 'resend' | 'cancel',
): Promise<{ orgActor: OrgActor; invitation: InvitationRow; expired: boolean }> {
  const orgActor = await resolveOrgActor(tx, actor, orgId);
  const invitation = await getInvitationForUpdate(tx, orgId, invitationId);
  authorizeInvitationChange(orgActor, invitation.role, what);
  await requirePersonInScope(tx, orgActor, invitation.membershipId);
  const status = effectiveStatus(invitation);
  if (status === 'accepted' || status === 'cancelled') throw new AppError('conflict', REFUSALS[what][status]);
  if (status === 'superseded' || !(await isCurrentInvitation(tx, invitation))) {
    throw new AppError('conflict', REFUSALS[what].superseded);
  }
  return { orgActor, invitation, expired: status === 'expired' };
}
