import { type RenderedEmail, renderEmail } from '../../mail/render.js';

/** Told to the organization's administrators when an endpoint that kept failing is disabled. */
export function endpointDisabledEmail(input: {
  readonly orgName: string;
  readonly url: string;
  readonly settingsUrl: string;
}): RenderedEmail {
  return renderEmail({
    subject: `A webhook endpoint of ${input.orgName} was disabled`,
    paragraphs: [
      'Hello,',
      `Roster could not deliver events to ${input.url} for three days, so it stopped sending to it. Events raised from now on are not kept for it.`,
      'Check the delivery log for the answers it gave, fix the receiver, then enable the endpoint again.',
    ],
    action: { label: 'Open the webhook settings', url: input.settingsUrl },
    footer: 'You receive this because you administer this organization in Roster.',
  });
}
