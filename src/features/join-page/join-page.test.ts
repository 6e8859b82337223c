import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { member, nextAddress, PASSWORD, teamOf } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster, uniqueSlug } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';

describe('join page', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const page = (orgId: string, body: unknown, by: Client = t.operator) => by.patch(`/api/v1/orgs/${orgId}/join-page`, body);

  it('is off by default, and once on takes a verified visitor to an active learner of its team', async () => {
    const org = await createOrg(t, { name: 'Open House', seats: 5 });
    const team = await teamOf(t, org.id, { name: 'Visitors' });
    const initial = await t.operator.get(`/api/v1/orgs/${org.id}/join-page`);
    expect(initial.body).toEqual({ enabled: false, slug: null, url: null, team: null, domains: [], mode: 'join', updatedAt: null });
    const slug = uniqueSlug('open');
    expect((await t.anonymous().get(`/api/v1/join/${slug}`)).status).toBe(404);

    const on = await page(org.id, { enabled: true, slug: slug.toUpperCase(), teamId: team });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, slug, url: `http://roster.test/join/${slug}`, team: { id: team, name: 'Visitors' } });
    const peek = await t.anonymous().get(`/api/v1/join/${slug}`);
    expect(peek.body).toEqual({ kind: 'join_page', orgName: 'Open House', domains: [], domainsText: '', full: null });

    // No allow-list: any verified address.
    const visitor = new Client(t.roster, null, nextAddress());
    expect((await visitor.post(`/api/v1/join/${slug}`, { email: 'someone@anywhere.test' })).status).toBe(202);
    const [mail] = await emailsTo(t, 'someone@anywhere.test');
    expect(mail?.text).toContain('the join page of Open House');
    const token = tokenOf(linkPath(mail?.text));
    const accepted = await visitor.post(`/api/v1/invitations/${token}/accept`, {
      firstName: 'Some',
      lastName: 'One',
      password: PASSWORD,
      acceptTerms: true,
    });
    expect(accepted.status).toBe(200);
    const members = await t.operator.get(`/api/v1/orgs/${org.id}/members?source=join_page`);
    expect(members.body.items).toHaveLength(1);
    expect(members.body.items[0]).toMatchObject({
      email: 'someone@anywhere.test',
      status: 'active',
      source: { kind: 'join_page', id: null },
    });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members?team=${team}`)).body.items).toHaveLength(1);
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where org_id = ${org.id} and action like 'join%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['join_page.updated', 'join.requested', 'join_page.joined']);
  });

  it('refuses addresses outside its allow-list, naming the domains', async () => {
    const org = await createOrg(t, { name: 'Listed' });
    const slug = uniqueSlug('listed');
    await page(org.id, { enabled: true, slug, domains: ['listed.test', 'Bücher.de'] });
    const refused = await t.anonymous().post(`/api/v1/join/${slug}`, { email: 'x@other.test' });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('Use an address at listed.test or bücher.de: the join page of Listed accepts only those.');
    expect((await t.anonymous().post(`/api/v1/join/${slug}`, { email: 'x@bücher.de' })).status).toBe(202);
    expect((await t.anonymous().post(`/api/v1/join/${slug}`, { email: 'not an address' })).status).toBe(400);
  });

  it('stops joins at once when turned off or moved, including emails already sent', async () => {
    const org = await createOrg(t, { name: 'Shut', seats: 5 });
    const slug = uniqueSlug('shut');
    await page(org.id, { enabled: true, slug });
    await t.anonymous().post(`/api/v1/join/${slug}`, { email: 'late@shut.test' });
    const token = tokenOf(linkPath((await emailsTo(t, 'late@shut.test'))[0]?.text));
    const off = await page(org.id, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, slug });
    const closed = await t.anonymous().get(`/api/v1/join/${slug}`);
    expect(closed.status).toBe(410);
    expect(closed.body.detail).toBe('The join page of Shut was turned off. Ask an administrator of Shut for a new way in.');
    const peek = await t.anonymous().get(`/api/v1/invitations/${token}`);
    expect(peek.status).toBe(410);
    expect(peek.body.code).toBe('way_in_closed');

    const moved = uniqueSlug('moved');
    await page(org.id, { enabled: true, slug: moved });
    expect((await t.anonymous().get(`/api/v1/join/${slug}`)).status).toBe(404);
    expect((await t.anonymous().get(`/api/v1/invitations/${token}`)).body.detail).toMatch(
      /^The join page of Shut moved to a new address\./,
    );
    expect(await queryRows(t.database.db, sql`select 1 from memberships where org_id = ${org.id} and status = 'active'`)).toHaveLength(0);
  });

  it('refuses bad settings: reserved, malformed and taken slugs, no slug, public providers; admins only', async () => {
    const org = await createOrg(t, { name: 'Rules' });
    const other = await createOrg(t, { name: 'Other' });
    const taken = uniqueSlug('taken');
    await page(other.id, { slug: taken });
    const cases: [unknown, number, string][] = [
      [{ enabled: true }, 400, 'Choose the address of the join page before turning it on.'],
      [{ slug: 'login' }, 400, `"login" is reserved for Roster's own pages: choose another address.`],
      [{ slug: 'a' }, 400, 'A join page address is 3 to 40 letters, digits and single dashes, starting and ending with a letter or digit.'],
      [
        { slug: 'bad slug!' },
        400,
        'A join page address is 3 to 40 letters, digits and single dashes, starting and ending with a letter or digit.',
      ],
      [{ slug: taken.toUpperCase() }, 409, `The address "${taken}" is already taken: choose another one.`],
      [
        { slug: uniqueSlug('ok'), domains: ['hotmail.com'] },
        400,
        "hotmail.com is a public email provider: anyone can have an address there. Name your organization's own domain instead.",
      ],
    ];
    for (const [body, status, detail] of cases) {
      const response = await page(org.id, body);
      expect.soft(response.status, JSON.stringify(body)).toBe(status);
      expect.soft(response.body.detail).toBe(detail);
    }
    const manager = await member(t, org.id, 'm@rules.test', 'manager');
    expect((await page(org.id, { slug: uniqueSlug('m') }, manager.client)).status).toBe(403);
    expect((await manager.client.get(`/api/v1/orgs/${org.id}/join-page`)).status).toBe(403);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/join-page`)).body.slug).toBeNull();
  });
});
