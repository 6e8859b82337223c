import type { Role } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { displayName, findAccountByEmail, findAccountById } from '../accounts/repository.js';
import type { Actor } from '../auth/actor.js';
import { recordTurnaway } from '../licenses/turnaways.js';
import { OPERATOR_NAME } from './inviter.js';
import { openInvitation } from './open-invitation.js';

export interface InvitationPeek {
  readonly orgName: string;
  readonly inviterName: string;
  /** Set when the person asked to join through a shareable link or the join page. */
  readonly via: 'link' | 'join_page' | null;
  readonly email: string;
  readonly role: Role;
  readonly expiresAt: Date | null;
  readonly accountExists: boolean;
  /** A seat waits for them: theirs already (reserved), or one free in the bank now. */
  readonly seatAvailable: boolean;
  /** The name the inviter gave, to fill in the form; null when the address has an account already. */
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly signedInAs: string | null;
  readonly signedInMatches: boolean;
  readonly termsVersion: string;
  readonly termsUrl: string | null;
  readonly privacyUrl: string | null;
}

/**
 * What the invitation page shows. Only the holder of the link sees this, and it is about
 * their own address: whether it already has an account decides between "create" and "sign in".
 */
export async function peekInvitation(services: Services, actor: Actor, token: string): Promise<InvitationPeek> {
  const { db } = services;
  const { invitation, org } = await openInvitation(db, token, false);
  const inviter = invitation.invitedBy ? await findAccountById(db, invitation.invitedBy) : null;
  const account = await findAccountByEmail(db, invitation.email);
  const signedIn = actor.kind === 'account' ? await findAccountById(db, actor.accountId) : null;
  // Said before the form, so nobody fills it in to be turned away (issue 17); accepting checks again.
  const seatAvailable = invitation.holdsSeat || org.seats - org.seatsUsed > 0;
  // Turned away all the same: the admins' daily notice names them.
  if (!seatAvailable)
    await recordTurnaway(db, { orgId: org.id, email: invitation.email, membershipId: invitation.membershipId, way: 'invitation' });
  return {
    orgName: org.name,
    inviterName: inviter
      ? displayName(inviter)
      : invitation.via === 'link'
        ? `The sign-up link of ${org.name}`
        : invitation.via === 'join_page'
          ? `The join page of ${org.name}`
          : OPERATOR_NAME,
    via: invitation.via,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    accountExists: account !== null,
    seatAvailable,
    firstName: account === null ? invitation.firstName : null,
    lastName: account === null ? invitation.lastName : null,
    signedInAs: signedIn ? (signedIn.email ?? signedIn.username) : null,
    signedInMatches: signedIn !== null && account !== null && signedIn.id === account.id,
    termsVersion: services.config.termsVersion,
    termsUrl: services.config.termsUrl ?? null,
    privacyUrl: services.config.privacyUrl ?? null,
  };
}
