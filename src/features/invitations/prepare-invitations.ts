import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared-statements.js';
import type { MembershipSource, Role } from '../../db/schema.js';
import { queryRows, texts, uuids } from '../../db/sql.js';
import { newId } from '../../lib/ids.js';
import { releaseReservedSeats } from '../licenses/seat-reservations.js';
import type { InvitationToIssue, Inviter } from './issue-invitations.js';

export interface PersonToInvite {
  /** Their membership here, when they had one that is not active (removed, or their link lapsed). */
  readonly membershipId: string | null;
  readonly email: string;
  readonly role: Role;
  /** The name the inviter gave, if any: offered to the person when they accept. */
  readonly firstName?: string | null;
  readonly lastName?: string | null;
}

/**
 * Brings each person to "invited", ready for a first invitation (not a reminder): a removed
 * person, or one whose link lapsed, is invited again on the same membership, so their account
 * and history come back when they accept; the lapsed link is expired and any seat it
 * held returned. Everyone else gets a new membership.
 *
 * The invitation ids are chosen here and written into the memberships as they are created or
 * reset: a bulk invitation writes each membership once rather than inserting it and then
 * pointing it at its invitation. `issueInvitations` issues the returned list under those ids.
 * Set-based; the result follows the order of `people`.
 */
export async function prepareInvitations(tx: Db, input: PrepareInput): Promise<InvitationToIssue[]> {
  const { list, newMemberships } = await prepareInvitationsAlong(tx, input);
  if (newMemberships) await tx.execute(prepared(newMemberships));
  return list;
}

interface PrepareInput {
  readonly orgId: string;
  readonly inviter: Inviter;
  readonly people: readonly PersonToInvite[];
  /** How they come in: an invitation unless said otherwise; the import or link it was. */
  readonly source?: { readonly kind: MembershipSource; readonly id: string | null };
}

/**
 * The same, leaving the new memberships' insert to the caller, who writes it in the statement
 * that issues their invitations (`issueInvitations`' `along`): one round trip fewer.
 */
export async function prepareInvitationsAlong(
  tx: Db,
  input: PrepareInput,
): Promise<{ readonly list: InvitationToIssue[]; readonly newMemberships: SQL | null }> {
  const { orgId, inviter, people } = input;
  const source = input.source?.kind ?? 'invitation';
  const sourceId = input.source?.id ?? null;
  // The list to issue, written out field by field (an import prepares 200,000: no spreads).
  const list: (InvitationToIssue & { readonly id: string })[] = people.map((person) => ({
    id: newId(),
    membershipId: person.membershipId ?? newId(),
    email: person.email,
    role: person.role,
    firstName: person.firstName ?? null,
    lastName: person.lastName ?? null,
    previousId: null,
  }));
  const reused = list.filter((_, index) => people[index]?.membershipId !== null);
  const created = list.filter((_, index) => people[index]?.membershipId === null);

  if (reused.length > 0) {
    const membershipIds = reused.map((person) => person.membershipId);
    const lapsed = await queryRows<{ id: string }>(
      tx,
      sql`update invitations set status = 'expired'
          where org_id = ${orgId} and membership_id = any(${uuids(membershipIds)}) and status = 'pending'
          returning id`,
    );
    await releaseReservedSeats(
      tx,
      orgId,
      lapsed.map((row) => row.id),
    );
    await tx.execute(sql`
      update memberships m set status = 'invited', role = u.role, invited_at = now(), invited_by = ${inviter.accountId},
        reminded_at = null, reminded_by = null, current_invitation_id = u.invitation_id, source = ${source}, source_id = ${sourceId}::uuid
      from unnest(${uuids(membershipIds)}, ${texts(reused.map((person) => person.role))}, ${uuids(reused.map((person) => person.id))})
        as u (id, role, invitation_id)
      where m.org_id = ${orgId} and m.id = u.id`);
  }
  const newMemberships =
    created.length === 0
      ? null
      : sql`
      insert into memberships (id, org_id, email, role, status, invited_at, invited_by, current_invitation_id, source, source_id)
      select u.id, ${orgId}, u.email, u.role, 'invited', now(), ${inviter.accountId}, u.invitation_id, ${source}, ${sourceId}::uuid
      from unnest(${uuids(created.map((person) => person.membershipId))}, ${texts(created.map((person) => person.email))},
                  ${texts(created.map((person) => person.role))}, ${uuids(created.map((person) => person.id))})
        as u (id, email, role, invitation_id)`;
  return { list, newMemberships };
}
