import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows, texts, uuids } from '../../db/sql.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { queueEmails } from '../../mail/queue-email.js';
import { accountSetupEmail } from '../../mail/templates/account-setup.js';
import type { OrgActor } from '../access/org-actor.js';
import { recordAuditMany } from '../audit/record-audit.js';
import { SETUP_LINK_DAYS } from '../auth/repository.js';
import type { Inviter } from '../invitations/issue-invitations.js';
import { issueInvitations } from '../invitations/issue-invitations.js';
import { prepareInvitations } from '../invitations/prepare-invitations.js';
import { takeSeats } from '../licenses/seats.js';
import type { OrgRow } from '../orgs/repository.js';
import { placeEachInTeams } from '../teams/place-in-team.js';
import { assignTeamTrainings } from '../trainings/assign-team-trainings.js';
import { type ClassifiedRow, type RowRange, rowsOf } from './classify.js';

/** What the commit did with a row. */
export const OUTCOMES = ['invited', 'set_up', 'added_to_teams', 'already_member', 'already_invited', 'invalid', 'not_allowed'] as const;
export type RowOutcome = (typeof OUTCOMES)[number];

export interface ChunkContext {
  readonly range: RowRange;
  readonly org: OrgRow;
  readonly actor: OrgActor;
  readonly inviter: Inviter;
  readonly publicUrl: string;
}

/**
 * Does what the verdicts of one classified chunk say, set-based (a statement or two per kind
 * of work, never one per row), and records each row's outcome in the same transaction: a
 * chunk is done completely or not at all, so a resumed import neither loses nor repeats a row.
 */
export async function applyChunk(tx: Db, rows: readonly ClassifiedRow[], context: ChunkContext): Promise<number> {
  const { range } = context;
  const outcome = new Map<number, { outcome: RowOutcome; membershipId: string | null }>();
  for (const row of rows) {
    const done: RowOutcome = row.verdict === 'join_teams' ? 'added_to_teams' : (row.verdict as RowOutcome);
    outcome.set(row.row_number, { outcome: done, membershipId: row.membership_id });
  }

  const invited = await invite(
    tx,
    context,
    rows.filter((row) => row.verdict === 'invite'),
  );
  for (const [rowNumber, membershipId] of invited) outcome.set(rowNumber, { outcome: 'invited', membershipId });
  const setUp = await setUpAccounts(
    tx,
    context,
    rows.filter((row) => row.verdict === 'setup'),
  );
  for (const [rowNumber, membershipId] of setUp) outcome.set(rowNumber, { outcome: 'set_up', membershipId });
  await joinTeams(
    tx,
    context,
    rows.filter((row) => row.verdict === 'join_teams'),
  );

  // Verdicts are stored with outcomes: each row is written once per commit.
  await tx.execute(sql`
    update import_rows r set verdict = u.verdict, reason = u.reason, outcome = u.outcome, membership_id = u.membership_id,
      password_hash = null
    from unnest(${pgArray(rows.map((row) => String(row.row_number)))}::int[], ${texts(rows.map((row) => row.verdict))},
                ${texts(rows.map((row) => row.reason))}, ${texts(rows.map((row) => outcome.get(row.row_number)?.outcome ?? null))},
                ${uuids(rows.map((row) => outcome.get(row.row_number)?.membershipId ?? null))})
      as u (row_number, verdict, reason, outcome, membership_id)
    where ${rowsOf(range)} and r.row_number = u.row_number`);
  return rows.length;
}

/** New invitations, on new memberships or on those of people who left or whose link lapsed. */
async function invite(tx: Db, context: ChunkContext, rows: readonly ClassifiedRow[]): Promise<Map<number, string>> {
  const { org, inviter } = context;
  const result = new Map<number, string>();
  if (rows.length === 0) return result;
  const list = await prepareInvitations(tx, {
    orgId: org.id,
    inviter,
    source: { kind: 'import', id: context.range.importId },
    people: rows.map((row) => ({
      membershipId: row.membership_id,
      email: row.email as string,
      role: row.role,
      firstName: row.first_name,
      lastName: row.last_name,
    })),
  });
  rows.forEach((row, index) => {
    const membershipId = list[index]?.membershipId;
    if (membershipId) result.set(row.row_number, membershipId);
  });
  const issued = await issueInvitations(tx, { org, inviter, message: null, publicUrl: context.publicUrl, list, bulk: true });
  // People new to the organization have no placements yet; those invited again may have some.
  for (const fresh of [true, false]) {
    await placeEachInTeams(
      tx,
      org.id,
      rows.flatMap((row) => {
        const membershipId = result.get(row.row_number);
        return membershipId && (row.membership_id === null) === fresh
          ? [{ membershipId, invitationId: issued.get(membershipId) ?? null, teamIds: row.team_ids }]
          : [];
      }),
      { fresh },
    );
  }
  await recordAuditMany(
    tx,
    context.actor,
    list.map((item) => ({
      action: 'invitation.sent',
      targetType: 'invitation',
      targetId: issued.get(item.membershipId),
      data: { email: item.email, role: item.role, importId: context.range.importId },
    })),
  );
  return result;
}

/** Accounts created directly: active at once, holding a seat, in their teams with their trainings. */
async function setUpAccounts(tx: Db, context: ChunkContext, rows: readonly ClassifiedRow[]): Promise<Map<number, string>> {
  const { org, inviter, actor } = context;
  const result = new Map<number, string>();
  if (rows.length === 0) return result;
  await takeSeats(tx, org.id, rows.length);
  const accountRows = await queryRows<{ id: string; email: string | null; username: string | null }>(
    tx,
    sql`insert into accounts (email, username, first_name, last_name, password_hash)
        select * from unnest(${texts(rows.map((r) => r.email))}, ${texts(rows.map((r) => r.username))},
                             ${texts(rows.map((r) => r.first_name ?? ''))}, ${texts(rows.map((r) => r.last_name ?? ''))},
                             ${texts(rows.map((r) => r.password_hash))})
        returning id, email, username`,
  );
  const byEmail = new Map(accountRows.flatMap((a) => (a.email ? [[a.email, a.id] as const] : [])));
  const byUsername = new Map(accountRows.flatMap((a) => (a.username ? [[a.username, a.id] as const] : [])));
  const accountOf = (row: ClassifiedRow): string | null =>
    (row.email !== null ? byEmail.get(row.email) : row.username !== null ? byUsername.get(row.username) : undefined) ?? null;
  const accountIds = rows.map(accountOf);
  const members = await queryRows<{ id: string; account_id: string }>(
    tx,
    sql`insert into memberships (org_id, account_id, email, role, status, activated_at, invited_by, source, source_id)
        select ${org.id}, u.account_id, u.email, u.role, 'active', now(), ${inviter.accountId}, 'import', ${context.range.importId}::uuid
        from unnest(${uuids(accountIds)}, ${texts(rows.map((r) => r.email))}, ${texts(rows.map((r) => r.role))}) as u (account_id, email, role)
        returning id, account_id`,
  );
  const memberOf = new Map(members.map((m) => [m.account_id, m.id]));
  rows.forEach((row, index) => {
    const membershipId = memberOf.get(accountIds[index] ?? '');
    if (membershipId) result.set(row.row_number, membershipId);
  });
  const membershipIds = [...result.values()];
  await placeEachInTeams(
    tx,
    org.id,
    rows.flatMap((row) => {
      const membershipId = result.get(row.row_number);
      return membershipId ? [{ membershipId, invitationId: null, teamIds: row.team_ids }] : [];
    }),
    { fresh: true },
  );
  await assignTeamTrainings(tx, { orgId: org.id, membershipIds, publicUrl: context.publicUrl, bulk: true });

  // A set-password link for everyone with an address; billing starts when it is delivered
  // . People without an address are billable at once.
  const mailed = rows.filter((row) => row.email !== null && row.password_hash === null);
  const tokenOf = new Map(mailed.map((row) => [row.row_number, newToken()]));
  if (mailed.length > 0) {
    await tx.execute(sql`
      insert into password_tokens (account_id, token_hash, purpose, expires_at)
      select u.account_id, u.token_hash, 'setup', now() + make_interval(days => ${SETUP_LINK_DAYS})
      from unnest(${uuids(mailed.map(accountOf))}, ${texts(mailed.map((row) => hashToken(tokenOf.get(row.row_number) ?? '')))})
        as u (account_id, token_hash)`);
  }
  const notified = rows.filter((row) => row.email !== null);
  const signInUrl = `${context.publicUrl}/login`;
  await queueEmails(
    tx,
    notified.map((row) => {
      const token = tokenOf.get(row.row_number);
      return {
        orgId: org.id,
        membershipId: result.get(row.row_number) ?? null,
        kind: 'account-setup',
        to: row.email as string,
        fromName: org.emailSenderName,
        ...accountSetupEmail({
          orgName: org.name,
          firstName: row.first_name ?? '',
          url: token ? `${context.publicUrl}/set-password/${token}` : null,
          signInUrl,
          orgNote: org.emailNote,
        }),
      };
    }),
    { bulk: true },
  );
  const silent = rows.filter((row) => row.email === null).flatMap((row) => result.get(row.row_number) ?? []);
  if (silent.length > 0) {
    await tx.execute(sql`
      insert into billing_events (org_id, membership_id, kind, reason)
      select ${org.id}, m, 'start', 'setup' from unnest(${uuids(silent)}) as t (m)`);
  }
  await recordAuditMany(
    tx,
    actor,
    rows.flatMap((row) => {
      const membershipId = result.get(row.row_number);
      return membershipId
        ? [
            {
              action: 'member.set_up',
              targetType: 'membership',
              targetId: membershipId,
              data: { email: row.email, username: row.username, role: row.role, importId: context.range.importId },
            },
          ]
        : [];
    }),
  );
  return result;
}

/** Members named in the sheet with teams they are not in yet join them, with those teams' trainings. */
async function joinTeams(tx: Db, context: ChunkContext, rows: readonly ClassifiedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const people = rows.flatMap((row) =>
    row.membership_id ? [{ membershipId: row.membership_id, invitationId: null, teamIds: row.team_ids }] : [],
  );
  await placeEachInTeams(tx, context.org.id, people);
  await assignTeamTrainings(tx, {
    orgId: context.org.id,
    membershipIds: people.map((p) => p.membershipId),
    publicUrl: context.publicUrl,
    bulk: true,
  });
  await recordAuditMany(
    tx,
    context.actor,
    people.map((person) => ({
      action: 'team.member_added',
      targetType: 'membership',
      targetId: person.membershipId,
      data: { teamIds: person.teamIds, importId: context.range.importId },
    })),
  );
}
