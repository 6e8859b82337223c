import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/sql.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { resolveOrgActor } from '../orgs/org-actor.js';
import { getOrg } from '../orgs/repository.js';
import { authorizeStats } from './policy.js';

const DAYS = 90;
const WEEKS = 12;
/** Upper bounds of the time-to-accept and pending-age buckets, in hours. */
const ACCEPT_BUCKETS = [1, 24, 72, 168, 720] as const;
const AGE_BUCKETS = [24, 168, 720, 1080] as const;

export interface OrgStats {
  readonly seats: { readonly total: number; readonly used: number; readonly series: { day: string; billable: number }[] };
  readonly funnel: { week: string; sent: number; accepted: number; expired: number; cancelled: number }[];
  readonly timeToAccept: {
    readonly medianHours: number | null;
    readonly count: number;
    readonly buckets: { upToHours: number | null; count: number }[];
  };
  readonly pendingByAge: { upToDays: number | null; count: number }[];
  readonly failedEmails: { readonly total: number; readonly byWeek: { week: string; count: number }[] };
}

/** The Mondays (UTC) of the last `count` weeks, this one included, oldest first. */
function lastWeeks(count: number): string[] {
  const today = new Date();
  const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() + 6) % 7) * 86_400_000;
  return Array.from({ length: count }, (_, i) => new Date(monday - (count - 1 - i) * 7 * 86_400_000).toISOString().slice(0, 10));
}

const bucketCase = (expr: string, bounds: readonly number[]) =>
  sql.raw(`case ${bounds.map((b, i) => `when ${expr} <= ${b} then ${i}`).join(' ')} else ${bounds.length} end`);

/** One funnel step per week since the first week shown, counted along `at`'s own index. */
const weekly = (orgId: string, kind: string, at: SQL, where: SQL): SQL =>
  sql`select to_char(date_trunc('week', ${at} at time zone 'UTC'), 'YYYY-MM-DD') as week, ${kind}::text as kind, count(*)::int as n
        from invitations where org_id = ${orgId} and ${where}
          and ${at} >= (date_trunc('week', now() at time zone 'UTC') at time zone 'UTC') - interval '${sql.raw(String(WEEKS - 1))} weeks'
        group by 1`;

/**
 * The organization's dashboard (R-38), from what Roster already keeps: billable members per
 * day (billing events), the invitation funnel per week, time to accept, pending invitations by
 * age, failed emails. Each figure reads a range of an index fitting it (decision 0018): the
 * events of the period shown, the invitations waiting, the failures; never every invitation.
 */
export async function getStats(services: Services, actor: Actor, orgId: string): Promise<OrgStats> {
  const { db } = services;
  const orgActor = await resolveOrgActor(db, actor, orgId);
  authorizeStats(orgActor);
  const org = await getOrg(db, orgId);
  const [series, funnel, accept, pending, failed] = await Promise.all([
    queryRows<{ day: string; billable: number }>(
      db,
      sql`with bounds as (select ((now() at time zone 'UTC')::date - ${DAYS - 1}::int)::timestamp at time zone 'UTC' as since),
        before as (select coalesce(sum(case when kind = 'start' then 1 else -1 end), 0)::int as n from billing_events, bounds
                   where org_id = ${orgId} and at < bounds.since),
        per_day as (select date_trunc('day', at at time zone 'UTC')::date as day, sum(case when kind = 'start' then 1 else -1 end)::int as n
                    from billing_events, bounds where org_id = ${orgId} and at >= bounds.since group by 1)
        select to_char(d, 'YYYY-MM-DD') as day,
          ((select n from before) + coalesce(sum(p.n) over (order by d), 0))::int as billable
        from generate_series((now() at time zone 'UTC')::date - ${DAYS - 1}::int, (now() at time zone 'UTC')::date, interval '1 day') as d
        left join per_day p on p.day = d::date order by d`,
    ),
    // Four ranges, each along the partial index made for it (invitations_org_*_idx): the cost
    // is the events of the weeks shown, not the organization's history.
    queryRows<{ week: string; kind: 'sent' | 'accepted' | 'expired' | 'cancelled'; n: number }>(
      db,
      sql.join(
        [
          weekly(orgId, 'sent', sql`created_at`, sql`previous_id is null`),
          weekly(orgId, 'accepted', sql`accepted_at`, sql`accepted_at is not null`),
          weekly(orgId, 'cancelled', sql`cancelled_at`, sql`cancelled_at is not null`),
          weekly(orgId, 'expired', sql`expires_at`, sql`status in ('pending', 'expired') and expires_at <= now()`),
        ],
        sql` union all `,
      ),
    ),
    queryRows<{ bucket: number; n: number; median: number | null }>(
      db,
      sql`with t as (select extract(epoch from accepted_at - created_at) / 3600 as hours from invitations
                     where org_id = ${orgId} and accepted_at is not null and accepted_at >= now() - interval '${sql.raw(String(DAYS))} days')
        select ${bucketCase('hours', ACCEPT_BUCKETS)} as bucket, count(*)::int as n,
          (select percentile_cont(0.5) within group (order by hours) from t)::float8 as median
        from t group by 1`,
    ),
    queryRows<{ bucket: number; n: number }>(
      db,
      sql`select ${bucketCase('extract(epoch from now() - created_at) / 3600', AGE_BUCKETS)} as bucket, count(*)::int as n
          from invitations where org_id = ${orgId} and status = 'pending' and (expires_at is null or expires_at > now()) group by 1`,
    ),
    queryRows<{ week: string; n: number }>(
      db,
      sql`select to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*)::int as n from emails
          where org_id = ${orgId} and status = 'failed' group by 1 order by 1`,
    ),
  ]);
  const acceptCounts = new Map(accept.map((row) => [Number(row.bucket), Number(row.n)]));
  const ageCounts = new Map(pending.map((row) => [Number(row.bucket), Number(row.n)]));
  const weeks = lastWeeks(WEEKS);
  const recentWeeks = new Set(weeks);
  return {
    seats: { total: org.seats, used: org.seatsUsed, series: series.map((row) => ({ day: row.day, billable: Number(row.billable) })) },
    funnel: weeks.map((week) => {
      const of = (kind: string) => Number(funnel.find((row) => row.week === week && row.kind === kind)?.n ?? 0);
      return { week, sent: of('sent'), accepted: of('accepted'), expired: of('expired'), cancelled: of('cancelled') };
    }),
    timeToAccept: {
      medianHours: accept[0]?.median ?? null,
      count: accept.reduce((sum, row) => sum + Number(row.n), 0),
      buckets: [...ACCEPT_BUCKETS, null].map((upToHours, i) => ({ upToHours, count: acceptCounts.get(i) ?? 0 })),
    },
    pendingByAge: [...AGE_BUCKETS.map((h) => h / 24), null].map((upToDays, i) => ({ upToDays, count: ageCounts.get(i) ?? 0 })),
    failedEmails: {
      total: failed.reduce((sum, row) => sum + Number(row.n), 0),
      byWeek: failed.filter((row) => recentWeeks.has(row.week)).map((row) => ({ week: row.week, count: Number(row.n) })),
    },
  };
}
