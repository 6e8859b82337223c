import type { MembershipSource, Role } from '../../db/schema.js';
import { sentAhead } from '../../db/sent-ahead.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { peopleScope } from '../access/people-scope.js';
import type { Actor } from '../auth/actor.js';
import { keptStatusCounts } from './kept-counts.js';
import { decodeKeyset, encodeKeyset, TIMESTAMP_KEY } from './keyset.js';
import { authorizeViewMembers, canSeeNotes } from './policy.js';
import { presentMember } from './presenter.js';
import { countByStatus, listMemberRecords, SORT_PLANS } from './repository.js';
import type { MemberSort, MemberStatus, MemberViewType } from './schemas.js';

export interface MembersQuery {
  readonly status?: MemberStatus;
  readonly q?: string;
  readonly role?: Role;
  readonly team?: string;
  readonly source?: MembershipSource;
  readonly sourceId?: string;
  readonly sort?: MemberSort;
  readonly cursor?: string;
  readonly limit?: number;
}

export interface MembersPage {
  readonly items: MemberViewType[];
  readonly nextCursor: string | null;
  readonly counts: Record<MemberStatus, number>;
}

/**
 * One list of members and invitations: filtered by status, role and a search,
 * sorted, keyset-paginated, with the count of every status tab. Managers and user admins
 * see only the people of their teams.
 */
export async function listMembers(services: Services, actor: Actor, orgId: string, query: MembersQuery): Promise<MembersPage> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeViewMembers(orgActor);
  const scope = await peopleScope(services.db, orgActor);
  const within = scope.all ? undefined : scope.teamIds;
  const sort = query.sort ?? '-created';
  const limit = query.limit ?? 50;
  const after = decodeKeyset(query.cursor, sort, sort.endsWith('created') ? TIMESTAMP_KEY : undefined);
  const q = query.q?.trim();
  // The tabs count what the caller may see, in the team chosen, whatever the other filters: kept
  // counts for the organization or a team; a manager's branch (people in several teams at once)
  // is counted from its rows. Neither depends on the page: asked for with it (one round trip less).
  const team = query.team ? { team: query.team } : {};
  const counting = sentAhead(
    within ? countByStatus(services.db, orgId, { within, ...team }) : keptStatusCounts(services.db, orgId, query.team),
  );
  // One row more than asked tells whether another page follows.
  const rows = await listMemberRecords(services.db, orgId, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.team ? { team: query.team } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.sourceId ? { sourceId: query.sourceId } : {}),
    ...(within ? { within } : {}),
    ...(q ? { q } : {}),
    sort,
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const counts = await counting;
  const withNote = canSeeNotes(orgActor);
  return {
    items: page.map((row) => presentMember(row, { withNote, for: orgActor })),
    nextCursor: rows.length > limit && last ? encodeKeyset({ sort, value: SORT_PLANS[sort].cursorValue(last), id: last.id }) : null,
    counts,
  };
}
