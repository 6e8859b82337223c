import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import { releaseMembershipReservations } from '../licenses/seat-reservations.js';

/** What is erased: memberships (none of them active) and, when it has no other life, their account. */
export interface ErasureTarget {
  readonly memberships: readonly { readonly id: string; readonly orgId: string }[];
  readonly accountId: string | null;
  /** The account goes too (false: it still belongs to another organization, which keeps it). */
  readonly eraseAccount: boolean;
  /** Addresses to scrub besides those found on the rows (an operator's erasure by address). */
  readonly addresses?: readonly string[];
}

/** An opaque stand-in for the person, the same in every row it replaces them in. */
export const newErasureReference = (): string => `erased-${randomBytes(8).toString('hex')}`;

/**
 * Replaces every occurrence of each text (as a whole JSON string for names, anywhere for
 * addresses and usernames) inside a jsonb column by the reference.
 */
function scrubbedJson(column: SQL, exact: readonly string[], anywhere: readonly string[], reference: string): SQL {
  let text = sql`${column}::text`;
  for (const value of anywhere) text = sql`replace(${text}, ${JSON.stringify(value).slice(1, -1)}, ${reference})`;
  for (const value of exact) text = sql`replace(${text}, ${JSON.stringify(value)}, ${JSON.stringify(reference)})`;
  return sql`(${text})::jsonb`;
}

/**
 * Erases a person's data (R-27) inside the caller's transaction: their addresses, names,
 * username, password, sessions, tokens, pending invitations, emails and import rows. What
 * remains are anonymous rows (memberships, billing events, placements in history), so counts
 * and analytics still add up, and the audit log keeps every action with the person replaced by
 * `reference`. Returns what was scrubbed, as counts only.
 */
export async function eraseTraces(tx: Db, target: ErasureTarget, reference: string): Promise<Record<string, number>> {
  const ids = target.memberships.map((m) => m.id);
  const orgIds = [...new Set(target.memberships.map((m) => m.orgId))];
  const idList = pgArray(ids);
  const orgList = pgArray(orgIds);
  // What identifies the person, gathered before anything is changed.
  const [account] = target.accountId
    ? await queryRows<{ email: string | null; username: string | null; first_name: string; last_name: string }>(
        tx,
        sql`select email, username, first_name, last_name from accounts where id = ${target.accountId} for update`,
      )
    : [];
  const found = await queryRows<{ email: string | null; first_name: string | null; last_name: string | null }>(
    tx,
    sql`select email, null as first_name, null as last_name from memberships where id = any(${idList}::uuid[])
        union select email, first_name, last_name from invitations where membership_id = any(${idList}::uuid[])
        union select email, first_name, last_name from import_rows where org_id = any(${orgList}::uuid[]) and membership_id = any(${idList}::uuid[])`,
  );
  const addresses = new Set<string>(target.addresses ?? []);
  const names = new Set<string>();
  for (const row of found) {
    if (row.email) addresses.add(row.email);
    for (const name of [row.first_name, row.last_name]) if (name?.trim()) names.add(name.trim());
  }
  // The account's own profile is erased only with the account; otherwise it is another organization's to keep.
  if (account && target.eraseAccount) {
    if (account.email) addresses.add(account.email);
    if (account.username) addresses.add(account.username);
    for (const name of [account.first_name, account.last_name]) if (name.trim()) names.add(name.trim());
  }
  const anywhere = [...addresses];
  const exact = [...names];
  const counts: Record<string, number> = {};
  const run = async (name: string, query: SQL) => {
    const rows = await queryRows<{ n: number }>(tx, sql`with changed as (${query} returning 1) select count(*)::int as n from changed`);
    counts[name] = Number(rows[0]?.n ?? 0);
  };
  const addressList = pgArray(anywhere);

  // Pending invitations end (their reserved seats return); every invitation loses its address and names.
  for (const orgId of orgIds) await releaseMembershipReservations(tx, orgId, ids);
  await run(
    'invitations',
    sql`update invitations set email = ${reference}, first_name = null, last_name = null, message = null,
          status = case when status = 'pending' then 'cancelled' else status end,
          cancelled_at = case when status = 'pending' then now() else cancelled_at end
        where membership_id = any(${idList}::uuid[])`,
  );
  await tx.execute(sql`delete from team_roles where membership_id = any(${idList}::uuid[])`);
  await tx.execute(sql`delete from team_members where org_id = any(${orgList}::uuid[]) and membership_id = any(${idList}::uuid[])`);
  // A SCIM refusal's sentence may name the address (the request log keeps no bodies).
  await run(
    'scim_requests',
    sql`update scim_requests set detail = null
        where org_id = any(${orgList}::uuid[]) and detail is not null
          and exists (select 1 from unnest(${addressList}::text[]) as x(a) where strpos(lower(detail), lower(x.a)) > 0)`,
  );
  await run(
    'memberships',
    sql`update memberships set email = null, note = null, scim_external_id = null, scim_profile = null, status = 'removed', removed_at = coalesce(removed_at, now()),
          erased_at = now(), current_invitation_id = null, terms_version = null, terms_accepted_at = null,
          account_id = case when ${target.eraseAccount} then account_id end
        where id = any(${idList}::uuid[])`,
  );
  await run(
    'emails',
    sql`delete from emails where (org_id = any(${orgList}::uuid[]) and membership_id = any(${idList}::uuid[]))
          or (to_address = any(${addressList}::text[]) and (${target.eraseAccount} or org_id = any(${orgList}::uuid[])))`,
  );
  await run(
    'importRows',
    sql`update import_rows set email = null, username = null, first_name = null, last_name = null, password_hash = null,
          problem = null, reason = null, teams = null
        where org_id = any(${orgList}::uuid[])
          and (membership_id = any(${idList}::uuid[]) or email = any(${addressList}::text[]) or username = any(${addressList}::text[]))`,
  );
  // Turned away for lack of a seat (the admins' daily notice): the note goes with the person.
  await tx.execute(
    sql`delete from seat_turnaways where org_id = any(${orgList}::uuid[])
          and (membership_id = any(${idList}::uuid[]) or email = any(${addressList}::text[]))`,
  );
  // A bulk action's refusal may name the person; the outcome stays, the sentence goes.
  await tx.execute(
    sql`update bulk_operation_items set reason = null where org_id = any(${orgList}::uuid[]) and membership_id = any(${idList}::uuid[])`,
  );
  if (target.eraseAccount) {
    await run(
      'rateLimits',
      sql`delete from rate_limits where exists (select 1 from unnest(${addressList}::text[]) a where rate_limits.key like '%' || a || '%')`,
    );
  }
  if (target.accountId && target.eraseAccount) {
    await tx.execute(sql`delete from sessions where account_id = ${target.accountId}`);
    await tx.execute(sql`delete from password_tokens where account_id = ${target.accountId}`);
    await tx.execute(sql`update imports set created_by_label = ${reference} where created_by = ${target.accountId}`);
    await tx.execute(sql`update imports set committed_by_label = ${reference} where committed_by = ${target.accountId}`);
    await tx.execute(sql`update bulk_operations set actor_label = ${reference} where actor_account_id = ${target.accountId}`);
    await run(
      'accounts',
      sql`update accounts set email = null, username = ${reference}, first_name = '', last_name = '', password_hash = null,
            status = 'disabled', updated_at = now()
          where id = ${target.accountId}`,
    );
  }

  // The log keeps the actions; the person in them becomes the reference (decision 0015).
  await tx.execute(sql`set local roster.erasure = 'on'`);
  const actorIsPerson = target.accountId && target.eraseAccount ? sql`actor_account_id = ${target.accountId}` : sql`false`;
  const targets = pgArray([...ids, ...(target.accountId ? [target.accountId] : [])]);
  await run(
    'auditEntries',
    sql`update audit_log set
          actor_label = case when ${actorIsPerson} or actor_label = any(${addressList}::text[]) then ${reference} else actor_label end,
          ip = case when ${actorIsPerson} then null else ip end,
          data = ${scrubbedJson(sql`data`, exact, anywhere, reference)}
        where (${target.eraseAccount ? sql`true` : sql`org_id = any(${orgList}::uuid[])`})
          and (${actorIsPerson} or actor_label = any(${addressList}::text[]) or target_id = any(${targets}::text[])
               or exists (select 1 from unnest(${addressList}::text[]) a where audit_log.data::text like '%' || a || '%'))`,
  );
  await tx.execute(sql`set local roster.erasure = 'off'`);
  return counts;
}
