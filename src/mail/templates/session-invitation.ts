import { type RenderedEmail, renderEmail } from '../render.js';

export interface SessionInvitationEmailInput {
  readonly orgName: string;
  /** The person's first name, when known. */
  readonly firstName: string | null;
  readonly title: string;
  readonly startsAt: Date;
  /** Null: the place is not known yet. */
  readonly location: string | null;
  readonly teamName: string;
  /** The person's trainings page. */
  readonly url: string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Tuesday, 12 January 2027 at 14:30 UTC": the same words in every mail client, whatever its locale. */
export function sessionDate(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[at.getUTCDay()]}, ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} at ${two(at.getUTCHours())}:${two(at.getUTCMinutes())} UTC`;
}

/** One per scheduled session a person is enrolled in through their team. */
export function sessionInvitationEmail(input: SessionInvitationEmailInput): RenderedEmail {
  const when = sessionDate(input.startsAt);
  const where = input.location?.trim() || 'to be announced';
  return renderEmail({
    subject: `You are invited to “${input.title}” on ${when}`,
    paragraphs: [
      input.firstName ? `Hello ${input.firstName},` : 'Hello,',
      `${input.orgName} has enrolled you in the training session “${input.title}” with your team ${input.teamName}.`,
      `When: ${when}`,
      `Where: ${where}`,
      'Your trainings page lists this session with everything else assigned to you.',
    ],
    action: { label: 'See my trainings', url: input.url },
    footer: `You received this email because you are a member of the team ${input.teamName} at ${input.orgName}.`,
  });
}
