import type { Roster } from '../../src/roster.js';
import { type BenchResponse, expectStatus } from '../client.js';
import type { Context } from '../fixtures.js';
import { runPool, type Summary } from '../measure.js';
import { JOIN_REQUESTS, RARE_LAST_NAME } from '../seed.js';

const ROUTE = '/api/v1/orgs/:orgId/members';

interface Page {
  readonly items: readonly unknown[];
  readonly nextCursor: string | null;
  readonly counts?: unknown;
}

export interface MembersQuery {
  readonly name: string;
  readonly query: string;
  readonly summary: Summary;
  /** What the last answer held: items, whether there was a next page, the counts. */
  readonly note: string;
}

export type MembersResult =
  | { readonly available: false; readonly reason: string }
  | { readonly available: true; readonly queries: readonly MembersQuery[]; readonly walk: Summary };

function asPage(response: BenchResponse, what: string): Page {
  expectStatus(response, 200, what);
  const body = response.body as Partial<Page>;
  if (!Array.isArray(body.items) || body.nextCursor === undefined) throw new Error(`${what}: the answer has no items or nextCursor`);
  return body as Page;
}

/**
 * Times the members list of one big organization as its admin (session cookie), one request
 * at a time so the figures are latencies, not queueing: first page, a deep page reached by
 * following nextCursor, filters, search and another sort.
 */
export async function measureMembers(
  roster: Roster,
  context: Context,
  orgId: string,
  session: string,
  requests: number,
  extra: readonly (readonly [string, string])[] = [],
): Promise<MembersResult> {
  if (!roster.app.hasRoute({ method: 'GET', url: ROUTE })) return { available: false, reason: `GET ${ROUTE} is not registered` };
  const base = `/api/v1/orgs/${orgId}/members`;
  const get = async (query: string, what: string): Promise<Page> =>
    asPage(await context.client.request('GET', query ? `${base}?${query}` : base, undefined, { session }), what);

  const probe = await context.client.request('GET', base, undefined, { session });
  if (probe.status === 404) return { available: false, reason: `GET ${base} answered 404` };
  asPage(probe, 'members first page');

  // Following nextCursor 20 times, one page after another, gives the cursor of page 21.
  let cursor: string | null = null;
  const walk = await runPool(20, 1, async () => {
    const page = await get(cursor ? `cursor=${encodeURIComponent(cursor)}` : '', 'members cursor walk');
    if (!page.nextCursor) throw new Error('members cursor walk: the list ended before page 21');
    cursor = page.nextCursor;
  });
  const deep = cursor ? `cursor=${encodeURIComponent(cursor)}` : 'cursor=';

  const variants: readonly (readonly [string, string])[] = [
    ['first page, default sort', ''],
    ['page 21 via cursor', deep],
    ['status=pending', 'status=pending'],
    ['q=berg (name fragment, ~4 %)', 'q=berg'],
    [`q=${RARE_LAST_NAME.slice(0, 7).toLowerCase()} (one person)`, `q=${RARE_LAST_NAME.slice(0, 7).toLowerCase()}`],
    ['sort=email', 'sort=email'],
    // Filters the admin of a big organization also clicks: its admins (one here), tabs of invited
    // people that are empty here, and the few who asked to join. Walking the invited, each of
    // these tabs read every invited person to find its few or none.
    ['role=admin (one person)', 'role=admin'],
    ['status=expired (nobody)', 'status=expired'],
    ['status=cancelled (nobody)', 'status=cancelled'],
    [`status=requested (${JOIN_REQUESTS} people)`, 'status=requested'],
    ...extra,
  ];
  const queries: MembersQuery[] = [];
  for (const [index, [name, query]] of variants.entries()) {
    let last: Page | null = null;
    for (let i = 0; i < 3; i += 1) last = await get(query, `members ${name} (warm-up)`).catch(() => null);
    const summary = await runPool(requests, 1, async () => {
      last = await get(query, `members ${name}`);
    });
    const page = last as Page | null;
    const counts = index === 0 && page?.counts ? `; counts ${JSON.stringify(page.counts).replace(/["{}]/g, '')}` : '';
    const note = page ? `${page.items.length} items, ${page.nextCursor ? 'more follow' : 'last page'}${counts}` : '';
    queries.push({ name, query, summary, note });
  }
  return { available: true, queries, walk };
}
