import { type RenderedEmail, renderEmail } from '../render.js';

export function passwordResetEmail(input: { readonly url: string }): RenderedEmail {
  return renderEmail({
    subject: 'Reset your Roster password',
    paragraphs: [
      'Hello,',
      'Someone asked to reset the password of the Roster account for this address. If it was you, choose a new password with the link below. The link works once and expires in one hour.',
    ],
    action: { label: 'Choose a new password', url: input.url },
    footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
  });
}
