import { type RenderedEmail, renderEmail } from '../render.js';

export interface AccountReaddedEmailInput {
  readonly orgName: string;
  readonly firstName: string;
  readonly signInUrl: string;
  readonly orgNote: string | null;
}

/** Sent when an admin adds back a former member who already has a password of their own. */
export function accountReaddedEmail(input: AccountReaddedEmailInput): RenderedEmail {
  return renderEmail({
    subject: `Your ${input.orgName} account is active again`,
    paragraphs: [
      input.firstName ? `Hello ${input.firstName},` : 'Hello,',
      `An administrator of ${input.orgName} has given you access to ${input.orgName} on Roster again. Your account and its history are as you left them.`,
      'Sign in with your usual password. If you no longer know it, choose "Forgot your password?" on the sign-in page.',
    ],
    quotes: input.orgNote ? [{ label: `A note from ${input.orgName}:`, text: input.orgNote }] : [],
    action: { label: 'Sign in', url: input.signInUrl },
    footer: `You received this email because ${input.orgName} added you to its learning platform again.`,
  });
}
