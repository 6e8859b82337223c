import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedGeneric } from '../../db/prepared-statements.js';
import type { Role } from '../../db/schema.js';
import { cte, pgArray, queryRows, withCtes } from '../../db/sql.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import {
  type EmailToQueue,
  emailCtes,
  type LinkEmail,
  linkEmailCtes,
  MAX_EMAILS_PER_STATEMENT,
  queueEmails,
  queueLinkEmails,
  type SharedEmail,
} from '../../mail/queue-email.js';
import { type InvitationEmailInput, invitationBody, invitationEmail, invitationGreeting } from '../../mail/templates/invitation.js';
import { joinConfirmationEmail } from '../../mail/templates/join-confirmation.js';
import { reserveSeats } from '../licenses/seat-reservations.js';
import type { OrgRow } from '../orgs/repository.js';
import { expiryFrom } from './repository.js';

export interface InvitationToIssue {
  /** Set by `prepareInvitations`, which already pointed the membership at this id. */
  readonly id?: string;
  readonly membershipId: string;
  readonly email: string;
  readonly role: Role;
  /** The name the inviter gave, offered to the person when they accept; a reminder keeps the one before. */
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  /** The invitation this one replaces (a reminder), if any. */
  readonly previousId: string | null;
}

/** The shareable link or join page that issues an invitation (R-13, R-14), and what its email calls it. */
export interface WayIn {
  readonly via: 'link' | 'join_page';
  readonly linkId: string | null;
  readonly generation: number;
  /** "the sign-up link of Acme", as the email words it. */
  readonly name: string;
}

export interface Inviter {
  readonly accountId: string | null;
  readonly name: string;
}

/**
 * Issues fresh invitations — a new random token each, stored hashed — points each
 * membership at its current one, and queues one email per address. Set-based, so 500
 * addresses cost a handful of statements. The caller has already superseded old links.
 */
export async function issueInvitations(
  db: Db,
  input: {
    org: OrgRow;
    inviter: Inviter;
    message: string | null;
    publicUrl: string;
    list: readonly InvitationToIssue[];
    /**
     * Bulk (imports): each email is kept as its words and rendered when sent, a third of the
     * bytes to write, and goes after the mail people are waiting for.
     */
    bulk?: boolean;
    /**
     * Set when a link or the join page issues the invitations: they work only while it stays
     * open, and the email asks the person to confirm their address. Without it, a reminder
     * keeps the way in of the link it replaces.
     */
    wayIn?: WayIn;
    /** A statement to run in the same statement as the invitations' insert: their new memberships (`prepareInvitationsAlong`). */
    along?: SQL | null;
  },
): Promise<Map<string, string>> {
  const { org, inviter, list, wayIn } = input;
  if (list.length === 0) return new Map();
  const expiresAt = expiryFrom(org.invitationExpiryDays);
  const tokens = list.map(() => newToken());
  // A first invitation reserves a seat when the organization says so; a reminder takes
  // over whatever seat the link it replaces held (R-18).
  const reserve = org.reserveSeatAtInvite;
  if (reserve) await reserveSeats(db, org.id, list.filter((i) => i.previousId === null).length);
  // Ids chosen by the caller (`prepareInvitations`) need not travel back, and their memberships
  // already point at them.
  const chosen = new Set(list.flatMap((item) => (item.id ? [item.id] : [])));
  const preset = chosen.size === list.length;
  const words = (reminder: boolean, url: string): InvitationEmailInput => ({
    orgName: org.name,
    inviterName: inviter.name,
    url,
    expiresAt,
    orgNote: org.emailNote,
    personalMessage: input.message,
    reminder,
  });
  const urlOf = (index: number) => `${input.publicUrl}/invite/${tokens[index]}`;
  const plainEmails = (): EmailToQueue[] =>
    list.map((item, index) => ({
      orgId: org.id,
      membershipId: item.membershipId,
      kind: item.previousId ? 'invitation-reminder' : 'invitation',
      to: item.email,
      fromName: org.emailSenderName,
      ...invitationEmail({ ...words(item.previousId !== null, urlOf(index)), firstName: item.firstName ?? null }),
    }));
  // Emails kept as words: what they share, and each one's address, link and greeting.
  const sharedWords = (reminder: boolean): SharedEmail => ({
    orgId: org.id,
    kind: reminder ? 'invitation-reminder' : 'invitation',
    fromName: org.emailSenderName,
    body: invitationBody(words(reminder, '')),
  });
  const linkEmails = (reminder: boolean): LinkEmail[] =>
    list.flatMap((item, index) =>
      (item.previousId !== null) === reminder
        ? [
            {
              to: item.email,
              membershipId: item.membershipId,
              url: urlOf(index),
              greeting: item.firstName ? invitationGreeting(item.firstName) : null,
            },
          ]
        : [],
    );
  // Plain invitations write their emails in the same statement, and the caller's new
  // memberships (`along`) too: one round trip for the people, their links and their mail.
  // Many of one kind (all first invitations, or all reminders) keep their words once, each
  // email with its own link, rendered when sent: rendering and escaping 500 emails' HTML was a
  // third of Node's time on an invitation of 500 (--cpu-prof).
  const mailAlong = !wayIn && !input.bulk && list.length <= MAX_EMAILS_PER_STATEMENT;
  const kinds = new Set(list.map((item) => item.previousId !== null));
  const mailCtes = (): SQL => {
    const [reminder] = kinds;
    if (list.length === 1 || reminder === undefined || kinds.size > 1) return emailCtes(plainEmails());
    return linkEmailCtes(sharedWords(reminder), linkEmails(reminder));
  };
  const ctes = [...(input.along ? [cte('people', input.along)] : []), ...(mailAlong ? [mailCtes()] : [])];
  const returned = await queryRows<{ id: string; membership_id: string }>(
    db,
    preparedGeneric(
      withCtes(
        ctes,
        sql`insert into invitations (id, org_id, membership_id, email, role, token_hash, message, invited_by, previous_id, expires_at, holds_seat,
                                 first_name, last_name, via, link_id, way_in_generation)
        select coalesce(t.i, uuid_v7()), ${org.id}, t.m, t.e, t.r, t.h, ${input.message}, ${inviter.accountId}, t.p, ${expiresAt},
               case when t.p is null then ${reserve} else coalesce(x.holds_seat, false) end,
               case when t.p is null then t.f else x.first_name end,
               case when t.p is null then t.l else x.last_name end,
               ${wayIn ? sql`${wayIn.via}, ${wayIn.linkId}::uuid, ${wayIn.generation}::int` : sql`x.via, x.link_id, x.way_in_generation`}
        from unnest(${pgArray(list.map((i) => i.membershipId))}::uuid[], ${pgArray(list.map((i) => i.email))}::text[],
                    ${pgArray(list.map((i) => i.role))}::text[], ${pgArray(tokens.map(hashToken))}::text[],
                    ${pgArray(list.map((i) => i.previousId))}::uuid[], ${pgArray(list.map((i) => i.id ?? null))}::uuid[],
                    ${pgArray(list.map((i) => i.firstName ?? null))}::text[], ${pgArray(list.map((i) => i.lastName ?? null))}::text[])
          as t(m, e, r, h, p, i, f, l)
        -- A reminder takes over the seat and the name of the link it replaces: looked up by id,
        -- row by row. (As a plain join, the planner hashed every invitation of the organization
        -- for each statement; the limit keeps the lookup a lookup.) The organization is checked
        -- on the row found: inside, it let the plan kept for this statement, made while the
        -- table was small, walk the organization's index for the id.
        left join lateral (select x.org_id, x.holds_seat, x.first_name, x.last_name, x.via, x.link_id, x.way_in_generation from invitations x
                           where x.id = t.p limit 1) x on x.org_id = ${org.id}
        ${preset ? sql`` : sql`returning id, membership_id`}`,
      ),
    ),
  );
  const rows = preset ? list.map((item) => ({ id: item.id as string, membership_id: item.membershipId })) : returned;
  const byMembership = new Map(rows.map((row) => [row.membership_id, row.id]));
  const reminders = list.filter((i) => i.previousId !== null).map((i) => i.membershipId);
  const replaced = list.flatMap((i) => (i.previousId ? [i.previousId] : []));
  if (replaced.length > 0) {
    await db.execute(sql`update invitations set holds_seat = false where org_id = ${org.id} and id = any(${pgArray(replaced)}::uuid[])`);
  }
  const unpointed = preset ? [] : rows.filter((row) => !chosen.has(row.id)).map((row) => row.id);
  if (unpointed.length > 0) await pointMemberships(db, org.id, unpointed, reminders, inviter);
  if (wayIn) {
    await queueEmails(
      db,
      list.map((item, index) => ({
        orgId: org.id,
        membershipId: item.membershipId,
        kind: 'join-confirmation',
        to: item.email,
        fromName: org.emailSenderName,
        ...joinConfirmationEmail({ orgName: org.name, wayName: wayIn.name, url: urlOf(index), expiresAt, orgNote: org.emailNote }),
      })),
    );
  } else if (input.bulk) {
    // Kept as words, rendered when sent, after the mail people are waiting for: the words
    // once per kind, each email with its own link.
    for (const reminder of [false, true]) {
      const each = linkEmails(reminder);
      if (each.length === 0) continue;
      await queueLinkEmails(db, sharedWords(reminder), each);
    }
  } else if (!mailAlong) {
    await queueEmails(db, plainEmails());
  }
  return byMembership;
}

/** Points each membership at its new invitation, marking reminders as such. */
async function pointMemberships(db: Db, orgId: string, invitationIds: readonly string[], reminders: readonly string[], inviter: Inviter) {
  await db.execute(sql`
    update memberships m set current_invitation_id = i.id,
      reminded_at = case when m.id = any(${pgArray(reminders)}::uuid[]) then now() else m.reminded_at end,
      reminded_by = case when m.id = any(${pgArray(reminders)}::uuid[]) then ${inviter.accountId}::uuid else m.reminded_by end
    from invitations i
    where i.id = any(${pgArray(invitationIds)}::uuid[]) and m.id = i.membership_id and m.org_id = ${orgId}`);
}
