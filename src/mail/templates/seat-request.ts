import { type RenderedEmail, renderEmail } from '../render.js';

/** To the platform operator: an organization asks for more seats (issue 17). */
export function seatRequestEmail(input: {
  readonly orgName: string;
  readonly requestedBy: string;
  readonly seats: number;
  readonly seatsNow: number;
  readonly seatsFree: number;
  readonly waitingForSeats: number;
  readonly message: string | null;
  readonly url: string;
}): RenderedEmail {
  const n = (value: number) => value.toLocaleString('en-US');
  return renderEmail({
    subject: `${input.orgName} asks for ${n(input.seats)} more ${input.seats === 1 ? 'seat' : 'seats'}`,
    paragraphs: [
      `${input.requestedBy} of ${input.orgName} asks for ${n(input.seats)} more ${input.seats === 1 ? 'seat' : 'seats'}.`,
      `The plan has ${n(input.seatsNow)} seats, ${n(input.seatsFree)} free, and ${n(input.waitingForSeats)} pending invitations waiting for one.`,
      ...(input.message ? [`Their message: "${input.message}"`] : []),
    ],
    action: { label: 'Open the organization', url: input.url },
    footer: 'Seats are changed in the organization’s plan settings.',
  });
}
