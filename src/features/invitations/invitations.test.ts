import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastEmailTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { inviteToken, member, PASSWORD, teamOf } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { operatorActor } from '../auth/actor.js';
import { repairKeptCounts } from '../members/kept-counts.js';
import { expireInvitations } from './expire-invitations.js';
import { inviteByEmail } from './invite-by-email.js';

describe('invitations', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.database.db, query))[0]?.n ?? 0;

  it('answers one result per distinct address, folding case, separators and IDN', async () => {
    const org = await createOrg(t);
    const response = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'Ann@Example.com, bob@example.com;ann@example.COM\n  zoë@bücher.de not-an-address\tcarl@',
    });
    expect(response.status).toBe(200);
    const byInput = Object.fromEntries(response.body.results.map((r: { input: string }) => [r.input, r]));
    expect(response.body.results).toHaveLength(5);
    expect(byInput['Ann@Example.com']).toMatchObject({ email: 'ann@example.com', outcome: 'invited' });
    expect(byInput['bob@example.com'].outcome).toBe('invited');
    expect(byInput['zoë@bücher.de']).toMatchObject({ outcome: 'invalid' });
    expect(byInput['not-an-address']).toMatchObject({ outcome: 'invalid', reason: 'The address has no "@".' });
    expect(byInput['carl@']).toMatchObject({ outcome: 'invalid', reason: 'Nothing comes after the "@".' });
    expect(response.body.counts).toMatchObject({ invited: 2, invalid: 3 });

    const idn = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['zoe@bücher.de'] });
    expect(idn.body.results[0]).toMatchObject({ email: 'zoe@xn--bcher-kva.de', outcome: 'invited' });
    // One email per invited address, none for the refused ones.
    expect(await count(sql`select count(*)::int as n from emails where org_id = ${org.id}`)).toBe(3);
  });

  it('reads names pasted from a mail client, and never splits an array element on its spaces', async () => {
    const org = await createOrg(t);
    const pasted = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'Ada Lovelace <Ada@Example.com>, "Hopper, Grace" <grace@example.com>\nbob@example.com',
    });
    expect(pasted.status).toBe(200);
    expect(pasted.body.results.map((r: { input: string; email: string; outcome: string }) => [r.input, r.email, r.outcome])).toEqual([
      ['Ada Lovelace <Ada@Example.com>', 'ada@example.com', 'invited'],
      ['"Hopper, Grace" <grace@example.com>', 'grace@example.com', 'invited'],
      ['bob@example.com', 'bob@example.com', 'invited'],
    ]);
    // The names are offered to the people when they accept, and greet them in the email.
    const names = await queryRows<{ email: string; first_name: string | null; last_name: string | null }>(
      t.database.db,
      sql`select m.email, i.first_name, i.last_name from invitations i join memberships m on m.id = i.membership_id
          where i.org_id = ${org.id} order by m.email`,
    );
    expect(names.map((row) => [row.email, row.first_name, row.last_name])).toEqual([
      ['ada@example.com', 'Ada', 'Lovelace'],
      ['bob@example.com', null, null],
      ['grace@example.com', 'Grace', 'Hopper'],
    ]);
    expect((await lastEmailTo(t, 'grace@example.com')).text).toMatch(/Grace/);

    const array = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: ['john doe@example.com', 'Carl <carl@example.com>'],
    });
    expect(array.body.results).toMatchObject([
      { input: 'john doe@example.com', email: null, outcome: 'invalid' },
      { input: 'Carl <carl@example.com>', email: 'carl@example.com', outcome: 'invited' },
    ]);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id} and email = 'doe@example.com'`)).toBe(0);
  });

  it('takes a new person from the email link to an active, signed-in member', async () => {
    const org = await createOrg(t, { name: 'Northwind', seats: 3 });
    const token = await inviteToken(t, org.id, 'newbie@example.com');
    const mail = await lastEmailTo(t, 'newbie@example.com');
    expect(mail.subject).toBe('The Roster platform team invited you to join Northwind');
    expect(mail.html).toContain(`http://roster.test/invite/${token}`);

    const visitor = new Client(t.roster);
    const peek = await visitor.get(`/api/v1/invitations/${token}`);
    expect(peek.status).toBe(200);
    expect(peek.body).toMatchObject({ orgName: 'Northwind', email: 'newbie@example.com', accountExists: false, signedInAs: null });

    const incomplete = await visitor.post(`/api/v1/invitations/${token}/accept`, {
      firstName: 'New',
      password: 'short',
      acceptTerms: true,
    });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual(['/lastName', '/password']);
    const noTerms = await visitor.post(`/api/v1/invitations/${token}/accept`, { firstName: 'New', lastName: 'Bie', password: PASSWORD });
    expect(noTerms.status).toBe(400);
    expect(await count(sql`select count(*)::int as n from accounts where email = 'newbie@example.com'`)).toBe(0);

    const accepted = await visitor.post(`/api/v1/invitations/${token}/accept`, {
      firstName: 'New',
      lastName: 'Bie',
      password: PASSWORD,
      acceptTerms: true,
    });
    expect(accepted.status).toBe(200);
    expect(String(accepted.headers['set-cookie'])).toMatch(/roster_session=.*HttpOnly/i);
    const mine = await visitor.get(`/api/v1/orgs/${org.id}`);
    expect(mine.body).toMatchObject({ myRole: 'learner', seatsUsed: 1, seatsFree: 2 });

    const again = await new Client(t.roster).post(`/api/v1/invitations/${token}/accept`, {
      firstName: 'X',
      lastName: 'Y',
      password: PASSWORD,
      acceptTerms: true,
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('invitation_accepted');
    expect(await count(sql`select count(*)::int as n from billing_events where org_id = ${org.id} and kind = 'start'`)).toBe(1);
    const terms = await queryRows<{ terms_version: string | null }>(
      t.database.db,
      sql`select terms_version from memberships where id = ${accepted.body.membershipId}`,
    );
    expect(terms[0]?.terms_version).toBe(t.config.termsVersion);
    const log = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=invitation`);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['invitation.accepted', 'invitation.sent']);
    expect(log.body.items[0].actor).toBe('newbie@example.com');
  });

  it('re-sends a pending invitation: the old link is superseded, the new one works', async () => {
    const org = await createOrg(t);
    const first = await inviteToken(t, org.id, 'twice@example.com');
    // A first invitation replaces nothing, so it does not speak of earlier links.
    const firstMail = (await lastEmailTo(t, 'twice@example.com')).text;
    expect(firstMail).not.toContain('earlier invitation');
    // Invited by address alone: greeted without a name.
    expect(firstMail).toMatch(/^Hello,\n/);
    const again = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'TWICE@example.com' });
    expect(again.body.results[0].outcome).toBe('already_invited');
    const second = tokenOf(linkPath((await lastEmailTo(t, 'twice@example.com')).text));
    expect(second).not.toBe(first);
    expect((await lastEmailTo(t, 'twice@example.com')).text).toContain('The link in any earlier invitation from');
    const old = await t.anonymous().get(`/api/v1/invitations/${first}`);
    expect(old.status).toBe(410);
    expect(old.body.code).toBe('invitation_superseded');
    expect((await t.anonymous().get(`/api/v1/invitations/${second}`)).status).toBe(200);
    expect(await count(sql`select count(*)::int as n from invitations where org_id = ${org.id} and status = 'pending'`)).toBe(1);
  });

  it('resends with a personal message and restarts the expiry', async () => {
    const org = await createOrg(t, { invitationExpiryDays: 3 });
    await inviteToken(t, org.id, 'remind@example.com');
    const [inv] = (await t.operator.get(`/api/v1/orgs/${org.id}/invitations`)).body.items;
    await t.database.db.execute(sql`update invitations set expires_at = now() - interval '1 day' where id = ${inv.id}`);
    const resent = await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${inv.id}/resend`, { message: 'Please join <b>today</b>' });
    expect(resent.status).toBe(200);
    const mail = await lastEmailTo(t, 'remind@example.com');
    expect(mail.subject).toMatch(/^Reminder:/);
    expect(mail.text).toContain('Please join <b>today</b>');
    expect(mail.html).toContain('Please join &#60;b&#62;today&#60;/b&#62;');
    const list = (await t.operator.get(`/api/v1/orgs/${org.id}/invitations`)).body.items;
    expect(list[0]).toMatchObject({ id: resent.body.invitationId, status: 'pending', isReminder: true });
    expect(new Date(list[0].expiresAt).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    expect(list[1]).toMatchObject({ id: inv.id, status: 'expired' });
    const superseded = await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${inv.id}/resend`, {});
    expect(superseded.status).toBe(409);
  });

  it('cancels: the link stops working and says so', async () => {
    const org = await createOrg(t);
    const token = await inviteToken(t, org.id, 'cancel@example.com');
    const [inv] = (await t.operator.get(`/api/v1/orgs/${org.id}/invitations`)).body.items;
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${inv.id}/cancel`)).status).toBe(204);
    const peek = await t.anonymous().get(`/api/v1/invitations/${token}`);
    expect(peek.status).toBe(410);
    expect(peek.body).toMatchObject({ code: 'invitation_cancelled' });
    expect(peek.body.detail).toContain('Ask an administrator');
    const accept = await t
      .anonymous()
      .post(`/api/v1/invitations/${token}/accept`, { firstName: 'A', lastName: 'B', password: PASSWORD, acceptTerms: true });
    expect(accept.status).toBe(410);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${inv.id}/cancel`)).status).toBe(409);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/invitations?status=cancelled`)).body.items).toHaveLength(1);
  });

  it('reads an invitation past its expiry as expired at once, and the sweep logs it', async () => {
    const org = await createOrg(t);
    const token = await inviteToken(t, org.id, 'late@example.com');
    await t.database.db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where org_id = ${org.id}`);
    expect((await t.anonymous().get(`/api/v1/invitations/${token}`)).body.code).toBe('invitation_expired');
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/invitations?status=expired`)).body.items).toHaveLength(1);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/invitations?status=pending`)).body.items).toHaveLength(0);
    expect(await expireInvitations(t.database.db)).toBeGreaterThanOrEqual(1);
    const log = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=invitation.expired`);
    expect(log.body.items[0]).toMatchObject({ actor: 'system', data: { email: 'late@example.com' } });
    // Inviting the address again starts a fresh invitation.
    const again = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'late@example.com' });
    expect(again.body.results[0].outcome).toBe('invited');
  });

  it('lets invitations never expire when the organization says so', async () => {
    const org = await createOrg(t, { invitationExpiryDays: null });
    const token = await inviteToken(t, org.id, 'forever@example.com');
    expect((await t.anonymous().get(`/api/v1/invitations/${token}`)).body.expiresAt).toBeNull();
    expect((await lastEmailTo(t, 'forever@example.com')).text).toContain('does not expire');
  });

  it('reports members as already_member and asks an existing account to sign in', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t, { name: 'Second Org' });
    const { client: person } = await member(t, org.id, 'existing@example.com');
    const dup = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'existing@example.com' });
    expect(dup.body.results[0].outcome).toBe('already_member');

    const token = await inviteToken(t, other.id, 'existing@example.com');
    const peek = await t.anonymous().get(`/api/v1/invitations/${token}`);
    expect(peek.body).toMatchObject({ accountExists: true, signedInMatches: false });
    const anonymous = await t.anonymous().post(`/api/v1/invitations/${token}/accept`, { acceptTerms: true });
    expect(anonymous.status).toBe(401);
    const { client: stranger } = await member(t, org.id, 'stranger@example.com');
    const wrong = await stranger.post(`/api/v1/invitations/${token}/accept`, { acceptTerms: true });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('wrong_account');
    expect((await person.get(`/api/v1/invitations/${token}`)).body.signedInMatches).toBe(true);
    const ok = await person.post(`/api/v1/invitations/${token}/accept`, { acceptTerms: true });
    expect(ok.status).toBe(200);
    expect(ok.headers['set-cookie']).toBeUndefined();
    expect(await count(sql`select count(*)::int as n from accounts where email = 'existing@example.com'`)).toBe(1);
  });

  it('refuses an acceptance with no seat left and leaves the invitation usable', async () => {
    const org = await createOrg(t, { seats: 1 });
    const a = await inviteToken(t, org.id, 'a@seats.test');
    const b = await inviteToken(t, org.id, 'b@seats.test');
    const body = { firstName: 'S', lastName: 'T', password: PASSWORD, acceptTerms: true };
    expect((await t.anonymous().post(`/api/v1/invitations/${a}/accept`, body)).status).toBe(200);
    const refused = await t.anonymous().post(`/api/v1/invitations/${b}/accept`, body);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('no_seat');
    expect(await count(sql`select count(*)::int as n from accounts where email = 'b@seats.test'`)).toBe(0);
    expect((await t.anonymous().get(`/api/v1/invitations/${b}`)).status).toBe(200);
    // No free seat: a paid organization cannot invite anyone new.
    const full = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'c@seats.test' });
    expect(full.body.results[0]).toMatchObject({ outcome: 'not_allowed' });
    expect(full.body.results[0].reason).toContain('No seat');
  });

  it('limits a trial plan to its seats, counting pending invitations', async () => {
    const org = await createOrg(t, { kind: 'trial', seats: 2 });
    const response = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['1@t.test', '2@t.test', '3@t.test'] });
    expect(response.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['invited', 'invited', 'not_allowed']);
  });

  it('invites side by side yet holds the member cap, the trial limit and one person per address exactly', async () => {
    // Invitations run without the organization's lock and count again under it at the end
    // (decision 0017); what went past a limit, or met another request's new address, runs again
    // under the lock from its start.
    const outcomes = (answers: { status: number; body: { results: { outcome: string }[] } }[]) =>
      answers
        .flatMap((a) => {
          expect(a.status, JSON.stringify(a.body)).toBe(200); // a refusal names its reason in the failure
          return a.body.results.map((r) => r.outcome);
        })
        .sort();
    const capped = await createOrg(t, { seats: 100 });
    expect((await t.operator.patch(`/api/v1/orgs/${capped.id}`, { maxMembers: 5 })).status).toBe(200);
    const post = (orgId: string, emails: string[]) => t.operator.post(`/api/v1/orgs/${orgId}/invitations`, { emails });
    const single = await Promise.all(Array.from({ length: 9 }, (_, i) => post(capped.id, [`cap${i}@side.test`])));
    const batches = await Promise.all(Array.from({ length: 3 }, (_, i) => post(capped.id, [`b${i}a@side.test`, `b${i}b@side.test`])));
    expect(outcomes([...single, ...batches])).toEqual([...Array(5).fill('invited'), ...Array(10).fill('not_allowed')]);
    const refusal = [...single, ...batches].flatMap((a) => a.body.results).find((r: { outcome: string }) => r.outcome === 'not_allowed');
    expect(refusal.reason).toContain('limit of 5 members');
    expect(await count(sql`select count(*)::int as n from invitations where org_id = ${capped.id} and status = 'pending'`)).toBe(5);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${capped.id}`)).toBe(5);

    const same = await createOrg(t, { seats: 100 });
    const again = await Promise.all(Array.from({ length: 6 }, () => post(same.id, ['same@side.test'])));
    expect(outcomes(again)).toEqual([
      'already_invited',
      'already_invited',
      'already_invited',
      'already_invited',
      'already_invited',
      'invited',
    ]);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${same.id}`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from invitations where org_id = ${same.id} and status = 'pending'`)).toBe(1);

    const trial = await createOrg(t, { kind: 'trial', seats: 3 });
    const tried = await Promise.all(Array.from({ length: 7 }, (_, i) => post(trial.id, [`trial${i}@side.test`])));
    expect(outcomes(tried)).toEqual([...Array(3).fill('invited'), ...Array(4).fill('not_allowed')]);
    // The kept counts agree with a full count after all of it.
    for (const org of [capped, same, trial]) expect(await repairKeptCounts(t.database.db, org.id)).toEqual([]);
  });

  // Decision 0025: requests of one inviter that wait for a slot share a run. Called as the use
  // case, so that all of them are waiting at once on either database (over HTTP on PGlite, its
  // one connection lets each request in only after the one before).
  it('runs requests that arrive together as one transaction, each answered with its own addresses', async () => {
    const org = await createOrg(t, { seats: 100 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inviteByEmail(t.roster.services, operatorActor(`198.51.100.${i}`), org.id, {
          emails: [`together${i}@group.test`, `not-an-address-${i}`],
        }),
      ),
    );
    const rows = await queryRows<{ id: string; email: string; membership_id: string; tx: string }>(
      t.database.db,
      sql`select id, email, membership_id, xmin::text as tx from invitations where org_id = ${org.id}`,
    );
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    for (const [i, answer] of answers.entries()) {
      const row = byEmail.get(`together${i}@group.test`);
      expect(answer).toMatchObject([
        {
          input: `together${i}@group.test`,
          email: `together${i}@group.test`,
          outcome: 'invited',
          invitationId: row?.id,
          memberId: row?.membership_id,
        },
        { input: `not-an-address-${i}`, email: null, outcome: 'invalid', invitationId: null },
      ]);
    }
    // Two ran at once, alone; the ten that waited for them ran as one.
    expect(new Set(rows.map((row) => row.tx)).size).toBe(3);
    expect(await count(sql`select count(*)::int as n from emails where org_id = ${org.id}`)).toBe(12);
    // Each audit entry keeps the address of its own request.
    const audit = await queryRows<{ email: string; ip: string }>(
      t.database.db,
      sql`select data->>'email' as email, ip from audit_log where org_id = ${org.id} and action = 'invitation.sent'`,
    );
    expect(new Map(audit.map((entry) => [entry.email, entry.ip]))).toEqual(
      new Map(answers.map((_, i) => [`together${i}@group.test`, `198.51.100.${i}`])),
    );
    expect(await repairKeptCounts(t.database.db, org.id)).toEqual([]);

    // Requests naming the same address never share a run: the second finds the first's invitation.
    const same = await Promise.all(
      ['a', 'b', 'c', 'd'].map((who) =>
        inviteByEmail(t.roster.services, operatorActor('127.0.0.1'), org.id, { emails: [`${who}@group.test`, 'shared@group.test'] }),
      ),
    );
    expect(same.map((answer) => answer[1]?.outcome).sort()).toEqual(['already_invited', 'already_invited', 'already_invited', 'invited']);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id} and email = 'shared@group.test'`)).toBe(1);
  });

  it('answers requests alone when their run together is refused, so each gets what it would have alone', async () => {
    const org = await createOrg(t);
    const key = `invite:actor:${org.id}:operator`;
    // Room for three more addresses this hour: the run of six that wait together is refused whole.
    await t.database.db.execute(sql`insert into rate_limits (key, window_start, hits) values (${key}, now(), 4997)`);
    const answers = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        inviteByEmail(t.roster.services, operatorActor('127.0.0.1'), org.id, { emails: [`limit${i}@group.test`] }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', ...Array(5).fill('rejected')]);
    expect(answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason.code] : []))).toEqual(Array(5).fill('rate_limited'));
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id}`)).toBe(3);
    expect(await count(sql`select hits as n from rate_limits where key = ${key}`)).toBe(5000);
  });

  it("counts each address against the inviter's hourly limit and refuses past it, leaving nothing behind", async () => {
    const org = await createOrg(t);
    const key = `invite:actor:${org.id}:operator`;
    // The window already holds all but one of the 5,000 addresses an inviter may send an hour.
    await t.database.db.execute(sql`insert into rate_limits (key, window_start, hits) values (${key}, now(), 4999)`);
    const refused = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['one@limit.test', 'two@limit.test'] });
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from emails where org_id = ${org.id}`)).toBe(0);
    expect(await count(sql`select hits as n from rate_limits where key = ${key}`)).toBe(4999);

    // A request refused after its hit (an unknown team) still counts: the hit commits on its own.
    await t.database.db.execute(sql`update rate_limits set hits = 4998 where key = ${key}`);
    const unknownTeam = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: ['one@limit.test'],
      teamIds: ['01a23861-0000-7000-8000-000000000000'],
    });
    expect(unknownTeam.status).toBeGreaterThanOrEqual(400);
    expect(unknownTeam.status).toBeLessThan(500);
    expect(await count(sql`select hits as n from rate_limits where key = ${key}`)).toBe(4999);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id}`)).toBe(0);

    const last = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['one@limit.test'] });
    expect(last.status).toBe(200);
    expect(last.body.counts).toMatchObject({ invited: 1 });
    expect(await count(sql`select hits as n from rate_limits where key = ${key}`)).toBe(5000);
  });

  it('enforces roles: nobody invites above their own, learners not at all, outsiders see nothing', async () => {
    const org = await createOrg(t);
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@roles.test', 'manager');
    const { client: learner } = await member(t, org.id, 'learner@roles.test', 'learner');
    const team = await teamOf(t, org.id, { managers: [managerId] });
    const tooHigh = await manager.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'x@roles.test', role: 'admin', teamIds: [team] });
    expect(tooHigh.status).toBe(403);
    expect(tooHigh.body.code).toBe('role_too_high');
    const managerAsManager = await manager.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'x@roles.test',
      role: 'manager',
      teamIds: [team],
    });
    expect(managerAsManager.body.code).toBe('role_too_high');
    // A manager brings people into their own teams only.
    const noTeam = await manager.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'x@roles.test' });
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.errors[0].field).toBe('/teamIds');
    const otherTeam = await teamOf(t, org.id, {});
    expect((await manager.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'x@roles.test', teamIds: [otherTeam] })).status).toBe(403);
    expect((await manager.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'x@roles.test', teamIds: [team] })).status).toBe(200);
    const byLearner = await learner.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'y@roles.test' });
    expect(byLearner.status).toBe(403);
    expect(byLearner.body.code).toBe('forbidden');
    const outsiderOrg = await createOrg(t);
    const outsider = await learner.post(`/api/v1/orgs/${outsiderOrg.id}/invitations`, { emails: 'z@roles.test' });
    expect(outsider.status).toBe(404);
    expect((await t.anonymous().post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'z@roles.test' })).status).toBe(401);
    expect(await count(sql`select count(*)::int as n from invitations where email in ('y@roles.test', 'z@roles.test')`)).toBe(0);
  });

  it('rejects malformed requests and unknown tokens without side effects', async () => {
    const org = await createOrg(t);
    const before = await count(sql`select count(*)::int as n from invitations`);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: '' })).status).toBe(400);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ' ,; ' })).status).toBe(400);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'a@b.c', role: 'owner' })).status).toBe(400);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'a@b.c', extra: 1 })).status).toBe(400);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 42 })).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `p${i}@many.test`).join(',');
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: tooMany })).status).toBe(400);
    expect(await count(sql`select count(*)::int as n from invitations`)).toBe(before);
    expect((await t.anonymous().get('/api/v1/invitations/not-a-token')).status).toBe(404);
    expect((await t.anonymous().get(`/api/v1/invitations/${'A'.repeat(43)}`)).status).toBe(404);
  });

  it('puts people in the chosen teams, requires one when the organization says so, and cancelling takes them out', async () => {
    const org = await createOrg(t);
    const team = await teamOf(t, org.id, { name: 'Onboarding' });
    await t.operator.post(`/api/v1/orgs/${org.id}/teams/${team}/trainings`, { kind: 'course', title: 'Safety basics' });
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'placed@teams.test, cancelled@teams.test',
      teamIds: [team],
    });
    expect(invited.body.counts.invited).toBe(2);
    const inTeam = async () =>
      (await t.operator.get(`/api/v1/orgs/${org.id}/members?team=${team}`)).body.items.map((m: { email: string }) => m.email).sort();
    expect(await inTeam()).toEqual(['cancelled@teams.test', 'placed@teams.test']);
    // The status tabs count within the chosen team.
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members?team=${team}`)).body.counts.pending).toBe(2);

    const cancelledId = invited.body.results[1].invitationId;
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${cancelledId}/cancel`)).status).toBe(204);
    expect(await inTeam()).toEqual(['placed@teams.test']);

    // Accepting makes the person active in the team: its trainings are assigned at once.
    const token = tokenOf(linkPath((await lastEmailTo(t, 'placed@teams.test')).text));
    const accepted = await t
      .anonymous()
      .post(`/api/v1/invitations/${token}/accept`, { firstName: 'P', lastName: 'T', password: PASSWORD, acceptTerms: true });
    expect(accepted.status).toBe(200);
    const trainings = await t.operator.get(`/api/v1/orgs/${org.id}/members/${accepted.body.membershipId}/trainings`);
    expect(trainings.body.items.map((i: { title: string }) => i.title)).toEqual(['Safety basics']);

    const unknown = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'x@teams.test',
      teamIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(404);
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { requireTeam: true });
    const required = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'x@teams.test' });
    expect(required.status).toBe(400);
    expect(required.body.detail).toContain('requires a team');
    expect(await count(sql`select count(*)::int as n from invitations where email = 'x@teams.test'`)).toBe(0);
  });
});
