import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkPath, tokenOf } from '../../../test/support/mail.js';
import { teamOf } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { accounts, auditLog, billingEvents, emails, invitations, memberships, organizations } from '../../db/schema.js';
import { hashToken } from '../../lib/tokens.js';

const PASSWORD = 'correct horse battery';

let ipCount = 0;
const freshIp = (): string => {
  ipCount += 1;
  return `10.2.${Math.floor(ipCount / 250)}.${(ipCount % 250) + 1}`;
};

let addressCount = 0;
const address = (name: string): string => {
  addressCount += 1;
  return `${name}-${addressCount}@example.com`;
};

describe('setting up users', () => {
  let t: TestRoster;

  beforeAll(async () => {
    t = await startTestRoster({ ROSTER_TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  const setUp = (by: Client, orgId: string, fields: Record<string, unknown>) =>
    by.post(`/api/v1/orgs/${orgId}/users`, { firstName: 'Test', lastName: 'Person', ...fields });

  async function signIn(login: string, password = PASSWORD): Promise<Client> {
    const client = t.anonymous();
    const response = await client.request('POST', '/api/v1/auth/login', { login, password }, { 'x-forwarded-for': freshIp() });
    if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
    return client;
  }

  /** The operator sets up a person with a password and the role; they sign in. */
  async function personWithRole(
    orgId: string,
    role: string,
  ): Promise<{ client: Client; email: string; accountId: string; membershipId: string }> {
    const email = address(role);
    const response = await setUp(t.operator, orgId, { email, password: PASSWORD, role });
    if (response.status !== 201) throw new Error(`set-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    return { client: await signIn(email), email, accountId: response.body.member.accountId, membershipId: response.body.member.id };
  }

  async function tally(orgId: string) {
    const { db } = t.database;
    const [a] = await db.select({ n: count() }).from(accounts);
    const [m] = await db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId));
    const [e] = await db.select({ n: count() }).from(emails).where(eq(emails.orgId, orgId));
    const [l] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.orgId, orgId));
    const [b] = await db.select({ n: count() }).from(billingEvents).where(eq(billingEvents.orgId, orgId));
    const [o] = await db.select({ seatsUsed: organizations.seatsUsed }).from(organizations).where(eq(organizations.id, orgId));
    return { accounts: a?.n, memberships: m?.n, emails: e?.n, audit: l?.n, billing: b?.n, seatsUsed: o?.seatsUsed };
  }

  const setupEmails = (membershipId: string) =>
    t.database.db
      .select()
      .from(emails)
      .where(and(eq(emails.membershipId, membershipId), eq(emails.kind, 'account-setup')));

  const billingOf = (membershipId: string) =>
    t.database.db.select().from(billingEvents).where(eq(billingEvents.membershipId, membershipId));

  const auditOf = (orgId: string, action: string) =>
    t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, action)));

  it('sets up a person with a set-password link that works once', async () => {
    const org = await createOrg(t, { name: 'Acme Learning', seats: 5 });
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { emailSenderName: 'Acme Academy', emailNote: 'Welcome aboard.' });
    const created = await setUp(t.operator, org.id, {
      firstName: ' Grace ',
      lastName: 'Hopper',
      email: ' Grace@Example.COM ',
      role: 'manager',
      note: 'Met at onboarding',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      member: {
        id: expect.any(String),
        accountId: expect.any(String),
        email: 'grace@example.com',
        username: null,
        firstName: 'Grace',
        lastName: 'Hopper',
        role: 'manager',
        status: 'active',
      },
      passwordLinkSent: true,
    });
    const memberId = created.body.member.id as string;
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(1);
    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, memberId));
    expect(row).toMatchObject({ status: 'active', note: 'Met at onboarding', invitedBy: null, email: 'grace@example.com' });
    expect(row?.activatedAt).toBeInstanceOf(Date);

    const [mail] = await setupEmails(memberId);
    expect(mail).toMatchObject({ orgId: org.id, toAddress: 'grace@example.com', fromName: 'Acme Academy', status: 'queued' });
    expect(mail?.text).toContain('Welcome aboard.');
    // Billable only once the notification is sent: nothing is recorded at set-up.
    expect(await billingOf(memberId)).toHaveLength(0);
    await t.drain();
    const [sent] = await setupEmails(memberId);
    expect(sent?.status).toBe('sent');
    const token = tokenOf(linkPath(sent?.text, '/set-password/'));
    expect(sent?.html).toContain(`/set-password/${token}`);

    const peek = await t.anonymous().get(`/api/v1/auth/password-tokens/${token}`);
    expect(peek.body).toEqual({ purpose: 'setup', email: 'grace@example.com', username: null, firstName: 'Grace' });
    const browser = t.anonymous();
    const chosen = await browser.post('/api/v1/auth/password', { token, password: PASSWORD });
    expect(chosen.status).toBe(200);
    expect(chosen.body.memberships).toEqual([{ orgId: org.id, orgName: 'Acme Learning', orgSlug: org.slug, role: 'manager' }]);
    expect((await t.anonymous().post('/api/v1/auth/password', { token, password: 'another passphrase' })).status).toBe(410);
    await signIn('grace@example.com');

    const [entry] = await auditOf(org.id, 'member.set_up');
    expect(entry).toMatchObject({
      actorLabel: 'operator',
      targetType: 'membership',
      targetId: memberId,
      data: { email: 'grace@example.com', username: null, role: 'manager' },
    });
  });

  it('lets an administrator set up a learner with a password, and never mails the password', async () => {
    const org = await createOrg(t);
    const admin = await personWithRole(org.id, 'admin');
    const email = address('learner');
    const secret = 'Secret-Passphrase-42';
    const created = await setUp(admin.client, org.id, { email, password: secret, sendPasswordLink: true });
    expect(created.status).toBe(201);
    expect(created.body.member.role).toBe('learner');
    expect(created.body.passwordLinkSent).toBe(false);
    const [mail] = await setupEmails(created.body.member.id);
    expect(mail?.text).not.toContain(secret);
    expect(mail?.html).not.toContain(secret);
    expect(mail?.text).not.toContain('/set-password/');
    expect(mail?.text).toContain('http://roster.test/login');
    await signIn(email, secret);

    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, created.body.member.id));
    expect(row?.invitedBy).toBe(admin.accountId);
    const log = await admin.client.get(`/api/v1/orgs/${org.id}/audit-log?action=member`);
    expect(log.body.items[0]).toMatchObject({ action: 'member.set_up', actor: admin.email, targetId: created.body.member.id });
  });

  it('sets up a person without an email address who signs in with the username (R-33)', async () => {
    const org = await createOrg(t);
    const created = await setUp(t.operator, org.id, { firstName: 'Kim', username: 'Kiosk.User_1', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body.member).toMatchObject({ email: null, username: 'kiosk.user_1', firstName: 'Kim' });
    expect(created.body.passwordLinkSent).toBe(false);
    const memberId = created.body.member.id as string;
    expect(await setupEmails(memberId)).toHaveLength(0);
    // Nobody to notify: billable at once.
    expect(await billingOf(memberId)).toMatchObject([{ kind: 'start', reason: 'setup', orgId: org.id }]);
    const client = await signIn('KIOSK.user_1');
    expect((await client.get('/api/v1/auth/session')).body.account).toMatchObject({ username: 'kiosk.user_1', email: null });
  });

  it('needs an email address or a username, and a password when there is no email address', async () => {
    const org = await createOrg(t);
    const before = await tally(org.id);
    const refusals: [Record<string, unknown>, string][] = [
      [{}, '/email'],
      [{ email: '   ' }, '/email'],
      [{ username: 'nomail' }, '/password'],
      [{ username: 'nomail', password: '' }, '/password'],
      [{ email: 'not-an-address' }, '/email'],
      [{ email: 'someone@bad_domain' }, '/email'],
      [{ email: address('weak'), password: 'short' }, '/password'],
      [{ email: 'same@example.com', password: 'SAME@example.com' }, '/password'],
      [{ username: 'a b', password: PASSWORD }, '/username'],
      [{ username: 'ab', password: PASSWORD }, '/username'],
      [{ email: address('x'), firstName: '   ' }, '/firstName'],
      [{ email: address('x'), lastName: '' }, '/lastName'],
      [{ email: address('x'), role: 'owner' }, '/role'],
      [{ email: address('x'), note: 'n'.repeat(2001) }, '/note'],
    ];
    for (const [fields, field] of refusals) {
      const response = await setUp(t.operator, org.id, fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors[0].field, JSON.stringify(fields)).toBe(field);
    }
    const extra = await setUp(t.operator, org.id, { email: address('x'), isAdmin: true });
    expect(extra.status).toBe(400);
    expect(await tally(org.id)).toEqual(before);
  });

  it('refuses trial organizations and creates nothing', async () => {
    const org = await createOrg(t, { kind: 'trial' });
    const before = await tally(org.id);
    const response = await setUp(t.operator, org.id, { email: address('trial'), password: PASSWORD });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'trial_restricted',
      detail: 'Trial plans cannot set up accounts directly; invite people by email instead.',
    });
    expect(await tally(org.id)).toEqual(before);
  });

  it('names the address that already has an active account', async () => {
    const org = await createOrg(t);
    const email = address('active');
    expect((await setUp(t.operator, org.id, { email })).status).toBe(201);
    const before = await tally(org.id);
    const again = await setUp(t.operator, org.id, { email: email.toUpperCase(), role: 'admin' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'already_member', detail: `The following user already has an active account: ${email}` });
    expect(await tally(org.id)).toEqual(before);
  });

  it('refuses a username that is taken', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    expect((await setUp(t.operator, org.id, { username: 'sam.taken', password: PASSWORD })).status).toBe(201);

    const sameOrg = await setUp(t.operator, org.id, { firstName: 'Another', username: 'SAM.taken', password: PASSWORD });
    expect(sameOrg.status).toBe(409);
    expect(sameOrg.body).toMatchObject({ code: 'already_member', detail: 'The following user already has an active account: sam.taken' });

    const withEmail = await setUp(t.operator, org.id, { email: address('sam'), username: 'sam.taken' });
    expect(withEmail.status).toBe(409);
    expect(withEmail.body.code).toBe('conflict');
    expect(withEmail.body.detail).toContain('"sam.taken" is already taken');

    const before = await tally(other.id);
    const otherOrg = await setUp(t.operator, other.id, { username: 'sam.taken', password: PASSWORD });
    expect(otherOrg.status).toBe(409);
    expect(otherOrg.body.code).toBe('conflict');
    expect(await tally(other.id)).toEqual(before);
  });

  it('never takes over an account the organization did not have (R-6)', async () => {
    const first = await createOrg(t);
    const second = await createOrg(t);
    const email = address('private');
    expect((await setUp(t.operator, first.id, { firstName: 'Priscilla', email, password: PASSWORD })).status).toBe(201);
    const before = await tally(second.id);
    const refused = await setUp(t.operator, second.id, { email, password: 'a takeover passphrase' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'conflict',
      detail: 'This address cannot be set up directly. Invite it instead: the person will confirm by email.',
    });
    expect(JSON.stringify(refused.body)).not.toContain('Priscilla');
    expect(await tally(second.id)).toEqual(before);
    await signIn(email); // the password is untouched
  });

  it('keeps people within their role', async () => {
    const org = await createOrg(t, { seats: 20 });
    const userAdmin = await personWithRole(org.id, 'user_admin');
    // A user admin sets people up in the teams they administer.
    const team = await teamOf(t, org.id, { userAdmins: [userAdmin.membershipId] });
    const tooHigh = await setUp(userAdmin.client, org.id, { email: address('boss'), role: 'admin', teamIds: [team] });
    expect(tooHigh.status).toBe(403);
    expect(tooHigh.body.code).toBe('role_too_high');
    const peerEmail = address('peer');
    const noTeam = await setUp(userAdmin.client, org.id, { email: peerEmail, role: 'user_admin' });
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.errors[0].field).toBe('/teamIds');
    const peer = await setUp(userAdmin.client, org.id, { email: peerEmail, role: 'user_admin', teamIds: [team] });
    expect(peer.status).toBe(201);
    const inTeam = await t.operator.get(`/api/v1/orgs/${org.id}/members?team=${team}`);
    expect(inTeam.body.items.map((m: { email: string }) => m.email)).toEqual([peerEmail]);

    const manager = await personWithRole(org.id, 'manager');
    const byManager = await setUp(manager.client, org.id, { email: address('m'), role: 'learner' });
    expect(byManager.status).toBe(403);
    expect(byManager.body.code).toBe('forbidden');
    const learner = await personWithRole(org.id, 'learner');
    expect((await setUp(learner.client, org.id, { email: address('l') })).body.code).toBe('forbidden');

    const elsewhere = await createOrg(t);
    const outsider = await personWithRole(elsewhere.id, 'admin');
    expect((await setUp(outsider.client, org.id, { email: address('o') })).status).toBe(404);
    expect((await setUp(t.anonymous(), org.id, { email: address('a') })).status).toBe(401);
    expect((await setUp(t.operator, '00000000-0000-4000-8000-000000000000', { email: address('u') })).status).toBe(404);

    const before = await tally(org.id);
    // A cookie without the CSRF token cannot set anyone up.
    const signedIn = await t.roster.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: userAdmin.email, password: PASSWORD },
      headers: { 'x-forwarded-for': freshIp() },
    });
    const cookie = `roster_session=${signedIn.cookies.find((c) => c.name === 'roster_session')?.value}`;
    const forged = await t.roster.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.id}/users`,
      headers: { cookie, 'content-type': 'application/json' },
      payload: { firstName: 'F', lastName: 'G', email: address('forged') },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('csrf_failed');
    expect(await tally(org.id)).toEqual(before);
  });

  it('refuses without a free seat and leaves nothing behind', async () => {
    const org = await createOrg(t, { seats: 1 });
    expect((await setUp(t.operator, org.id, { email: address('first') })).status).toBe(201);
    const before = await tally(org.id);
    const late = address('late');
    for (const fields of [{ email: late }, { email: late, password: PASSWORD }, { username: 'late.user', password: PASSWORD }]) {
      const refused = await setUp(t.operator, org.id, fields);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('no_seat');
    }
    expect(await tally(org.id)).toEqual(before);
    expect(await t.database.db.select().from(accounts).where(eq(accounts.email, late))).toHaveLength(0);
    expect(await t.database.db.select().from(accounts).where(eq(accounts.username, 'late.user'))).toHaveLength(0);
  });

  it('adds a removed member back with the same account and history (R-20)', async () => {
    const org = await createOrg(t);
    const email = address('returning');
    const first = await setUp(t.operator, org.id, { firstName: 'Rita', email, password: PASSWORD });
    expect(first.status).toBe(201);
    const { id: memberId, accountId } = first.body.member;
    // Removed (the members feature does this; here the rows are changed directly).
    await t.database.db.update(memberships).set({ status: 'removed', removedAt: new Date() }).where(eq(memberships.id, memberId));
    await t.database.db.update(organizations).set({ seatsUsed: 0 }).where(eq(organizations.id, org.id));

    const withPassword = await setUp(t.operator, org.id, { email, password: 'a takeover passphrase' });
    expect(withPassword.status).toBe(409);
    expect(withPassword.body.errors[0].field).toBe('/password');

    const back = await setUp(t.operator, org.id, { firstName: 'Someone', lastName: 'Else', email, role: 'manager' });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({
      member: { id: memberId, accountId, email, firstName: 'Rita', role: 'manager', status: 'active' },
      passwordLinkSent: false,
    });
    const [row] = await t.database.db.select().from(memberships).where(eq(memberships.id, memberId));
    expect(row).toMatchObject({ status: 'active', removedAt: null, role: 'manager' });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(1);
    const mails = await setupEmails(memberId);
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.subject)).toContain(`Your ${org.name} account is active again`);
    expect(await auditOf(org.id, 'member.readded')).toMatchObject([{ targetId: memberId, data: { email, role: 'manager' } }]);
    await signIn(email); // the own password still works
  });

  it('activates a pending invitation of the address, and refuses one held by an existing account', async () => {
    const org = await createOrg(t);
    const { db } = t.database;
    const email = address('invited');
    const [invited] = await db
      .insert(memberships)
      .values({ orgId: org.id, email, role: 'learner', status: 'invited', invitedAt: new Date() })
      .returning();
    const [invitation] = await db
      .insert(invitations)
      .values({
        orgId: org.id,
        membershipId: invited!.id,
        email,
        role: 'learner',
        tokenHash: hashToken(randomBytes(32).toString('base64url')),
      })
      .returning();

    const created = await setUp(t.operator, org.id, { firstName: 'Ivy', email, role: 'user_admin' });
    expect(created.status).toBe(201);
    expect(created.body.member).toMatchObject({ id: invited!.id, email, firstName: 'Ivy', role: 'user_admin', status: 'active' });
    const [after] = await db.select().from(invitations).where(eq(invitations.id, invitation!.id));
    expect(after?.status).toBe('superseded');
    const [membership] = await db.select().from(memberships).where(eq(memberships.id, invited!.id));
    expect(membership).toMatchObject({ status: 'active', accountId: created.body.member.accountId });
    expect(await auditOf(org.id, 'member.set_up')).toHaveLength(1);

    // The invited address already has an account elsewhere: only the person can accept.
    const elsewhere = await createOrg(t);
    const known = address('known');
    expect((await setUp(t.operator, elsewhere.id, { email: known, password: PASSWORD })).status).toBe(201);
    await db.insert(memberships).values({ orgId: org.id, email: known, role: 'learner', status: 'invited', invitedAt: new Date() });
    const before = await tally(org.id);
    const refused = await setUp(t.operator, org.id, { email: known });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('conflict');
    expect(await tally(org.id)).toEqual(before);
  });
});
