import { type RenderedEmail, renderEmail } from '../render.js';

/**
 * The email a visitor of a shareable link or the join page asks for: following
 * its link proves they own the address, and leads to the same page as an invitation.
 */
export function joinConfirmationEmail(input: {
  readonly orgName: string;
  readonly wayName: string;
  readonly url: string;
  readonly expiresAt: Date | null;
  readonly orgNote: string | null;
}): RenderedEmail {
  const expiry = input.expiresAt ? `The link works until ${input.expiresAt.toUTCString().slice(0, 16)}.` : '';
  return renderEmail({
    subject: `Confirm your address to join ${input.orgName}`,
    paragraphs: [
      'Hello,',
      `This address was entered on ${input.wayName} to join ${input.orgName} on Roster. Follow the link to confirm that it is yours and finish joining.`,
      ...(expiry ? [expiry] : []),
    ],
    quotes: input.orgNote ? [{ label: `A note from ${input.orgName}:`, text: input.orgNote }] : [],
    action: { label: `Join ${input.orgName}`, url: input.url },
    footer: 'If you did not ask to join, you can ignore this email: nothing happens unless the link is followed.',
  });
}

/** Sent instead when the address already belongs to an active member: the same answer on the page, nothing learnt. */
export function alreadyMemberEmail(input: { readonly orgName: string; readonly signInUrl: string }): RenderedEmail {
  return renderEmail({
    subject: `You are already a member of ${input.orgName}`,
    paragraphs: [
      'Hello,',
      `This address was entered to join ${input.orgName} on Roster, but it already belongs to a member of ${input.orgName}. Sign in to continue.`,
    ],
    quotes: [],
    action: { label: 'Sign in', url: input.signInUrl },
    footer: 'If you did not ask to join, you can ignore this email.',
  });
}

/** An administrator's answer to a request to join. */
export function joinDecisionEmail(input: {
  readonly orgName: string;
  readonly approved: boolean;
  readonly signInUrl: string;
}): RenderedEmail {
  return renderEmail(
    input.approved
      ? {
          subject: `You are now a member of ${input.orgName}`,
          paragraphs: ['Hello,', `An administrator of ${input.orgName} approved your request to join. Sign in to get started.`],
          quotes: [],
          action: { label: 'Sign in', url: input.signInUrl },
          footer: `You received this email because you asked to join ${input.orgName} on Roster.`,
        }
      : {
          subject: `Your request to join ${input.orgName}`,
          paragraphs: [
            'Hello,',
            `An administrator of ${input.orgName} declined your request to join. If you think this is a mistake, contact them directly. Your Roster account stays yours.`,
          ],
          quotes: [],
          action: { label: 'Sign in to Roster', url: input.signInUrl },
          footer: `You received this email because you asked to join ${input.orgName} on Roster.`,
        },
  );
}
