import { iso } from '../../http/schemas.js';
import type { JoinPageRow } from './repository.js';
import type { JoinPageViewType } from './schemas.js';

export function presentJoinPage(page: JoinPageRow | null, teamName: string | null, publicUrl: string): JoinPageViewType {
  return {
    enabled: page?.enabled ?? false,
    slug: page?.slug ?? null,
    url: page?.slug ? `${publicUrl}/join/${page.slug}` : null,
    team: page?.teamId ? { id: page.teamId, name: teamName ?? '' } : null,
    domains: page?.domains ?? [],
    mode: page?.mode ?? 'join',
    updatedAt: page ? iso(page.updatedAt) : null,
  };
}
