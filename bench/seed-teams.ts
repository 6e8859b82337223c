import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { queryRows } from '../src/db/sql.js';
import { placeInTeams } from '../src/features/teams/place-in-team.js';
import { settle } from './seed.js';

export interface SeededTeams {
  readonly rootId: string;
  readonly leafId: string;
  readonly placed: number;
  readonly ms: number;
}

/**
 * A private root with two public levels below it; every other active member of the org is
 * placed in the leaf, and so (by propagation) in the two teams above it. The members list
 * filtered by the leaf or the root then reads a team of half the organization.
 */
export async function seedTeams(db: Db, orgId: string): Promise<SeededTeams> {
  const start = performance.now();
  const make = async (name: string, parentId: string | null, visibility: string): Promise<string> => {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into teams (org_id, parent_id, name, visibility) values (${orgId}, ${parentId}, ${name}, ${visibility}) returning id`,
    );
    if (!row) throw new Error('team insert returned nothing');
    return row.id;
  };
  const rootId = await make('Company', null, 'private');
  const middleId = await make('Division', rootId, 'public');
  const leafId = await make('Unit', middleId, 'public');
  const people = await queryRows<{ id: string }>(
    db,
    sql`select id from (select id, row_number() over (order by id) as n from memberships where org_id = ${orgId} and status = 'active') s where n % 2 = 0`,
  );
  const ids = people.map((p) => p.id);
  for (let i = 0; i < ids.length; i += 20_000) {
    await db.transaction((tx) => placeInTeams(tx as unknown as Db, { orgId, membershipIds: ids.slice(i, i + 20_000), teamIds: [leafId] }));
  }
  // Settled as seedMembers' rows are: the first readers of 100,000 new placements otherwise
  // set their hint bits, and autovacuum's pass over them, inside the first measurements.
  await settle(db);
  return { rootId, leafId, placed: ids.length, ms: performance.now() - start };
}
