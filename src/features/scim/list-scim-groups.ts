import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import type { Actor } from '../auth/actor.js';
import { teamScopeOf } from '../teams/policy.js';
import { countGroupRecords, findGroupMembers, findGroupRecords, GROUP_SORT, type GroupMember, type GroupRecord } from './group-records.js';
import { type ListQuery, readList, readPage } from './list-query.js';
import { scimOrgOf } from './policy.js';

/**
 * GET /Groups: the teams the key may see (all of them for an administrator key), the filter
 * one SQL condition; the members of the page in one more statement, only when wanted
 * (`excludedAttributes=members`, which Entra sends, skips them).
 */
export async function listScimGroups(
  services: Services,
  actor: Actor,
  query: ListQuery,
  withMembers: boolean,
): Promise<{ total: number; startIndex: number; records: GroupRecord[]; members: Map<string, GroupMember[]> | null }> {
  const orgId = scimOrgOf(actor);
  const page = readPage(query, GROUP_SORT);
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  const scope = await teamScopeOf(services.db, orgActor);
  const list = await readList(
    page,
    (offset, limit) =>
      findGroupRecords(services.db, orgId, scope, {
        filter: page.filter,
        offset,
        limit,
        ...(page.orderBy ? { orderBy: page.orderBy } : {}),
        descending: page.descending,
      }),
    () => countGroupRecords(services.db, orgId, scope, page.filter),
  );
  const members = withMembers
    ? await findGroupMembers(
        services.db,
        orgId,
        list.records.map((r) => r.id),
      )
    : null;
  return { ...list, members };
}
