import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { looksLikeToken } from '../../lib/tokens.js';
import type { OrgRow } from '../orgs/repository.js';
import { effectiveStatus, findInvitationByToken, type InvitationRow } from './repository.js';
import { assertWayInOpen, type WayInState } from './way-in.js';

/**
 * Finds the invitation a link points at and refuses, with its own sentence, a link that can
 * no longer be used, or one whose link or join page closed since. The wording names the
 * organization the link came from, never any account.
 */
export async function openInvitation(
  db: Db,
  token: string,
  lock: boolean,
): Promise<{ invitation: InvitationRow; org: OrgRow; way: WayInState | null }> {
  const found = looksLikeToken(token) ? await findInvitationByToken(db, token, lock) : null;
  if (!found) {
    throw new AppError('not_found', 'This invitation link is not valid. Check that you copied the whole link from the email.');
  }
  const { invitation, org } = found;
  const ask = `Ask an administrator of ${org.name} to send you a new invitation.`;
  switch (effectiveStatus(invitation)) {
    case 'accepted':
      throw new AppError('invitation_accepted', `This invitation to ${org.name} has already been accepted. Sign in to continue.`);
    case 'cancelled':
      throw new AppError('invitation_cancelled', `This invitation to ${org.name} was cancelled. ${ask}`);
    case 'superseded':
      throw new AppError(
        'invitation_superseded',
        `A newer invitation to ${org.name} was sent to you: use the link in the most recent email.`,
      );
    case 'expired':
      throw new AppError('invitation_expired', `This invitation to ${org.name} has expired. ${ask}`);
    case 'pending':
      // Issued by a link or the join page: only while that way in stays open.
      return { invitation, org, way: await assertWayInOpen(db, org, invitation) };
  }
}
