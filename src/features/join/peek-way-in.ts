import type { Services } from '../../services.js';
import { inviteCapacity } from '../invitations/capacity.js';
import { describeDomains } from '../links/domains.js';
import { findOpenWayIn } from './find-way-in.js';

export interface WayInPeek {
  readonly kind: 'link' | 'join_page';
  readonly orgName: string;
  /** ASCII (punycode) as stored; empty: any verified address. */
  readonly domains: readonly string[];
  readonly domainsText: string;
  /** Null while the organization has room; else the sentence a visitor reads (a full organization, R-24). */
  readonly full: string | null;
}

/** What the public page of a link or the join page shows before the visitor enters an address. */
export async function peekWayIn(services: Services, key: string): Promise<WayInPeek> {
  const { org, way } = await findOpenWayIn(services.db, key);
  const refusal = (await inviteCapacity(services.db, org)).take();
  return {
    kind: way.via,
    orgName: org.name,
    domains: way.domains,
    domainsText: describeDomains(way.domains),
    full: refusal ? fullSentence(org.name) : null,
  };
}

/** Nothing about the plan or its people: only that no one can join now, and whom to ask. */
export const fullSentence = (orgName: string): string =>
  `${orgName} cannot take new members at the moment. Ask an administrator of ${orgName} to make room, then try again.`;
