import type { organizations } from '../../db/schema.js';
import { iso } from '../../http/schemas.js';
import type { OrgViewType } from './schemas.js';

type OrgRow = typeof organizations.$inferSelect;

export function presentOrg(org: OrgRow, myRole?: string): OrgViewType {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    kind: org.kind,
    seats: org.seats,
    seatsUsed: org.seatsUsed,
    seatsFree: org.seats - org.seatsUsed,
    renewalDate: org.renewalDate,
    invitationExpiryDays: org.invitationExpiryDays,
    emailNote: org.emailNote,
    emailSenderName: org.emailSenderName,
    requireTeam: org.requireTeam,
    reserveSeatAtInvite: org.reserveSeatAtInvite,
    scimPasswordLinks: org.scimPasswordLinks,
    timeZone: org.timeZone,
    learningPlatform:
      org.learningPlatformName && org.learningPlatformUrl ? { name: org.learningPlatformName, url: org.learningPlatformUrl } : null,
    maxMembers: org.maxMembers,
    publicDomainsAllowed: org.publicDomainsAllowed,
    retentionDays: org.retentionDays,
    createdAt: iso(org.createdAt) ?? '',
    ...(myRole ? { myRole } : {}),
  };
}
