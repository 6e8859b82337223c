import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { placeInTeams } from '../../src/features/teams/place-in-team.js';
import type { Roster } from '../../src/roster.js';
import { expectStatus } from '../client.js';
import { type Context, createPaidOrg } from '../fixtures.js';
import { runPool, type Summary, summarize, timed } from '../measure.js';

const ROUTE = '/api/v1/orgs/:orgId/teams/:teamId/members';
/** Levels of each chain: a private top-level team, then public teams down to the leaf. */
export const TEAM_DEPTH = 6;

export interface TeamsPlan {
  /** People added to one leaf by placeInTeams, in one call. */
  readonly people: number;
  /** People added to another leaf through the API, one request each (the API has no bulk form). */
  readonly apiPeople: number;
  /** Requests per read measurement (tree, a team's members). */
  readonly reads: number;
}

export interface TeamsMeasurement {
  readonly name: string;
  readonly summary: Summary;
  readonly itemsPerRequest?: number;
  readonly note: string;
}

export type TeamsResult =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      readonly measurements: readonly TeamsMeasurement[];
      /** People per second: placeInTeams in one call, and the API one request each. */
      readonly directPeoplePerSecond: number;
      readonly apiPeoplePerSecond: number;
    };

const count = (n: number): string => n.toLocaleString('en-US');
/** Rows written per transaction: PGlite is one connection, so bulk work goes in chunks. */
const CHUNK = 10_000;

/**
 * Seeds `total` active learners (an account each) with set-based inserts and returns their
 * membership ids. Addresses carry a random tag: accounts are global, and the members
 * scenario's seed already uses its own address pattern.
 */
async function seedPeople(db: Db, orgId: string, total: number): Promise<string[]> {
  const tag = randomBytes(3).toString('hex');
  const ids: string[] = [];
  for (let lo = 1; lo <= total; lo += CHUNK) {
    const hi = Math.min(total, lo + CHUNK - 1);
    const rows = await db.transaction((tx) =>
      queryRows<{ id: string }>(
        tx as unknown as Db,
        sql`with src as materialized (
              select g, gen_random_uuid() as account_id, ${`team.${tag}.`} || g || '@teams.bench.test' as email
              from generate_series(${lo}::int, ${hi}::int) as g
            ), new_accounts as (
              insert into accounts (id, email, first_name, last_name) select account_id, email, 'Team', 'Person ' || g from src
            )
            insert into memberships (org_id, account_id, email, role, status, invited_at, activated_at)
            select ${orgId}::uuid, account_id, email, 'learner', 'active', now(), now() from src
            returning id`,
      ),
    );
    ids.push(...rows.map((row) => row.id));
  }
  // Seats cover everyone active, as the check constraint wants.
  await db.execute(sql`update organizations set seats = ${total + 1000}::int, seats_used = ${total}::int where id = ${orgId}`);
  await db.execute(sql`analyze memberships`);
  return ids;
}

/** `reads` GETs of `path` as the operator, one at a time, after three unmeasured ones. */
export async function readOneByOne(context: Context, name: string, path: string, reads: number): Promise<Summary> {
  const bearer = { bearer: context.operatorToken };
  for (let i = 0; i < 3; i += 1) await context.client.request('GET', path, undefined, bearer);
  return runPool(reads, 1, async () => {
    expectStatus(await context.client.request('GET', path, undefined, bearer), 200, name);
  });
}

/**
 * Adds many people as learners to a team six levels deep, where propagation writes a row per
 * level and person: once through placeInTeams directly (one set-based statement), once through
 * POST …/teams/:teamId/members, one person per request. Then times reading the tree (its
 * counts cover every placement) and a page of the leaf's people.
 */
export async function measureTeams(roster: Roster, db: Db, context: Context, plan: TeamsPlan): Promise<TeamsResult> {
  if (!roster.app.hasRoute({ method: 'POST', url: ROUTE })) return { available: false, reason: `POST ${ROUTE} is not registered` };
  const bearer = { bearer: context.operatorToken };
  const orgId = await createPaidOrg(context, 'teams');
  const wanted = Math.max(plan.people, plan.apiPeople);
  const people = await seedPeople(db, orgId, wanted);
  if (people.length < wanted) throw new Error(`teams: seeded ${people.length} people, wanted ${wanted}`);

  async function chain(label: string): Promise<string> {
    let parentId: string | null = null;
    for (let level = 1; level <= TEAM_DEPTH; level += 1) {
      const response = await context.client.request(
        'POST',
        `/api/v1/orgs/${orgId}/teams`,
        { name: `${label} level ${level}`, parentId, visibility: level === 1 ? 'private' : 'public' },
        bearer,
      );
      expectStatus(response, 201, `create team ${label} ${level}`);
      parentId = (response.body as { id: string }).id;
    }
    if (parentId === null) throw new Error('teams: no leaf');
    return parentId;
  }
  const rowsFrom = async (leaf: string): Promise<number> => {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from team_members where org_id = ${orgId} and origin_team_id = ${leaf}`,
    );
    return Number(row?.n ?? 0);
  };

  const measurements: TeamsMeasurement[] = [];
  const directLeaf = await chain('Direct');
  const direct = people.slice(0, plan.people);
  const first = await timed(() =>
    db.transaction((tx) => placeInTeams(tx as unknown as Db, { orgId, membershipIds: direct, teamIds: [directLeaf] })),
  );
  const directRows = await rowsFrom(directLeaf);
  measurements.push({
    name: `placeInTeams: ${count(plan.people)} people, depth ${TEAM_DEPTH}`,
    summary: summarize([first.ms], first.ms),
    itemsPerRequest: plan.people,
    note: `one call; ${count(directRows)} rows written (${TEAM_DEPTH} per person); items = people`,
  });
  const again = await timed(() =>
    db.transaction((tx) => placeInTeams(tx as unknown as Db, { orgId, membershipIds: direct, teamIds: [directLeaf] })),
  );
  measurements.push({
    name: 'placeInTeams again (all already there)',
    summary: summarize([again.ms], again.ms),
    itemsPerRequest: plan.people,
    note: `idempotent: ${count((await rowsFrom(directLeaf)) - directRows)} rows added`,
  });

  const apiLeaf = await chain('Api');
  const viaApi = people.slice(0, plan.apiPeople);
  const api = await runPool(viaApi.length, context.concurrency, async (index) => {
    const response = await context.client.request(
      'POST',
      `/api/v1/orgs/${orgId}/teams/${apiLeaf}/members`,
      { memberId: viaApi[index], role: 'learner' },
      bearer,
    );
    expectStatus(response, 201, 'add learner to team');
  });
  const apiRows = await rowsFrom(apiLeaf);
  measurements.push({
    name: `API: ${count(plan.apiPeople)} learners, 1 per request, depth ${TEAM_DEPTH}`,
    summary: api,
    itemsPerRequest: 1,
    note: `${context.concurrency} in flight; ${count(apiRows)} rows written; no bulk form in the API`,
  });

  // As after any bulk load: the planner's statistics should see the placements just written.
  await db.execute(sql`analyze team_members`);
  const read = async (name: string, path: string, note: string): Promise<void> => {
    measurements.push({ name, summary: await readOneByOne(context, name, path, plan.reads), note });
  };
  await read('GET tree (12 teams, counts)', `/api/v1/orgs/${orgId}/teams`, `${count(directRows + apiRows)} placements counted per request`);
  await read(
    'GET leaf members, first page',
    `/api/v1/orgs/${orgId}/teams/${apiLeaf}/members?limit=50`,
    `${count(plan.apiPeople)} people in the team`,
  );

  return {
    available: true,
    measurements,
    directPeoplePerSecond: (plan.people * 1000) / first.ms,
    apiPeoplePerSecond: api.perSecond,
  };
}
