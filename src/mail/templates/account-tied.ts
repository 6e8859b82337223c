import { type RenderedEmail, renderEmail } from '../render.js';

export interface AccountTiedEmailInput {
  readonly orgName: string;
  readonly signInUrl: string;
  readonly orgNote: string | null;
}

/**
 * Sent when an organization's identity provider adds someone who already has a Roster account
 * the same account, now also in this organization. It names no one's profile.
 */
export function accountTiedEmail(input: AccountTiedEmailInput): RenderedEmail {
  return renderEmail({
    subject: `You now have access to ${input.orgName}`,
    paragraphs: [
      'Hello,',
      `${input.orgName} has added you to its learning platform on Roster. You already have a Roster account with this address, so nothing new was created: ${input.orgName} now appears when you sign in.`,
      'Sign in with your usual password. If you no longer know it, choose "Forgot your password?" on the sign-in page.',
    ],
    quotes: input.orgNote ? [{ label: `A note from ${input.orgName}:`, text: input.orgNote }] : [],
    action: { label: 'Sign in', url: input.signInUrl },
    footer: `You received this email because ${input.orgName} added your address to its learning platform.`,
  });
}
