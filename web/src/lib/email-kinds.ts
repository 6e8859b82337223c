/** What each kind of email is, in words: codes such as `session-invitation` never reach a screen. */
const EMAIL_KIND_LABELS: Record<string, string> = {
  invitation: 'Invitation',
  'invitation-reminder': 'Invitation reminder',
  'account-setup': 'Account set up',
  'password-reset': 'Password reset',
  'session-invitation': 'Session invitation',
};

/** The kinds offered as a filter, in the order people think of them. */
export const EMAIL_KINDS = Object.keys(EMAIL_KIND_LABELS);

/** A label for any kind, a new one included: "join-confirmation" reads "Join confirmation". */
export function emailKindLabel(kind: string): string {
  const known = EMAIL_KIND_LABELS[kind];
  if (known) return known;
  const words = kind.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const EMAIL_STATUS_LABELS: Record<string, string> = { queued: 'Queued', sent: 'Sent', failed: 'Failed' };
