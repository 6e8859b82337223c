import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { member, nextAddress, PASSWORD, teamOf } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { describeDomains, domainAllowed, readDomains } from './domains.js';

describe('domains of a link', () => {
  const read = (domains: string[], publicAllowed: string[] = []) => readDomains(domains, { field: '/domains', publicAllowed });

  it('folds case and IDN to ASCII, keeps *. for subdomains, drops duplicates', () => {
    expect(read(['ACME.com', 'acme.com', 'Bücher.de', '*.Acme.FR', '@example.org'])).toEqual([
      'acme.com',
      'xn--bcher-kva.de',
      '*.acme.fr',
      'example.org',
    ]);
  });

  it('matches a subdomain only through a *. entry', () => {
    expect(domainAllowed('ann@acme.com', ['acme.com'])).toBe(true);
    expect(domainAllowed('ann@eu.acme.com', ['acme.com'])).toBe(false);
    expect(domainAllowed('ann@eu.acme.com', ['*.acme.com'])).toBe(true);
    expect(domainAllowed('ann@acme.com', ['*.acme.com'])).toBe(false);
    expect(domainAllowed('ann@notacme.com', ['*.acme.com'])).toBe(false);
    expect(domainAllowed('ann@evilacme.com', ['acme.com'])).toBe(false);
  });

  it('refuses what is not a domain, and public providers unless allowed', () => {
    expect(() => read(['localhost'])).toThrow(/"localhost" is not a domain/);
    expect(() => read(['acme..com'])).toThrow(/not a domain/);
    expect(() => read(['10.0.0.1'])).toThrow(/not a domain/);
    expect(() => read(['Gmail.com'])).toThrow(/gmail.com is a public email provider/);
    expect(() => read(['*.outlook.com'])).toThrow(/public email provider/);
    expect(read(['gmail.com'], ['gmail.com'])).toEqual(['gmail.com']);
  });

  it('names the domains as a visitor reads them', () => {
    expect(describeDomains(['acme.com', 'xn--bcher-kva.de', '*.acme.fr'])).toBe('acme.com, bücher.de or any subdomain of acme.fr');
  });
});

describe('shareable links', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.database.db, query))[0]?.n ?? 0;
  const keyOf = (url: string) => url.split('/join/')[1] ?? '';

  /** Asks to join by the link as a visitor, then follows the emailed link as a new person. */
  async function joinBy(key: string, email: string) {
    const visitor = new Client(t.roster, null, nextAddress());
    const asked = await visitor.post(`/api/v1/join/${key}`, { email });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const [mail] = await emailsTo(t, email.toLowerCase());
    const token = tokenOf(linkPath(mail?.text));
    return { visitor, token, mail };
  }
  const accept = (client: Client, token: string) =>
    client.post(`/api/v1/invitations/${token}/accept`, { firstName: 'Joe', lastName: 'Inner', password: PASSWORD, acceptTerms: true });

  it('takes a visitor from the link to an active learner in its team, counted on the link and audited', async () => {
    const org = await createOrg(t, { name: 'Acme', seats: 5 });
    const team = await teamOf(t, org.id, { name: 'Newcomers' });
    const created = await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, {
      domains: ['Acme.com', '*.acme.fr'],
      teamId: team,
      label: 'Intranet',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'Intranet', domains: ['acme.com', '*.acme.fr'], team: { id: team, name: 'Newcomers' } });
    expect(created.body).toMatchObject({ enabled: true, state: 'open', uses: 0, lastUsedAt: null, createdBy: 'operator' });
    expect(created.body.url).toMatch(/^http:\/\/roster\.test\/join\/[A-Za-z0-9_-]{43}$/);
    const key = keyOf(created.body.url);

    const peek = await t.anonymous().get(`/api/v1/join/${key}`);
    expect(peek.status).toBe(200);
    expect(peek.body).toEqual({
      kind: 'link',
      orgName: 'Acme',
      domains: ['acme.com', '*.acme.fr'],
      domainsText: 'acme.com or any subdomain of acme.fr',
      full: null,
    });

    const outside = await t.anonymous().post(`/api/v1/join/${key}`, { email: 'joe@gmail.com' });
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('domain_not_allowed');
    expect(outside.body.detail).toBe(
      'Use an address at acme.com or any subdomain of acme.fr: the sign-up link of Acme accepts only those.',
    );
    const parent = await t.anonymous().post(`/api/v1/join/${key}`, { email: 'joe@acme.fr' });
    expect(parent.body.code).toBe('domain_not_allowed');
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id}`)).toBe(0);

    const { token, mail } = await joinBy(key, 'Joe@EU.Acme.fr');
    expect(mail?.subject).toBe('Confirm your address to join Acme');
    expect(mail?.kind).toBe('join-confirmation');
    const visitor = new Client(t.roster, null, nextAddress());
    const invitation = await visitor.get(`/api/v1/invitations/${token}`);
    expect(invitation.body).toMatchObject({ orgName: 'Acme', email: 'joe@eu.acme.fr', role: 'learner', accountExists: false });
    const accepted = await accept(visitor, token);
    expect(accepted.status).toBe(200);
    expect((await visitor.get(`/api/v1/orgs/${org.id}`)).body.myRole).toBe('learner');

    const list = await t.operator.get(`/api/v1/orgs/${org.id}/invite-links`);
    expect(list.body.items[0]).toMatchObject({ id: created.body.id, uses: 1 });
    expect(list.body.items[0].lastUsedAt).not.toBeNull();
    const members = await t.operator.get(`/api/v1/orgs/${org.id}/members?team=${team}`);
    expect(members.body.items).toHaveLength(1);
    expect(members.body.items[0]).toMatchObject({
      email: 'joe@eu.acme.fr',
      status: 'active',
      invitedBy: null,
      source: { kind: 'link', id: created.body.id, label: 'Intranet' },
    });
    const bySource = await t.operator.get(`/api/v1/orgs/${org.id}/members?source=link&sourceId=${created.body.id}`);
    expect(bySource.body.items.map((m: { email: string }) => m.email)).toEqual(['joe@eu.acme.fr']);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members?source=invitation`)).body.items).toHaveLength(0);
    const actions = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where org_id = ${org.id} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['link.created', 'join.requested', 'invitation.accepted', 'link.joined']),
    );
  });

  it('answers the same 202 for a member, a pending person and a stranger, and tells nothing else', async () => {
    const org = await createOrg(t, { name: 'Quiet' });
    await member(t, org.id, 'known@quiet.test');
    const key = keyOf((await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['quiet.test'] })).body.url);
    const answers = [];
    for (const email of ['known@quiet.test', 'new@quiet.test', 'new@quiet.test']) {
      const response = await new Client(t.roster, null, nextAddress()).post(`/api/v1/join/${key}`, { email });
      answers.push({ status: response.status, body: response.body });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.status).toBe(202);
    // The member is told to sign in; the newcomer's second request replaced the first link.
    expect((await emailsTo(t, 'known@quiet.test', 'join-already-member')).length).toBe(1);
    const sent = await emailsTo(t, 'new@quiet.test', 'join-confirmation');
    expect(sent).toHaveLength(2);
    const [newest, older] = sent;
    const oldPeek = await t.anonymous().get(`/api/v1/invitations/${tokenOf(linkPath(older?.text))}`);
    expect(oldPeek.body.code).toBe('invitation_superseded');
    expect((await t.anonymous().get(`/api/v1/invitations/${tokenOf(linkPath(newest?.text))}`)).status).toBe(200);
  });

  it('stops at once when disabled, rotated or used up, including emails already sent', async () => {
    const org = await createOrg(t, { name: 'Closing', seats: 10 });
    const link = (await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['closing.test'], maxUses: 1 })).body;
    const key = keyOf(link.url);
    const first = await joinBy(key, 'a@closing.test');
    const second = await joinBy(key, 'b@closing.test');

    const off = await t.operator.patch(`/api/v1/orgs/${org.id}/invite-links/${link.id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, state: 'disabled' });
    const closed = await t.anonymous().get(`/api/v1/join/${key}`);
    expect(closed.status).toBe(410);
    expect(closed.body.code).toBe('way_in_closed');
    expect(closed.body.detail).toBe('This link to Closing was turned off. Ask an administrator of Closing for a new way in.');
    const refused = await accept(new Client(t.roster, null, nextAddress()), first.token);
    expect(refused.status).toBe(410);
    expect(refused.body.code).toBe('way_in_closed');
    expect((await t.anonymous().post(`/api/v1/join/${key}`, { email: 'c@closing.test' })).status).toBe(410);

    await t.operator.patch(`/api/v1/orgs/${org.id}/invite-links/${link.id}`, { enabled: true });
    expect((await accept(new Client(t.roster, null, nextAddress()), first.token)).status).toBe(200);
    // One use allowed: the second email now opens the "used up" page, and so does the link.
    const exhausted = await accept(new Client(t.roster, null, nextAddress()), second.token);
    expect(exhausted.status).toBe(410);
    expect(exhausted.body.detail).toMatch(/^This link to Closing has been used as many times as it allows\./);
    expect((await t.anonymous().get(`/api/v1/join/${key}`)).body.code).toBe('way_in_closed');
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id} and status = 'active'`)).toBe(1);

    await t.operator.patch(`/api/v1/orgs/${org.id}/invite-links/${link.id}`, { maxUses: null });
    const third = await joinBy(key, 'd@closing.test');
    const rotated = await t.operator.post(`/api/v1/orgs/${org.id}/invite-links/${link.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(link.url);
    expect((await t.anonymous().get(`/api/v1/join/${key}`)).status).toBe(404);
    expect((await t.anonymous().get(`/api/v1/join/${keyOf(rotated.body.url)}`)).status).toBe(200);
    const stale = await t.anonymous().get(`/api/v1/invitations/${third.token}`);
    expect(stale.status).toBe(410);
    expect(stale.body.detail).toMatch(/^The link to Closing you used was replaced by a new one\./);
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where org_id = ${org.id} and action like 'link.%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'link.created',
      'link.disabled',
      'link.enabled',
      'link.joined',
      'link.updated',
      'link.rotated',
    ]);
  });

  it('refuses bad links: public providers, past expiry, a missing team where one is required, learners', async () => {
    const org = await createOrg(t, { name: 'Strict' });
    const post = (body: unknown, by: Client = t.operator) => by.post(`/api/v1/orgs/${org.id}/invite-links`, body);
    const gmail = await post({ domains: ['gmail.com'] });
    expect(gmail.status).toBe(400);
    expect(gmail.body.errors).toEqual([{ field: '/domains/0', message: 'is a public email provider' }]);
    expect((await post({ domains: [] })).status).toBe(400);
    expect((await post({ domains: ['strict.test'], expiresAt: '2020-01-01T00:00:00Z' })).body.detail).toBe(
      'Choose an expiry date in the future, or none.',
    );
    expect((await post({ domains: ['strict.test'], maxUses: 0 })).status).toBe(400);
    const learner = await member(t, org.id, 'l@strict.test');
    const admin = await member(t, org.id, 'a@strict.test', 'admin');
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { requireTeam: true });
    const noTeam = await post({ domains: ['strict.test'] });
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.detail).toMatch(/requires a team/);
    expect((await post({ domains: ['strict.test'] }, learner.client)).status).toBe(403);
    expect((await learner.client.get(`/api/v1/orgs/${org.id}/invite-links`)).status).toBe(403);
    // The operator may allow a public provider for this organization.
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { publicDomainsAllowed: ['gmail.com'], requireTeam: false });
    expect((await post({ domains: ['gmail.com'] })).status).toBe(201);
    expect((await admin.client.patch(`/api/v1/orgs/${org.id}`, { publicDomainsAllowed: ['yahoo.com'] })).status).toBe(403);
    expect(await count(sql`select count(*)::int as n from invite_links where org_id = ${org.id}`)).toBe(1);
  });

  it('lets managers make links into their own branch only', async () => {
    const org = await createOrg(t, { name: 'Branches' });
    const manager = await member(t, org.id, 'm@branches.test', 'manager');
    const mine = await teamOf(t, org.id, { name: 'Mine', managers: [manager.membershipId] });
    const other = await teamOf(t, org.id, { name: 'Other' });
    const post = (body: unknown) => manager.client.post(`/api/v1/orgs/${org.id}/invite-links`, body);
    expect((await post({ domains: ['branches.test'] })).status).toBe(400);
    expect((await post({ domains: ['branches.test'], teamId: other })).status).toBe(403);
    const ok = await post({ domains: ['branches.test'], teamId: mine });
    expect(ok.status).toBe(201);
    expect(ok.body.createdBy).toBe('m@branches.test');
    const adminLink = await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['branches.test'], teamId: other });
    const listed = await manager.client.get(`/api/v1/orgs/${org.id}/invite-links`);
    expect(listed.body.items.map((l: { id: string }) => l.id)).toEqual([ok.body.id]);
    expect((await manager.client.patch(`/api/v1/orgs/${org.id}/invite-links/${adminLink.body.id}`, { enabled: false })).status).toBe(404);
    expect((await manager.client.post(`/api/v1/orgs/${org.id}/invite-links/${adminLink.body.id}/rotate`)).status).toBe(404);
  });

  it('limits join emails per recipient to five an hour, with Retry-After', async () => {
    const org = await createOrg(t, { name: 'Busy' });
    const key = keyOf((await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['busy.test'] })).body.url);
    for (let i = 0; i < 5; i += 1) {
      expect((await new Client(t.roster, null, nextAddress()).post(`/api/v1/join/${key}`, { email: 'target@busy.test' })).status).toBe(202);
    }
    const sixth = await new Client(t.roster, null, nextAddress()).post(`/api/v1/join/${key}`, { email: 'target@busy.test' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('rate_limited');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(3000);
    expect((await emailsTo(t, 'target@busy.test')).length).toBe(5);
    // One client address on one link is limited too.
    const client = new Client(t.roster, null, nextAddress());
    const statuses = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await client.post(`/api/v1/join/${key}`, { email: `p${i}@busy.test` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('turns a visitor away from a full organization, leaving nothing behind', async () => {
    const org = await createOrg(t, { name: 'Tiny', seats: 5 });
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { maxMembers: 1 });
    const key = keyOf((await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['tiny.test'] })).body.url);
    await member(t, org.id, 'first@tiny.test');
    const peek = await t.anonymous().get(`/api/v1/join/${key}`);
    expect(peek.body.full).toBe('Tiny cannot take new members at the moment. Ask an administrator of Tiny to make room, then try again.');
    const refused = await t.anonymous().post(`/api/v1/join/${key}`, { email: 'second@tiny.test' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('member_limit');
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${org.id}`)).toBe(1);
    expect((await emailsTo(t, 'second@tiny.test')).length).toBe(0);
    // The cap holds for every way in: typed invitations and set-up too.
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'third@tiny.test' });
    expect(invited.body.results[0]).toMatchObject({ outcome: 'not_allowed' });
    expect(invited.body.results[0].reason).toMatch(/^Tiny has reached its limit of 1 members/);
    const setUp = await t.operator.post(`/api/v1/orgs/${org.id}/users`, {
      firstName: 'Set',
      lastName: 'Up',
      email: 'setup@tiny.test',
      password: PASSWORD,
    });
    expect(setUp.status).toBe(409);
    expect(setUp.body.code).toBe('member_limit');
  });
});
