import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { type ListQuery, readList, readPage } from './list-query.js';
import { scimOrgOf } from './policy.js';
import { countUserRecords, findUserRecords, USER_SORT, type UserRecord } from './user-records.js';

/** GET /Users: the filter is one SQL condition; `count=0` asks only how many match. */
export async function listScimUsers(
  services: Services,
  actor: Actor,
  query: ListQuery,
): Promise<{ total: number; startIndex: number; records: UserRecord[] }> {
  const orgId = scimOrgOf(actor);
  const page = readPage(query, USER_SORT);
  return readList(
    page,
    (offset, limit) =>
      findUserRecords(services.db, orgId, {
        filter: page.filter,
        offset,
        limit,
        ...(page.orderBy ? { orderBy: page.orderBy } : {}),
        descending: page.descending,
      }),
    () => countUserRecords(services.db, orgId, page.filter),
  );
}
