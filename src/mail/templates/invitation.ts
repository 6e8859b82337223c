import { type EmailBody, type RenderedEmail, renderEmail } from '../render.js';

export interface InvitationEmailInput {
  readonly orgName: string;
  readonly inviterName: string;
  readonly url: string;
  readonly expiresAt: Date | null;
  readonly orgNote: string | null;
  readonly personalMessage: string | null;
  readonly reminder: boolean;
  /** The name the inviter gave (an import's row), to greet the person by. */
  readonly firstName?: string | null;
}

/** The first paragraph: the person's name when the inviter gave it. */
export function invitationGreeting(firstName: string | null | undefined): string {
  return firstName ? `Hello ${firstName},` : 'Hello,';
}

export function invitationEmail(input: InvitationEmailInput): RenderedEmail {
  return renderEmail(invitationBody(input));
}

/** The invitation's words, for a bulk send that renders each email only when it goes out. */
export function invitationBody(input: InvitationEmailInput): EmailBody {
  const expiry = input.expiresAt
    ? `This invitation expires on ${input.expiresAt.toUTCString().slice(0, 16)}.`
    : 'This invitation does not expire.';
  return {
    subject: input.reminder
      ? `Reminder: ${input.inviterName} invited you to join ${input.orgName}`
      : `${input.inviterName} invited you to join ${input.orgName}`,
    paragraphs: [
      invitationGreeting(input.firstName),
      `${input.inviterName} has invited you to join ${input.orgName} on Roster.`,
      // Only a reminder replaces a link; to someone invited for the first time the sentence would puzzle.
      input.reminder ? `${expiry} The link in any earlier invitation from ${input.orgName} no longer works.` : expiry,
    ],
    quotes: [
      ...(input.personalMessage ? [{ label: `A message from ${input.inviterName}:`, text: input.personalMessage }] : []),
      ...(input.orgNote ? [{ label: `A note from ${input.orgName}:`, text: input.orgNote }] : []),
    ],
    action: { label: 'Accept the invitation', url: input.url },
    footer: `You received this email because someone at ${input.orgName} entered your address. If you did not expect it, you can ignore it.`,
  };
}
