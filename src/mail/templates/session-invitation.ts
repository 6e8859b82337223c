import { type RenderedEmail, renderEmail } from '../render.js';

export interface SessionInvitationEmailInput {
  readonly orgName: string;
  /** The person's first name, when known. */
  readonly firstName: string | null;
  readonly title: string;
  readonly startsAt: Date;
  /** The organization's time zone: the time is written in it. */
  readonly timeZone: string;
  /** Null: the place is not known yet. */
  readonly location: string | null;
  readonly teamName: string;
  /** The person's trainings page. */
  readonly url: string;
}

/**
 * "Tuesday, 12 January 2027 at 14:30 (Europe/Paris)", in the organization's time zone:
 * the same words in every mail client, whatever its locale. UTC reads "at 14:30 UTC".
 */
export function sessionDate(at: Date, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const zone = timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : `(${timeZone})`;
  return `${part('weekday')}, ${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')} ${zone}`;
}

/** One per scheduled session a person is enrolled in through their team. */
export function sessionInvitationEmail(input: SessionInvitationEmailInput): RenderedEmail {
  const when = sessionDate(input.startsAt, input.timeZone);
  const where = input.location?.trim() || 'to be announced';
  return renderEmail({
    subject: `You are invited to “${input.title}” on ${when}`,
    paragraphs: [
      input.firstName ? `Hello ${input.firstName},` : 'Hello,',
      `${input.orgName} has enrolled you in the training session “${input.title}” with your team ${input.teamName}.`,
      `When: ${when}`,
      `Where: ${where}`,
      'My learning lists this session with everything else assigned to you, and adds it to your calendar.',
    ],
    action: { label: 'Open my learning', url: input.url },
    footer: `You received this email because you are a member of the team ${input.teamName} at ${input.orgName}.`,
  });
}
