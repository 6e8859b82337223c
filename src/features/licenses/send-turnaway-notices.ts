import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { queueEmails } from '../../mail/queue-email.js';
import { seatTurnawaysEmail, TURNAWAYS_NAMED } from '../../mail/templates/seat-turnaways.js';

/** Organizations handled per run; the rest wait for the next (hourly) run. */
const ORGS_PER_RUN = 200;

/**
 * The admins of each organization that turned people away for lack of a seat are told who, at
 * most once a day (issue 17). Runs hourly; per organization, one transaction claims the day
 * (a row per organization and day in its time zone), marks the people reported and queues the
 * emails, so a second instance, or a run repeated after a crash, finds the day taken and sends
 * nothing twice. No one turned away: no row, no email. Returns the notices sent.
 */
export async function sendTurnawayNotices(db: Db, publicUrl: string): Promise<number> {
  const due = await queryRows<{ org_id: string }>(
    db,
    sql`select distinct t.org_id from seat_turnaways t
        where t.reported_at is null
          and not exists (
            select 1 from seat_turnaway_notices n join organizations o on o.id = n.org_id
            where n.org_id = t.org_id and n.day = (now() at time zone o.time_zone)::date)
        limit ${ORGS_PER_RUN}`,
  );
  let sent = 0;
  for (const { org_id } of due) {
    if (await db.transaction((tx) => sendNotice(tx as unknown as Db, org_id, publicUrl))) sent += 1;
  }
  return sent;
}

async function sendNotice(tx: Db, orgId: string, publicUrl: string): Promise<boolean> {
  const [claimed] = await queryRows<{ name: string; seats: number }>(
    tx,
    sql`with day as (
          insert into seat_turnaway_notices (org_id, day, people)
          select id, (now() at time zone time_zone)::date, 0 from organizations where id = ${orgId}
          on conflict do nothing
          returning org_id)
        select o.name, o.seats from organizations o join day on day.org_id = o.id`,
  );
  if (!claimed) return false;
  const people = await queryRows<{ email: string; first_at: Date | string }>(
    tx,
    sql`update seat_turnaways set reported_at = now()
        where org_id = ${orgId} and reported_at is null
        returning email, first_at`,
  );
  const today = sql`(select (now() at time zone time_zone)::date from organizations where id = ${orgId})`;
  if (people.length === 0) {
    // Reported meanwhile by a run that did not claim today (none should): the day stays free.
    await tx.execute(sql`delete from seat_turnaway_notices where org_id = ${orgId} and day = ${today}`);
    return false;
  }
  await tx.execute(sql`update seat_turnaway_notices set people = ${people.length} where org_id = ${orgId} and day = ${today}`);
  const admins = await queryRows<{ email: string; membership_id: string }>(
    tx,
    sql`select a.email, m.id as membership_id
        from memberships m join accounts a on a.id = m.account_id
        where m.org_id = ${orgId} and m.role = 'admin' and m.status = 'active' and a.email is not null
        order by m.activated_at, m.id`,
  );
  const named = people
    .sort((a, b) => new Date(a.first_at).getTime() - new Date(b.first_at).getTime() || a.email.localeCompare(b.email))
    .slice(0, TURNAWAYS_NAMED)
    .map((person) => person.email);
  const email = seatTurnawaysEmail({
    orgName: claimed.name,
    people: named,
    total: people.length,
    seats: claimed.seats,
    url: `${publicUrl}/orgs/${orgId}/licenses`,
  });
  await queueEmails(
    tx,
    admins.map((admin) => ({ ...email, orgId, membershipId: admin.membership_id, kind: 'no-seat-notice', to: admin.email })),
  );
  return true;
}
