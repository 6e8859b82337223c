import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastEmailTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { member, PASSWORD, teamOf } from '../../../test/support/people.js';
import { planOf, scansRun } from '../../../test/support/plans.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { Keyset } from './keyset.js';
import { listMemberRecords, type MemberFilter, memberPageQuery, SORT_PLANS, type TabWay } from './repository.js';
import type { MemberSort, MemberStatus } from './schemas.js';

describe('members', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query);
  const members = (orgId: string, query = '', by: Client = t.operator) =>
    by.get(`/api/v1/orgs/${orgId}/members${query ? `?${query}` : ''}`);
  const emailsOf = (items: { email: string }[]) => items.map((item) => item.email);

  /** Invites one address; returns the ids the API answered with. */
  async function invite(orgId: string, email: string, role = 'learner', by: Client = t.operator) {
    const response = await by.post(`/api/v1/orgs/${orgId}/invitations`, { emails: email, role });
    const result = response.body.results?.[0];
    if (response.status !== 200 || result?.outcome !== 'invited') throw new Error(`invite failed: ${JSON.stringify(response.body)}`);
    return { memberId: result.memberId as string, invitationId: result.invitationId as string };
  }

  /** Every page of a listing read through its cursor, each page as its people's addresses. */
  async function everyPage(
    orgId: string,
    filter: Omit<MemberFilter, 'after' | 'limit'>,
    limit: number,
    ways: { walk?: number; way?: TabWay },
  ): Promise<string[][]> {
    const found: string[][] = [];
    let after: Keyset | null = null;
    for (;;) {
      const rows = await listMemberRecords(t.database.db, orgId, { ...filter, limit: limit + 1, after }, ways.walk, ways.way);
      const page = rows.slice(0, limit);
      found.push(page.map((row) => row.email ?? ''));
      const last = page.at(-1);
      if (rows.length <= limit || !last) return found;
      after = { sort: filter.sort, value: SORT_PLANS[filter.sort].cursorValue(last), id: last.id };
    }
  }

  async function auditOf(orgId: string, action: string) {
    return (await t.operator.get(`/api/v1/orgs/${orgId}/audit-log?action=${action}`)).body.items as {
      action: string;
      actor: string;
      targetId: string;
      data: Record<string, unknown>;
    }[];
  }

  it('lists members and invitations in one list, with a tab per status and counts for the whole organization', async () => {
    const org = await createOrg(t);
    const { client: admin, membershipId: adminId } = await member(t, org.id, 'boss@tabs.test', 'admin', {
      firstName: 'Bea',
      lastName: 'Boss',
    });
    const { membershipId: goneId } = await member(t, org.id, 'gone@tabs.test', 'learner');
    await invite(org.id, 'pending@tabs.test', 'learner', admin);
    const expired = await invite(org.id, 'expired@tabs.test');
    const cancelled = await invite(org.id, 'cancelled@tabs.test');
    await t.database.db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where id = ${expired.invitationId}`);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${cancelled.invitationId}/cancel`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/orgs/${org.id}/members/${goneId}`)).status).toBe(204);
    await t.drain();

    const all = await members(org.id, '', admin);
    expect(all.status).toBe(200);
    expect(all.body.counts).toEqual({ pending: 1, requested: 0, active: 1, cancelled: 1, expired: 1, removed: 1 });
    expect(all.body.items).toHaveLength(5);
    expect(all.body.nextCursor).toBeNull();

    const tab = async (status: string) => emailsOf((await members(org.id, `status=${status}`, admin)).body.items);
    expect(await tab('active')).toEqual(['boss@tabs.test']);
    expect(await tab('pending')).toEqual(['pending@tabs.test']);
    expect(await tab('expired')).toEqual(['expired@tabs.test']);
    expect(await tab('cancelled')).toEqual(['cancelled@tabs.test']);
    expect(await tab('removed')).toEqual(['gone@tabs.test']);
    // The counts ignore the filters.
    expect((await members(org.id, 'status=removed&q=nobody', admin)).body.counts).toEqual(all.body.counts);

    const byEmail = Object.fromEntries(all.body.items.map((item: { email: string }) => [item.email, item]));
    expect(byEmail['pending@tabs.test']).toMatchObject({
      status: 'pending',
      role: 'learner',
      invitedBy: 'boss@tabs.test',
      firstName: null,
      accountId: null,
      activatedAt: null,
      invitation: { status: 'pending' },
      lastEmail: { kind: 'invitation', status: 'sent', lastError: null },
      note: null,
    });
    expect(byEmail['pending@tabs.test'].invitedAt).toEqual(expect.any(String));
    expect(byEmail['expired@tabs.test']).toMatchObject({
      status: 'expired',
      invitedBy: 'operator',
      invitation: { id: expired.invitationId, status: 'expired' },
    });
    expect(byEmail['cancelled@tabs.test']).toMatchObject({ status: 'cancelled', invitation: { status: 'cancelled' } });
    expect(byEmail['boss@tabs.test']).toMatchObject({
      id: adminId,
      status: 'active',
      role: 'admin',
      firstName: 'Bea',
      lastName: 'Boss',
      username: null,
    });
    expect(byEmail['boss@tabs.test'].accountId).toEqual(expect.any(String));
    expect(byEmail['boss@tabs.test'].activatedAt).toEqual(expect.any(String));
    expect(byEmail['gone@tabs.test']).toMatchObject({ status: 'removed', firstName: 'Test' });
    expect(byEmail['gone@tabs.test'].removedAt).toEqual(expect.any(String));

    const one = await admin.get(`/api/v1/orgs/${org.id}/members/${expired.memberId}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(byEmail['expired@tabs.test']);
  });

  it('finds the same cancelled and expired people, page after page, walked or gathered from their invitations (decision 0030)', async () => {
    const org = await createOrg(t, { seats: 50 });
    const sales = (await t.operator.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Sales', parentId: null, visibility: 'public' })).body
      .id as string;
    const people: { email: string; memberId: string; invitationId: string }[] = [];
    for (let i = 0; i < 12; i += 1) {
      const response = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
        emails: `${String.fromCharCode(109 - i)}${i}@tabway.test`,
        ...(i % 2 ? { teamIds: [sales] } : {}),
      });
      people.push(response.body.results[0] as { email: string; memberId: string; invitationId: string });
    }
    const cancel = (index: number) => t.operator.post(`/api/v1/orgs/${org.id}/invitations/${people[index]?.invitationId}/cancel`);
    for (const index of [0, 3, 4, 7]) expect((await cancel(index)).status).toBe(204);
    // Cancelled, then invited again: the old cancelled invitation is history, not their tab.
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: people[7]?.email });
    // Past their expiry: three swept to "expired", one not yet.
    const lapse = (indexes: number[]) =>
      t.database.db.execute(sql`update invitations set expires_at = now() - interval '1 hour'
        where org_id = ${org.id} and status = 'pending' and email = any(${pgArray(indexes.map((i) => people[i]?.email ?? ''))}::text[])`);
    await lapse([1, 2, 5]);
    const { expireInvitations } = await import('../invitations/expire-invitations.js');
    await expireInvitations(t.database.db);
    await lapse([8]);

    const pages = (status: MemberStatus, sort: MemberSort, limit: number, way: TabWay, team?: string) =>
      everyPage(org.id, { status, sort, ...(team ? { team } : {}) }, limit, { way });
    const emailsAt = (indexes: number[]) => indexes.map((i) => people[i]?.email).sort();
    for (const [status, expected] of [
      ['cancelled', emailsAt([0, 3, 4])],
      ['expired', emailsAt([1, 2, 5, 8])],
    ] as const) {
      for (const sort of ['-created', 'email', 'created'] as const)
        for (const limit of [1, 2, 50])
          for (const team of [undefined, sales]) {
            const walked = await pages(status, sort, limit, 'walk', team);
            expect(await pages(status, sort, limit, 'gather', team)).toEqual(walked);
            expect(await pages(status, sort, limit, 'choose', team)).toEqual(walked);
          }
      expect((await pages(status, 'email', 50, 'gather')).flat()).toEqual(expected);
      const placed = await rows<{ email: string }>(
        sql`select m.email from team_members tm join memberships m on m.id = tm.membership_id where tm.team_id = ${sales}`,
      );
      const inSales = expected.filter((email) => placed.some((row) => row.email === email));
      expect((await pages(status, 'email', 50, 'gather', sales)).flat()).toEqual(inSales);
      // Placed by their invitation, the expired stay in their team until they are removed.
      if (status === 'expired') expect(inSales).toEqual(emailsAt([1, 5]));
    }
  });

  it('reads no one for a tab the kept counts say is empty, and still finds who a tab holds', async () => {
    const org = await createOrg(t, { seats: 50 });
    for (let i = 0; i < 6; i += 1) await invite(org.id, `waiting${i}@emptytab.test`);
    const page = (status: MemberStatus) => memberPageQuery(org.id, { status, sort: '-created', limit: 51, after: null });
    // Nobody requested, cancelled or removed: neither the people nor their invitations are read.
    // (The expired tab is read: the pending may have passed their expiry.)
    for (const status of ['requested', 'cancelled', 'removed'] as const) {
      const read = (await scansRun(t.database.db, page(status))).filter((scan) => scan.relation !== 'member_counts');
      expect(read.length).toBeGreaterThan(0);
      expect({ status, run: read.filter((scan) => scan.loops > 0) }).toEqual({ status, run: [] });
    }
    // Those who asked to join are found along their own index, not among every invited person.
    expect((await planOf(t.database.db, page('requested'))).indexes).toContain('memberships_org_invited_accounts_idx');
    // The pending tab is read, and an invitation past its expiry but not swept yet, kept as
    // pending, shows in the expired tab although no one is kept as expired.
    expect((await scansRun(t.database.db, page('pending'))).some((scan) => scan.relation === 'memberships' && scan.loops > 0)).toBe(true);
    await t.database.db.execute(
      sql`update invitations set expires_at = now() - interval '1 hour' where org_id = ${org.id} and email = 'waiting0@emptytab.test'`,
    );
    expect(emailsOf((await members(org.id, 'status=expired')).body.items)).toEqual(['waiting0@emptytab.test']);
    expect((await members(org.id, 'status=pending')).body.items).toHaveLength(5);
  });

  it('finds the same people, page after page, by walking the list as through the search indexes', async () => {
    // A search walks the list for a bounded number of rows, then turns to the trigram indexes
    // (decision 0017): a walk of 1 row goes to the indexes at once, 4 rows walks and usually
    // falls back, 1,000 walks this whole organization. All three must agree on every page.
    const org = await createOrg(t, { seats: 50 });
    for (let i = 0; i < 7; i += 1) {
      const names = { firstName: i % 2 ? 'Ingrid' : 'Sven', lastName: i % 3 ? 'Lindberg' : 'Okafor' };
      await member(t, org.id, `w${i}@walk.test`, 'learner', names);
    }
    for (let i = 0; i < 5; i += 1) await invite(org.id, i % 2 ? `berg${i}@walk.test` : `plain${i}@walk.test`);
    await t.operator.delete(`/api/v1/orgs/${org.id}/members/${(await invite(org.id, 'lindberg.gone@walk.test')).memberId}`);
    const pages = (q: string, sort: MemberSort, limit: number, walk: number, status?: MemberStatus) =>
      everyPage(org.id, { q, sort, ...(status ? { status } : {}) }, limit, { walk });
    for (const q of ['berg', 'lind', 'ingrid', 'walk.test', 'okafor', 'nobody'])
      for (const sort of ['-created', 'email'] as const)
        for (const limit of [2, 50]) {
          const byIndexes = await pages(q, sort, limit, 1);
          expect(await pages(q, sort, limit, 4)).toEqual(byIndexes);
          expect(await pages(q, sort, limit, 1000)).toEqual(byIndexes);
        }
    expect((await pages('berg', 'email', 50, 1000)).flat()).toEqual([
      'berg1@walk.test',
      'berg3@walk.test',
      'lindberg.gone@walk.test',
      'w1@walk.test',
      'w2@walk.test',
      'w4@walk.test',
      'w5@walk.test',
    ]);
    expect((await pages('berg', 'email', 2, 4, 'active')).flat()).toEqual(['w1@walk.test', 'w2@walk.test', 'w4@walk.test', 'w5@walk.test']);
  });

  it('searches the typed address and the names of people who accepted, escaping wildcards, and filters by role', async () => {
    const org = await createOrg(t);
    await member(t, org.id, 'ada@search.test', 'manager', { firstName: 'Ada', lastName: 'Lovelace' });
    await member(t, org.id, 'grace@search.test', 'learner', { firstName: 'Grace', lastName: 'Hopper' });
    await invite(org.id, 'alan_turing@search.test');
    await invite(org.id, 'alanxturing@search.test');
    const find = async (q: string, extra = '') => emailsOf((await members(org.id, `q=${encodeURIComponent(q)}${extra}`)).body.items).sort();

    expect(await find('GRACE@')).toEqual(['grace@search.test']);
    expect(await find('hopper')).toEqual(['grace@search.test']);
    expect(await find('ada love')).toEqual(['ada@search.test']);
    expect(await find('LOVELACE')).toEqual(['ada@search.test']);
    expect(await find('alan_')).toEqual(['alan_turing@search.test']);
    expect(await find('%')).toEqual([]);
    expect(await find('  search.test ')).toHaveLength(4);
    expect(await find('search', '&role=manager')).toEqual(['ada@search.test']);
    expect(await find('search', '&role=learner&status=pending')).toEqual(['alan_turing@search.test', 'alanxturing@search.test']);
    expect((await members(org.id, 'role=owner')).status).toBe(400);
    expect((await members(org.id, 'status=gone')).status).toBe(400);
  });

  it('never shows an existing account’s profile to an organization it has not joined (R-6)', async () => {
    const first = await createOrg(t, { name: 'First' });
    const second = await createOrg(t, { name: 'Second' });
    const { client: person } = await member(t, first.id, 'private@privacy.test', 'learner', { firstName: 'Priya', lastName: 'Vate' });
    const { memberId } = await invite(second.id, 'private@privacy.test');

    const shown = await t.operator.get(`/api/v1/orgs/${second.id}/members/${memberId}`);
    expect(shown.body).toMatchObject({
      status: 'pending',
      email: 'private@privacy.test',
      firstName: null,
      lastName: null,
      username: null,
      accountId: null,
    });
    const listed = (await members(second.id)).body.items[0];
    expect(listed).toMatchObject({ firstName: null, lastName: null, accountId: null });
    expect(emailsOf((await members(second.id, 'q=priya')).body.items)).toEqual([]);
    expect(emailsOf((await members(second.id, 'q=private')).body.items)).toEqual(['private@privacy.test']);

    // Once accepted, the second organization sees the person.
    const token = tokenOf(linkPath((await lastEmailTo(t, 'private@privacy.test')).text));
    expect((await person.post(`/api/v1/invitations/${token}/accept`, { acceptTerms: true })).status).toBe(200);
    expect((await t.operator.get(`/api/v1/orgs/${second.id}/members/${memberId}`)).body).toMatchObject({
      status: 'active',
      firstName: 'Priya',
    });
    expect(emailsOf((await members(second.id, 'q=priya')).body.items)).toEqual(['private@privacy.test']);

    // A former member invited back is pending again: the profile is hidden until they accept.
    expect((await t.operator.delete(`/api/v1/orgs/${second.id}/members/${memberId}`)).status).toBe(204);
    expect((await members(second.id, 'status=removed')).body.items[0]).toMatchObject({ firstName: 'Priya' });
    expect(
      (await t.operator.post(`/api/v1/orgs/${second.id}/invitations`, { emails: 'private@privacy.test' })).body.results[0].outcome,
    ).toBe('invited');
    expect((await t.operator.get(`/api/v1/orgs/${second.id}/members/${memberId}`)).body).toMatchObject({
      status: 'pending',
      firstName: null,
      lastName: null,
      accountId: null,
    });
  });

  it('pages through 120 people with every sort: each row exactly once, in order', async () => {
    const org = await createOrg(t);
    const all = Array.from({ length: 120 }, (_, i) => `p${String(i).padStart(3, '0')}@paging.test`);
    // Three requests: each batch shares one creation time, so the id breaks the ties.
    for (const batch of [all.slice(0, 40), all.slice(40, 80), all.slice(80)]) {
      const response = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [...batch].reverse() });
      expect(response.body.counts.invited).toBe(batch.length);
    }
    for (const sort of ['-created', 'created', 'email', '-email']) {
      const seen: { id: string; email: string }[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: { id: string; email: string }[]; nextCursor: string | null } } = await members(
          org.id,
          `sort=${sort}&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        sizes.push(page.body.items.length);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(sizes).toEqual([50, 50, 20]);
      expect(new Set(seen.map((row) => row.id)).size).toBe(120);
      const whole = (await members(org.id, `sort=${sort}&limit=200`)).body.items;
      expect(seen.map((row) => row.id)).toEqual(whole.map((row: { id: string }) => row.id));
      if (sort === 'email') expect(emailsOf(seen)).toEqual(all);
      if (sort === '-email') expect(emailsOf(seen)).toEqual([...all].reverse());
    }
    const newest = emailsOf((await members(org.id, 'limit=40')).body.items).sort();
    expect(newest).toEqual(all.slice(80));
    const oldest = emailsOf((await members(org.id, 'sort=created&limit=40')).body.items).sort();
    expect(oldest).toEqual(all.slice(0, 40));
    // A filtered list pages the same way.
    const first = await members(org.id, 'status=pending&q=p1&limit=15&sort=email');
    const second = await members(org.id, `status=pending&q=p1&limit=15&sort=email&cursor=${first.body.nextCursor}`);
    expect([...emailsOf(first.body.items), ...emailsOf(second.body.items)]).toEqual(all.filter((e) => e.startsWith('p1')));
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a malformed cursor, one from another sort, and limits out of range', async () => {
    const org = await createOrg(t);
    await invite(org.id, 'c1@cursor.test');
    await invite(org.id, 'c2@cursor.test');
    const byEmail = (await members(org.id, 'sort=email&limit=1')).body.nextCursor as string;
    expect(byEmail).toEqual(expect.any(String));
    const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'not a cursor',
      '!!!!',
      'bm90IGpzb24',
      encoded({ sort: '-created' }),
      encoded(['-created', 'yesterday', '00000000-0000-4000-8000-000000000000']),
      encoded(['-created', '2026-01-01T00:00:00.000000Z', 'not-a-uuid']),
    ]) {
      const response = await members(org.id, `cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, cursor).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
    const otherSort = await members(org.id, `sort=-created&cursor=${byEmail}`);
    expect(otherSort.status).toBe(400);
    expect(otherSort.body.detail).toContain('another sort');
    expect((await members(org.id, `sort=email&cursor=${byEmail}`)).body.items).toHaveLength(1);
    expect((await members(org.id, 'limit=0')).status).toBe(400);
    expect((await members(org.id, 'limit=201')).status).toBe(400);
    expect((await members(org.id, 'sort=name')).status).toBe(400);
  });

  it('lets admins, user admins and managers see members; learners, strangers and anonymous callers not', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const { client: admin, membershipId: adminId } = await member(t, org.id, 'admin@see.test', 'admin');
    const { client: userAdmin, membershipId: userAdminId } = await member(t, org.id, 'ua@see.test', 'user_admin');
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@see.test', 'manager');
    const { client: learner, membershipId: learnerId } = await member(t, org.id, 'learner@see.test', 'learner');
    const { client: stranger } = await member(t, other.id, 'stranger@see.test', 'admin');
    // Managers and user admins see the people of their teams (R-17).
    await teamOf(t, org.id, { userAdmins: [userAdminId], managers: [managerId], learners: [adminId, learnerId] });
    await t.operator.patch(`/api/v1/orgs/${org.id}/members/${adminId}`, { note: 'Signs the invoices.' });

    for (const client of [admin, userAdmin, manager]) expect((await members(org.id, '', client)).status).toBe(200);
    // The private note shows to admins and user admins only.
    const noteOf = async (client: Client) => (await client.get(`/api/v1/orgs/${org.id}/members/${adminId}`)).body;
    expect((await noteOf(admin)).note).toBe('Signs the invoices.');
    expect((await noteOf(userAdmin)).note).toBe('Signs the invoices.');
    expect(await noteOf(manager)).not.toHaveProperty('note');
    expect((await members(org.id, '', manager)).body.items.every((item: object) => !('note' in item))).toBe(true);

    const denied = await members(org.id, '', learner);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
    expect((await learner.get(`/api/v1/orgs/${org.id}/members/${adminId}`)).status).toBe(403);
    expect((await learner.get(`/api/v1/orgs/${org.id}/members/${adminId}/emails`)).status).toBe(403);
    expect((await members(org.id, '', stranger)).status).toBe(404);
    expect((await stranger.get(`/api/v1/orgs/${org.id}/members/${adminId}`)).status).toBe(404);
    expect((await members(org.id, '', t.anonymous())).status).toBe(401);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members/not-a-uuid`)).status).toBe(400);
  });

  it('changes roles within the rules: rank, nobody their own, the last admin kept', async () => {
    const org = await createOrg(t);
    const { client: admin, membershipId: adminId } = await member(t, org.id, 'admin@roles.test', 'admin');
    const { client: userAdmin, membershipId: userAdminId } = await member(t, org.id, 'ua@roles.test', 'user_admin');
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@roles.test', 'manager');
    const { client: learner, membershipId: learnerId } = await member(t, org.id, 'learner@roles.test', 'learner');
    await teamOf(t, org.id, { userAdmins: [userAdminId], managers: [managerId], learners: [adminId, learnerId] });
    const patch = (by: Client, id: string, body: unknown) => by.patch(`/api/v1/orgs/${org.id}/members/${id}`, body);

    const promote = await patch(manager, learnerId, { role: 'manager' });
    expect(promote.status).toBe(403);
    expect(promote.body.code).toBe('role_too_high');
    const onAdmin = await patch(manager, adminId, { role: 'learner' });
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.body.code).toBe('forbidden');
    expect((await patch(manager, managerId, { role: 'learner' })).status).toBe(403);
    const ownRole = await patch(admin, adminId, { role: 'learner' });
    expect(ownRole.status).toBe(403);
    expect(ownRole.body.detail).toContain('your own role');
    expect((await patch(userAdmin, learnerId, { role: 'admin' })).body.code).toBe('role_too_high');
    expect((await patch(userAdmin, adminId, { role: 'learner' })).status).toBe(403);
    expect((await patch(learner, learnerId, { role: 'admin' })).status).toBe(403);

    const lastAdmin = await patch(t.operator, adminId, { role: 'user_admin' });
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.body.detail).toContain('last administrator');

    const promoted = await patch(userAdmin, learnerId, { role: 'user_admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ id: learnerId, role: 'user_admin', status: 'active' });
    expect((await learner.get(`/api/v1/orgs/${org.id}`)).body.myRole).toBe('user_admin');
    // Sending the current role again is no change at all.
    expect((await patch(userAdmin, learnerId, { role: 'user_admin' })).status).toBe(200);

    expect((await patch(admin, userAdminId, { role: 'admin' })).status).toBe(200);
    const demoted = await patch(userAdmin, adminId, { role: 'learner' });
    expect(demoted.status).toBe(200);
    expect((await admin.get(`/api/v1/orgs/${org.id}`)).body.myRole).toBe('learner');
    expect((await members(org.id, '', admin)).status).toBe(403);

    const log = await auditOf(org.id, 'member.role_changed');
    expect(log.map((e) => [e.targetId, e.data])).toEqual([
      [adminId, { from: 'admin', to: 'learner' }],
      [userAdminId, { from: 'user_admin', to: 'admin' }],
      [learnerId, { from: 'learner', to: 'user_admin' }],
    ]);
    expect(log[0]?.actor).toBe('ua@roles.test');
  });

  it('keeps one admin when two admins demote or remove each other at the same moment', async () => {
    const org = await createOrg(t);
    const { client: a, membershipId: aId } = await member(t, org.id, 'a@race.test', 'admin');
    const { client: b, membershipId: bId } = await member(t, org.id, 'b@race.test', 'admin');
    const demotions = await Promise.all([
      a.patch(`/api/v1/orgs/${org.id}/members/${bId}`, { role: 'learner' }),
      b.patch(`/api/v1/orgs/${org.id}/members/${aId}`, { role: 'learner' }),
    ]);
    expect(demotions.map((r) => r.status).sort()).toEqual([200, expect.any(Number)]);
    expect([403, 409]).toContain(demotions.find((r) => r.status !== 200)?.status);
    const admins = async () =>
      (
        await rows<{ n: number }>(
          sql`select count(*)::int as n from memberships where org_id = ${org.id} and status = 'active' and role = 'admin'`,
        )
      )[0]?.n;
    expect(await admins()).toBe(1);

    const { client: c, membershipId: cId } = await member(t, org.id, 'c@race.test', 'admin');
    const survivor = demotions[0]?.status === 200 ? { client: a, id: aId } : { client: b, id: bId };
    const removals = await Promise.all([
      survivor.client.delete(`/api/v1/orgs/${org.id}/members/${cId}`),
      c.delete(`/api/v1/orgs/${org.id}/members/${survivor.id}`),
    ]);
    expect(removals.filter((r) => r.status === 204)).toHaveLength(1);
    expect(await admins()).toBe(1);
  });

  it('changes the role of a pending person on their invitation too', async () => {
    const org = await createOrg(t);
    const { memberId, invitationId } = await invite(org.id, 'later@pending-role.test');
    const changed = await t.operator.patch(`/api/v1/orgs/${org.id}/members/${memberId}`, { role: 'manager' });
    expect(changed.body).toMatchObject({ status: 'pending', role: 'manager', invitation: { id: invitationId, status: 'pending' } });
    const [invitation] = (await t.operator.get(`/api/v1/orgs/${org.id}/invitations`)).body.items;
    expect(invitation).toMatchObject({ id: invitationId, role: 'manager' });
    const token = tokenOf(linkPath((await lastEmailTo(t, 'later@pending-role.test')).text));
    const accepted = await t
      .anonymous()
      .post(`/api/v1/invitations/${token}/accept`, { firstName: 'La', lastName: 'Ter', password: PASSWORD, acceptTerms: true });
    expect(accepted.status).toBe(200);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members/${memberId}`)).body).toMatchObject({ status: 'active', role: 'manager' });
  });

  it('keeps a private note: admins and user admins write it, the log never holds its text', async () => {
    const org = await createOrg(t);
    const { client: admin } = await member(t, org.id, 'admin@note.test', 'admin');
    const { client: userAdmin, membershipId: userAdminId } = await member(t, org.id, 'ua@note.test', 'user_admin');
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@note.test', 'manager');
    const { membershipId: learnerId } = await member(t, org.id, 'learner@note.test', 'learner');
    await teamOf(t, org.id, { userAdmins: [userAdminId], managers: [managerId], learners: [learnerId] });
    const path = `/api/v1/orgs/${org.id}/members/${learnerId}`;

    const written = await admin.patch(path, { note: '  Prefers the evening sessions.  ' });
    expect(written.status).toBe(200);
    expect(written.body.note).toBe('Prefers the evening sessions.');
    expect((await userAdmin.patch(path, { note: 'Moved to Lyon.' })).body.note).toBe('Moved to Lyon.');
    const byManager = await manager.patch(path, { note: 'x' });
    expect(byManager.status).toBe(403);
    expect((await admin.get(path)).body.note).toBe('Moved to Lyon.');
    expect((await admin.patch(path, { note: null })).body.note).toBeNull();
    expect((await admin.patch(path, { note: 'Same' })).status).toBe(200);
    expect((await admin.patch(path, { note: 'Same' })).status).toBe(200);

    const log = await auditOf(org.id, 'member.note_changed');
    expect(log.map((e) => e.data)).toEqual([{ cleared: false }, { cleared: true }, { cleared: false }, { cleared: false }]);
    expect(JSON.stringify(log)).not.toMatch(/Lyon|evening|Same/);

    for (const body of [{}, { note: 'x'.repeat(2001) }, { role: 'owner' }, { role: 'learner', extra: true }, { note: 5 }]) {
      const refused = await admin.patch(path, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('removes an active member: access ends, the seat returns, billing stops, the log says so', async () => {
    const org = await createOrg(t, { seats: 5 });
    const { client: admin } = await member(t, org.id, 'admin@remove.test', 'admin');
    const { client: leaver, membershipId: leaverId } = await member(t, org.id, 'leaver@remove.test', 'learner');
    expect((await leaver.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(2);

    const removed = await admin.delete(`/api/v1/orgs/${org.id}/members/${leaverId}`);
    expect(removed.status).toBe(204);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(1);
    expect((await leaver.get(`/api/v1/orgs/${org.id}`)).status).toBe(404);
    expect((await leaver.get('/api/v1/auth/session')).status).toBe(200);
    const billing = await rows<{ kind: string; reason: string }>(
      sql`select kind, reason from billing_events where membership_id = ${leaverId} order by id`,
    );
    expect(billing).toEqual([
      { kind: 'start', reason: 'invitation-accepted' },
      { kind: 'stop', reason: 'removed' },
    ]);
    const [entry] = await auditOf(org.id, 'member.removed');
    expect(entry).toMatchObject({
      actor: 'admin@remove.test',
      targetId: leaverId,
      data: { email: 'leaver@remove.test', previousStatus: 'active' },
    });
    expect((await admin.get(`/api/v1/orgs/${org.id}/members/${leaverId}`)).body).toMatchObject({ status: 'removed', firstName: 'Test' });

    const twice = await admin.delete(`/api/v1/orgs/${org.id}/members/${leaverId}`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('conflict');
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(1);
    expect((await admin.patch(`/api/v1/orgs/${org.id}/members/${leaverId}`, { role: 'manager' })).status).toBe(409);
  });

  it('removes a pending person as a cancellation: the link stops working, no seat or billing moves', async () => {
    const org = await createOrg(t);
    const { memberId, invitationId } = await invite(org.id, 'undecided@remove.test');
    const token = tokenOf(linkPath((await lastEmailTo(t, 'undecided@remove.test')).text));
    expect((await t.operator.delete(`/api/v1/orgs/${org.id}/members/${memberId}`)).status).toBe(204);
    expect((await t.anonymous().get(`/api/v1/invitations/${token}`)).body.code).toBe('invitation_cancelled');
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members/${memberId}`)).body).toMatchObject({
      status: 'removed',
      invitation: { id: invitationId, status: 'cancelled' },
    });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(0);
    expect(await rows(sql`select 1 from billing_events where membership_id = ${memberId}`)).toHaveLength(0);
    expect((await auditOf(org.id, 'member.removed'))[0]?.data).toEqual({ email: 'undecided@remove.test', previousStatus: 'pending' });
    // The address can be invited again.
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'undecided@remove.test' })).body.results[0].outcome).toBe(
      'invited',
    );
  });

  it('lets managers remove learners only, and protects the last admin and oneself', async () => {
    const org = await createOrg(t);
    const { client: admin, membershipId: adminId } = await member(t, org.id, 'admin@who-removes.test', 'admin');
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@who-removes.test', 'manager');
    const { membershipId: userAdminId } = await member(t, org.id, 'ua@who-removes.test', 'user_admin');
    const { membershipId: learnerId } = await member(t, org.id, 'learner@who-removes.test', 'learner');
    const { membershipId: elsewhereId } = await member(t, org.id, 'elsewhere@who-removes.test', 'learner');
    await teamOf(t, org.id, { managers: [managerId], learners: [adminId, userAdminId, learnerId] });
    const remove = (by: Client, id: string) => by.delete(`/api/v1/orgs/${org.id}/members/${id}`);
    // A learner outside the manager's teams is out of reach.
    const outside = await remove(manager, elsewhereId);
    expect(outside.status).toBe(403);
    expect(outside.body.detail).toContain('not in one of your teams');

    expect((await remove(manager, userAdminId)).status).toBe(403);
    expect((await remove(manager, adminId)).status).toBe(403);
    expect((await remove(manager, managerId)).status).toBe(403);
    expect((await remove(admin, adminId)).status).toBe(403);
    const last = await remove(t.operator, adminId);
    expect(last.status).toBe(409);
    expect(last.body.detail).toContain('last administrator');
    expect((await remove(manager, learnerId)).status).toBe(204);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members/${adminId}`)).body.status).toBe('active');
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(4);
  });

  it('answers "they never got it": each email sent to the person with its delivery state', async () => {
    const org = await createOrg(t);
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@mail.test', 'manager');
    const { memberId, invitationId } = await invite(org.id, 'unlucky@mail.test');
    await teamOf(t, org.id, { managers: [managerId], learners: [memberId] });
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${invitationId}/resend`, { message: 'Second try' });
    await t.drain();
    await t.database.db.execute(
      sql`update emails set status = 'failed', attempts = 30, sent_at = null, last_error = '550 5.1.1 mailbox unavailable'
          where membership_id = ${memberId} and kind = 'invitation-reminder'`,
    );
    const list = await manager.get(`/api/v1/orgs/${org.id}/members/${memberId}/emails`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { kind: string; status: string }) => [e.kind, e.status])).toEqual([
      ['invitation-reminder', 'failed'],
      ['invitation', 'sent'],
    ]);
    expect(list.body.items[0]).toMatchObject({
      to: 'unlucky@mail.test',
      attempts: 30,
      lastError: '550 5.1.1 mailbox unavailable',
      sentAt: null,
    });
    expect(list.body.items[0].subject).toMatch(/^Reminder:/);
    expect(list.body.items[1].sentAt).toEqual(expect.any(String));
    const row = await manager.get(`/api/v1/orgs/${org.id}/members/${memberId}`);
    expect(row.body.lastEmail).toEqual({
      kind: 'invitation-reminder',
      status: 'failed',
      lastError: '550 5.1.1 mailbox unavailable',
      sentAt: null,
    });
    expect(row.body.remindedBy).toBe('operator');
    expect(row.body.remindedAt).toEqual(expect.any(String));
  });

  it("answers 404 for another organization's member on every members route, and changes nothing", async () => {
    const mine = await createOrg(t);
    const theirs = await createOrg(t);
    const { client: admin } = await member(t, mine.id, 'admin@isolation.test', 'admin');
    const { membershipId: theirsActive } = await member(t, theirs.id, 'active@isolation.test', 'learner');
    const { memberId: theirsPending } = await invite(theirs.id, 'pending@isolation.test');
    for (const id of [theirsActive, theirsPending, '00000000-0000-4000-8000-000000000000']) {
      for (const client of [admin, t.operator]) {
        const path = `/api/v1/orgs/${mine.id}/members/${id}`;
        const responses = [
          await client.get(path),
          await client.get(`${path}/emails`),
          await client.patch(path, { role: 'manager' }),
          await client.patch(path, { note: 'x' }),
          await client.delete(path),
        ];
        expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
        expect(responses.every((r) => r.body.code === 'not_found')).toBe(true);
      }
    }
    expect((await t.operator.get(`/api/v1/orgs/${theirs.id}/members/${theirsActive}`)).body).toMatchObject({
      status: 'active',
      role: 'learner',
      note: null,
    });
    expect((await t.operator.get(`/api/v1/orgs/${theirs.id}/members/${theirsPending}`)).body).toMatchObject({ status: 'pending' });
    expect((await t.operator.get(`/api/v1/orgs/${theirs.id}`)).body.seatsUsed).toBe(1);
    expect(emailsOf((await members(mine.id, '', admin)).body.items)).toEqual(['admin@isolation.test']);
  });
});
