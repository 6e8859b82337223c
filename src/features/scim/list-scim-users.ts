import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { type ListQuery, readPage } from './list-query.js';
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
  const records =
    page.count === 0
      ? []
      : await findUserRecords(services.db, orgId, {
          filter: page.filter,
          offset: page.startIndex - 1,
          limit: page.count,
          ...(page.orderBy ? { orderBy: page.orderBy } : {}),
          descending: page.descending,
        });
  // A first page that is not full holds every match: no second statement to count them.
  const whole = page.startIndex === 1 && records.length < page.count;
  const total = whole ? records.length : await countUserRecords(services.db, orgId, page.filter);
  return { total, startIndex: page.startIndex, records };
}
