import { sql } from 'drizzle-orm';
import { allAnswered } from '../../db/commit-with.js';
import { prepared } from '../../db/prepared-statements.js';
import { queryRows, texts, uuids } from '../../db/sql.js';
import { newId } from '../../lib/ids.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { emailCtes } from '../../mail/queue-email.js';
import { accountSetupEmail } from '../../mail/templates/account-setup.js';
import { inTransaction, link, type Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { type ActiveEndpoint, activeEndpoints } from '../audit/raise-events.js';
import { recordAuditMany } from '../audit/record-audit.js';
import { SETUP_LINK_DAYS } from '../auth/repository.js';
import { roomUnderCap } from '../invitations/capacity.js';
import { takeSeats } from '../licenses/seats.js';
import { keptActiveAndPending } from '../members/kept-counts.js';
import { getOrg } from '../orgs/repository.js';
import { authorizeSetUp } from '../users/policy.js';
import { type AddressedCreate, storedProfile } from './scim-create.js';
import { type UserRecord, userRecordsQuery } from './user-records.js';

/** Thrown when a group cannot be set up together (a trial, the member cap): each create then runs alone. */
export class NotAllNew extends Error {}

/**
 * Creates that arrived together (decision 0025), of people new to the installation: set up in
 * one transaction, one statement per table, as an import's set-ups are — active members at once,
 * a seat each, a set-password link unless the organization says not, an audit entry and its
 * webhook events each. What set-up decides person by person (an account or membership that
 * exists, R-6 and R-20) is not decided here: a group holding such a person meets a unique index
 * of accounts or memberships and throws, as does a group past the member cap, and each create
 * then runs alone. The indexes are the check: a lookup before the inserts, prepared, kept the
 * plan it was given while a new installation's tables were empty and came to read every
 * account and member (2.8 ms a group at 7,000 people).
 */
export async function setUpNewScimUsers(services: Services, creates: readonly AddressedCreate[]): Promise<UserRecord[]> {
  const [first] = creates;
  if (!first) return [];
  const { orgId } = first;
  const people = creates.map((create) => ({ ...create, accountId: newId(), membershipId: newId() }));
  const emails = people.map((person) => person.email);
  return inTransaction(services, async (tx) => {
    const [orgActor, org, kept, endpoints] = await Promise.all([
      resolveOrgActor(tx, first.actor, orgId),
      getOrg(tx, orgId),
      keptActiveAndPending(tx, orgId),
      queryRows<ActiveEndpoint>(tx, prepared(activeEndpoints(orgId))),
    ]);
    authorizeSetUp(orgActor, 'learner');
    if (org.kind === 'trial' || roomUnderCap(org, kept) < people.length) throw new NotAllNew();

    const linked = people.map(() => (org.scimPasswordLinks ? newToken() : null));
    const signInUrl = link(services, '/login');
    // Sent one behind the other without waiting (pipelined), the seats and the COMMIT last, in
    // one round trip: each names rows the one before wrote. The audit's webhook events go with
    // it, to the endpoints read above, so nothing waits for the audit's answer. If any statement
    // fails (someone known meets a unique index), the ones behind it fail, the COMMIT rolls
    // back, and each create runs alone.
    const accountsWritten = queryRows(
      tx,
      prepared(sql`insert into accounts (id, email, username, first_name, last_name)
        select * from unnest(${uuids(people.map((p) => p.accountId))}, ${texts(emails)},
                             ${texts(people.map((p) => p.username))},
                             ${texts(people.map((p) => (p.user.givenName ?? '').trim()))}, ${texts(people.map((p) => (p.user.familyName ?? '').trim()))})`),
    );
    const membershipsWritten = queryRows(
      tx,
      prepared(sql`insert into memberships (id, org_id, account_id, email, role, status, activated_at, invited_by, source,
                                   scim_profile, scim_external_id, scim_updated_at)
        select u.id, ${orgId}::uuid, u.account_id, u.email, 'learner', 'active', now(), ${orgActor.accountId}::uuid, 'scim',
               u.profile, u.external_id, now()
        from rows from (unnest(${uuids(people.map((p) => p.membershipId))}, ${uuids(people.map((p) => p.accountId))}, ${texts(emails)},
                               ${texts(people.map((p) => p.user.externalId))}),
                        jsonb_array_elements(${JSON.stringify(people.map((p) => storedProfile(p.user, true)))}::jsonb))
          as u (id, account_id, email, external_id, profile)`),
    );
    const mailed = people.flatMap((person, index) => {
      const token = linked[index];
      return token ? [{ accountId: person.accountId, tokenHash: hashToken(token) }] : [];
    });
    const tokensWritten =
      mailed.length > 0
        ? queryRows(
            tx,
            prepared(sql`insert into password_tokens (account_id, token_hash, purpose, expires_at)
              select u.account_id, u.token_hash, 'setup', now() + make_interval(days => ${SETUP_LINK_DAYS}::int)
              from unnest(${uuids(mailed.map((m) => m.accountId))}, ${texts(mailed.map((m) => m.tokenHash))}) as u (account_id, token_hash)`),
          )
        : null;
    const audited = recordAuditMany(
      tx,
      orgActor,
      people.map((person) => ({
        action: 'member.set_up',
        targetType: 'membership',
        targetId: person.membershipId,
        data: {
          email: person.email,
          username: person.username,
          role: 'learner',
          wayIn: 'scim',
          ...(person.user.externalId ? { externalId: person.user.externalId } : {}),
        },
        // Each create's own request: an identity provider calls from several addresses.
        ip: person.actor.ip,
      })),
      endpoints,
    );
    // Billing starts when each email is delivered, as for one set-up. The seats last,
    // with the emails, answered with the Users, and sent with the COMMIT (decision 0023).
    const emailsAlong = emailCtes(
      people.map((person, index) => {
        const token = linked[index];
        return {
          orgId,
          membershipId: person.membershipId,
          kind: 'account-setup',
          to: person.email,
          fromName: org.emailSenderName,
          ...accountSetupEmail({
            orgName: org.name,
            firstName: (person.user.givenName ?? '').trim(),
            url: token ? link(services, `/set-password/${token}`) : null,
            signInUrl,
            orgNote: org.emailNote,
          }),
        };
      }),
    );
    const seated = takeSeats(tx, orgId, people.length, {
      along: [emailsAlong],
      answer: userRecordsQuery(
        orgId,
        people.map((p) => p.membershipId),
      ),
      last: true,
    });
    const [, , , , seats] = await allAnswered([accountsWritten, membershipsWritten, tokensWritten, audited, seated]);
    const rows = seats as unknown as UserRecord[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return people.map((person) => {
      const record = byId.get(person.membershipId);
      if (!record) throw new Error('setUpNewScimUsers: a User was set up but not read back');
      return record;
    });
  });
}
