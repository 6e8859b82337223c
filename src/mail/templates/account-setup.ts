import { type RenderedEmail, renderEmail } from '../render.js';

export interface AccountSetupEmailInput {
  readonly orgName: string;
  readonly firstName: string;
  readonly url: string | null;
  readonly signInUrl: string;
  readonly orgNote: string | null;
}

/** Sent when an admin sets up an account. Never carries a password. */
export function accountSetupEmail(input: AccountSetupEmailInput): RenderedEmail {
  return renderEmail({
    subject: `Your ${input.orgName} account is ready`,
    paragraphs: [
      `Hello ${input.firstName},`,
      `An administrator of ${input.orgName} has created an account for you on Roster.`,
      input.url
        ? 'Choose your password with the link below. The link works once and expires in 7 days.'
        : 'Your administrator will give you your password. Sign in with the link below.',
    ],
    quotes: input.orgNote ? [{ label: `A note from ${input.orgName}:`, text: input.orgNote }] : [],
    action: input.url ? { label: 'Choose your password', url: input.url } : { label: 'Sign in', url: input.signInUrl },
    footer: `You received this email because ${input.orgName} added you to its learning platform.`,
  });
}
