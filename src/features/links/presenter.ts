import { iso } from '../../http/schemas.js';
import { type LinkWithTeam, linkState } from './repository.js';
import type { LinkViewType } from './schemas.js';

export const linkUrl = (publicUrl: string, key: string): string => `${publicUrl}/join/${key}`;

export function presentLink(link: LinkWithTeam, publicUrl: string): LinkViewType {
  return {
    id: link.id,
    url: linkUrl(publicUrl, link.key),
    label: link.label,
    domains: link.domains,
    team: link.teamId ? { id: link.teamId, name: link.teamName ?? '' } : null,
    enabled: link.enabled,
    mode: link.mode,
    state: linkState(link),
    expiresAt: iso(link.expiresAt),
    maxUses: link.maxUses,
    uses: link.uses,
    lastUsedAt: iso(link.lastUsedAt),
    createdBy: link.createdByLabel,
    createdAt: iso(link.createdAt) ?? '',
    rotatedAt: iso(link.rotatedAt),
  };
}
