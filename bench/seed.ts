import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { pgArray, queryRows } from '../src/db/sql.js';
import { hashToken } from '../src/lib/tokens.js';
import { now } from './measure.js';

const FIRST_NAMES = `
  Aino Amara Ana Ben Camille Chen Dario Elif Emma Fatima Felix Grace Hana Ines Ivan Jamal Jonas Kai Laila Lena
  Luca Maya Mateo Nadia Noah Olga Omar Paula Priya Rafael Rosa Sami Sofia Tariq Tomas Uma Viktor Wen Yara Zoe`
  .trim()
  .split(/\s+/);
/** "berg" is in two of these 50: the common search fragment matches about 4 % of people. */
const LAST_NAMES = `
  Abbott Achebe Alvarez Bauer Bianchi Castillo Dubois Eriksen Fischer Forsberg Garcia Haddad Hansen Ito Jansen
  Kaur Kowalski Lambert Lindberg Lopez Martin Meyer Moreau Murphy Nakamura Nguyen Novak Okafor Olsen Park Patel
  Petrov Popescu Quinn Rossi Santos Schmidt Silva Smith Suzuki Tanaka Torres Varga Wagner Walsh Weber Wilson
  Yilmaz Young Zhang`
  .trim()
  .split(/\s+/);
const DOMAINS = ['example.com', 'learn.example.org', 'school.example.net', 'corp.example', 'uni.example.edu'];

/** The one person the rare search finds. */
export const RARE_LAST_NAME = 'Okonkwo-Lindqvist';
/** Rows written per transaction: PGlite is one connection, so bulk work goes in chunks. */
const CHUNK = 10_000;

export interface SeedPlan {
  readonly orgId: string;
  /** Memberships to create: ~94 % active, 5 % invited with a pending invitation, 1 % removed. */
  readonly total: number;
}

export interface Seeded {
  readonly ms: number;
  readonly analyzeMs: number;
  /** Rows written: accounts + memberships + invitations. */
  readonly rows: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** A session of the organization's admin (g = 1), for calling as a person rather than the operator. */
  readonly adminSession: string;
}

/**
 * The people numbered lo…hi of 1…total: names from the lists, an address built from them,
 * and a creation time 90 s apart, newest last, so that sorting by time means something.
 * Accounts are installation-wide and unique by address, so the address carries a mark of the
 * organization: scenarios that seed several organizations into one database never collide.
 */
function people(orgId: string, total: number, lo: number, hi: number): SQL {
  const rare = Math.floor(total / 2) + 13;
  const mark = orgId.replaceAll('-', '').slice(-6);
  return sql`
    select g, n.first_name, n.last_name,
      lower(n.first_name || '.' || n.last_name || '.' || g || '.' || ${mark}::text || '@' || (${pgArray(DOMAINS)}::text[])[1 + g % ${DOMAINS.length}::int]) as email,
      now() - make_interval(secs => (${total}::int - g) * 90) as at
    from generate_series(${lo}::int, ${hi}::int) as g
    -- The first name turns with g and with g / 20: by g alone, every twentieth person (the
    -- invited) was named Aino or Luca, all 10,000 of them side by side in address order.
    cross join lateral (select
      (${pgArray(FIRST_NAMES)}::text[])[1 + (g + g / 20) % ${FIRST_NAMES.length}::int] as first_name,
      case when g = ${rare}::int then ${RARE_LAST_NAME}
           else (${pgArray(LAST_NAMES)}::text[])[1 + (g / ${FIRST_NAMES.length}::int) % ${LAST_NAMES.length}::int] end as last_name) as n`;
}

/** Active and removed members: an account each, then its membership (g = 1 is the admin). */
function membersStatement(orgId: string, total: number, lo: number, hi: number): SQL {
  return sql`
    with src as materialized (
      select p.*, gen_random_uuid() as account_id from (${people(orgId, total, lo, hi)}) as p where p.g % 20 <> 0
    ), new_accounts as (
      insert into accounts (id, email, first_name, last_name, created_at, updated_at)
      select account_id, email, first_name, last_name, at, at from src
    )
    insert into memberships (org_id, account_id, email, role, status, invited_at, activated_at, removed_at, terms_version, terms_accepted_at, created_at)
    select ${orgId}::uuid, account_id, email,
      case when g = 1 then 'admin' when g % 500 = 11 then 'user_admin' when g % 50 = 3 then 'manager' else 'learner' end,
      case when g % 100 = 7 then 'removed' else 'active' end,
      at, least(at + interval '1 hour', now()), case when g % 100 = 7 then least(at + interval '30 days', now()) end,
      '2026-01', least(at + interval '1 hour', now()), at
    from src`;
}

/** Invited people: a membership with no account yet, pointing at its pending invitation. */
function invitedStatement(orgId: string, total: number, lo: number, hi: number): SQL {
  return sql`
    with src as materialized (
      select p.*, gen_random_uuid() as membership_id, gen_random_uuid() as invitation_id
      from (${people(orgId, total, lo, hi)}) as p where p.g % 20 = 0
    ), new_memberships as (
      insert into memberships (id, org_id, email, role, status, current_invitation_id, invited_at, created_at)
      select membership_id, ${orgId}::uuid, email, 'learner', 'invited', invitation_id, at, at from src
    )
    insert into invitations (id, org_id, membership_id, email, role, token_hash, status, expires_at, created_at)
    select invitation_id, ${orgId}::uuid, membership_id, email, 'learner',
      encode(sha256(convert_to('bench-invitation:' || invitation_id::text, 'UTF8')), 'hex'), 'pending', now() + interval '45 days', at
    from src`;
}

/** Invited people who asked to join through a link and wait for an administrator (the requested tab). */
export const JOIN_REQUESTS = 5;

/**
 * Turns the `count` first invited people into join requests, as a visitor who proves their
 * address in request mode becomes one: an account tied to the membership, which stays invited,
 * and the invitation accepted through a link.
 */
function joinRequestsStatement(orgId: string, count: number): SQL {
  return sql`
    with picked as (
      select m.id, m.current_invitation_id as invitation_id, m.email from memberships m
      where m.org_id = ${orgId} and m.status = 'invited' order by m.created_at, m.id limit ${count}
    ), made as (
      insert into accounts (email) select 'requests-' || p.email from picked p returning id, email
    ), tied as (
      update memberships m set account_id = made.id from picked p join made on made.email = 'requests-' || p.email where m.id = p.id
    )
    update invitations i set status = 'accepted', accepted_at = now(), via = 'link' from picked p where i.id = p.invitation_id`;
}

/**
 * Fills one organization with set-based inserts (`insert … select … from generate_series`),
 * a chunk of CHUNK people per transaction, then makes its seat counts agree, vacuums and analyzes.
 */
export async function seedMembers(db: Db, plan: SeedPlan): Promise<Seeded> {
  const { orgId, total } = plan;
  const start = now();
  for (let lo = 1; lo <= total; lo += CHUNK) {
    const hi = Math.min(total, lo + CHUNK - 1);
    await db.transaction(async (tx) => {
      await tx.execute(membersStatement(orgId, total, lo, hi));
      await tx.execute(invitedStatement(orgId, total, lo, hi));
    });
  }
  await db.execute(joinRequestsStatement(orgId, JOIN_REQUESTS));
  const counts = await queryRows<{ status: string; n: number }>(
    db,
    sql`select status, count(*)::int as n from memberships where org_id = ${orgId} group by status`,
  );
  const byStatus = Object.fromEntries(counts.map((row) => [row.status, row.n]));
  const active = byStatus.active ?? 0;
  // Seats cover everyone active with room for more: the check constraint wants seats_used <= seats.
  await db.execute(sql`update organizations set seats = ${active + 1000}::int, seats_used = ${active}::int where id = ${orgId}`);
  const adminSession = randomBytes(32).toString('base64url');
  await db.execute(sql`
    insert into sessions (account_id, token_hash, expires_at)
    select m.account_id, ${hashToken(adminSession)}, now() + interval '1 day'
    from memberships m where m.org_id = ${orgId} and m.role = 'admin' and m.status = 'active' limit 1`);
  const ms = now() - start;
  const analyzeStart = now();
  // Vacuumed as well as analyzed: an organization that grew over months is in that state, and
  // the vacuum that autovacuum starts after 200,000 inserts otherwise runs during the first
  // measurements (the members page with 16 callers measured first came out 2-3 times slower
  // than the same page measured a minute later).
  await settle(db);
  const analyzeMs = now() - analyzeStart;
  const accountRows = (byStatus.active ?? 0) + (byStatus.removed ?? 0);
  return { ms, analyzeMs, rows: accountRows + total + (byStatus.invited ?? 0), byStatus, adminSession };
}

/**
 * Leaves seeded rows as a database that has been running holds them: vacuumed and analyzed
 * (autovacuum's pass otherwise runs inside the first measurements), and written out by a
 * checkpoint. The seed's gigabyte of WAL otherwise started one that wrote 3,600 buffers over
 * the next 37 s, during the members page's measurements. PGlite has no checkpoint to wait for.
 */
export async function settle(db: Db): Promise<void> {
  await db.execute(sql`vacuum (analyze)`);
  try {
    await db.execute(sql`checkpoint`);
  } catch {
    // Not allowed to this role, or not PostgreSQL: the measurements then include the write-back.
  }
}
