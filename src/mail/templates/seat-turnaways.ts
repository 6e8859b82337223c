import { type RenderedEmail, renderEmail } from '../render.js';

/** The most people one notice names; the rest are counted. */
export const TURNAWAYS_NAMED = 50;

/** To each administrator, at most once a day: who could not join because no seat was free (issue 17). */
export function seatTurnawaysEmail(input: {
  readonly orgName: string;
  /** The addresses, earliest first, at most TURNAWAYS_NAMED of them. */
  readonly people: readonly string[];
  readonly total: number;
  readonly seats: number;
  readonly url: string;
}): RenderedEmail {
  const n = (value: number) => value.toLocaleString('en-US');
  const who = input.total === 1 ? '1 person' : `${n(input.total)} people`;
  const more = input.total - input.people.length;
  return renderEmail({
    subject: `${who} could not join ${input.orgName}: no seat was free`,
    paragraphs: [
      `${input.total === 1 ? 'This person' : `These ${n(input.total)} people`} tried to join ${input.orgName} and ${input.total === 1 ? 'was' : 'were'} turned away because all ${n(input.seats)} seats were taken.`,
      'They can join once a seat is free: remove people who left, cancel invitations nobody needs, or ask the platform operator for more seats.',
    ],
    // Set apart one address a line (the layout keeps a quote's lines), so the list reads as one.
    quotes: [{ label: 'Turned away', text: input.people.join('\n') + (more > 0 ? `\nand ${n(more)} more` : '') }],
    action: { label: 'See the licenses', url: input.url },
    footer: `You receive this as an administrator of ${input.orgName}, at most once a day and only when someone was turned away.`,
  });
}
