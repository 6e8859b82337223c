/**
 * `tsx bench/explain-members.ts [--keep]` (DATABASE_URL: a PostgreSQL server): seeds the
 * bench's 200,000-member organization with its team branch, then prints EXPLAIN ANALYZE of
 * the members page's query for every filter and sort the bench uses, and of the tab counts.
 * For checking that each one is served by an index rather than a read of the organization.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/sql.js';
import { keptStatusCounts } from '../src/features/members/kept-counts.js';
import { type MemberFilter, memberPageQuery } from '../src/features/members/repository.js';
import { openBenchDatabase } from './database.js';
import { seedMembers } from './seed.js';
import { seedTeams } from './seed-teams.js';

const serverUrl = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const total = Number(process.env.BENCH_MEMBERS ?? 200_000);
const bench = await openBenchDatabase(serverUrl, process.argv.includes('--keep'));
try {
  const db = bench.database.db;
  const [org] = await queryRows<{ id: string }>(
    db,
    sql`insert into organizations (name, slug, kind, seats) values ('Explain', ${`explain-${Date.now()}`}, 'paid', 1000) returning id`,
  );
  const orgId = org?.id ?? '';
  await seedMembers(db, { orgId, total });
  const teams = await seedTeams(db, orgId);
  const [deep] = await queryRows<{ created: string; id: string }>(
    db,
    sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created, id from memberships
        where org_id = ${orgId} order by created_at desc, id desc offset 1000 limit 1`,
  );
  const base = { sort: '-created', after: null, limit: 51 } as const satisfies MemberFilter;
  const variants: [string, MemberFilter][] = [
    ['first page', base],
    ['page 21 (cursor)', { ...base, after: { sort: '-created', value: deep?.created ?? '', id: deep?.id ?? '' } }],
    ['status=pending', { ...base, status: 'pending' }],
    ['status=active', { ...base, status: 'active' }],
    ['status=removed', { ...base, status: 'removed' }],
    ['status=cancelled (none)', { ...base, status: 'cancelled' }],
    ['role=manager', { ...base, role: 'manager' }],
    ['q=berg', { ...base, q: 'berg' }],
    ['q=okonkwo', { ...base, q: 'okonkwo' }],
    ['sort=email', { ...base, sort: 'email' }],
    ['sort=-email', { ...base, sort: '-email' }],
    ['sort=created', { ...base, sort: 'created' }],
    ['team=leaf', { ...base, team: teams.leafId }],
    ['team=root', { ...base, team: teams.rootId }],
    ['team=leaf & status=active & q=berg', { ...base, team: teams.leafId, status: 'active', q: 'berg' }],
    ['team=leaf & status=pending', { ...base, team: teams.leafId, status: 'pending' }],
  ];
  for (const [name, filter] of variants) {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(db, sql`explain (analyze, buffers) ${memberPageQuery(orgId, filter)}`);
    const lines = plan.map((row) => row['QUERY PLAN']);
    process.stdout.write(`\n=== ${name}\n${lines.join('\n')}\n`);
  }
  const started = performance.now();
  for (let i = 0; i < 20; i += 1) await keptStatusCounts(db, orgId, i % 2 ? teams.leafId : undefined);
  process.stdout.write(`\nkept tab counts: ${((performance.now() - started) / 20).toFixed(2)} ms a call (org and team alternately)\n`);
} finally {
  await bench.drop();
}
