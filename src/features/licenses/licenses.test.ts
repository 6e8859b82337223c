import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../../test/support/database.js';
import { member } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';
import type { AuditActor } from '../audit/record-audit.js';
import { releaseMemberLicenses } from './release-member-licenses.js';

describe('licenses', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query);
  const count = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(query))[0]?.n ?? 0;
  const system = (orgId: string): AuditActor => ({ orgId, accountId: null, label: 'system', ip: null });
  const release = (orgId: string, membershipId: string, actor: AuditActor = system(orgId)) =>
    t.database.db.transaction((tx) => releaseMemberLicenses(tx as unknown as Db, { orgId, membershipId, actor }));

  const licenses = (orgId: string, by: Client = t.operator) => by.get(`/api/v1/orgs/${orgId}/licenses`);
  async function addOn(orgId: string, body: { name: string; total: number; transferable: boolean }) {
    const response = await t.operator.post(`/api/v1/orgs/${orgId}/licenses/add-ons`, body);
    if (response.status !== 201) throw new Error(`add-on failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; name: string };
  }
  const assign = (orgId: string, memberId: string, addOnId: string, by: Client = t.operator) =>
    by.post(`/api/v1/orgs/${orgId}/members/${memberId}/add-ons`, { addOnId });
  const unassign = (orgId: string, memberId: string, addOnId: string, by: Client = t.operator) =>
    by.delete(`/api/v1/orgs/${orgId}/members/${memberId}/add-ons/${addOnId}`);
  const counts = async (addOnId: string) =>
    (
      await rows<{ total: number; used: number; consumed: number; held: number }>(
        sql`select total, used, consumed,
              (select count(*)::int from add_on_assignments a where a.add_on_id = l.id) as held
            from add_on_licenses l where id = ${addOnId}`,
      )
    )[0];
  const audit = async (orgId: string, action: string) =>
    (await t.operator.get(`/api/v1/orgs/${orgId}/audit-log?action=${action}`)).body.items as {
      action: string;
      actor: string;
      targetId: string;
      data: Record<string, unknown>;
    }[];

  /** Active members straight in the database: accounts and memberships, one statement. */
  async function activeMembers(orgId: string, prefix: string, n: number): Promise<string[]> {
    const created = await rows<{ id: string }>(sql`
      with acc as (
        insert into accounts (email, first_name, last_name)
        select ${prefix} || g || '@people.test', 'P' || g, 'Test' from generate_series(1, ${n}) g
        returning id, email)
      insert into memberships (org_id, account_id, email, role, status, activated_at)
      select ${orgId}, id, email, 'learner', 'active', now() from acc
      returning id`);
    return created.map((row) => row.id);
  }

  it('shows the bank: seats, seats held by invitations, and each add-on with its counts', async () => {
    const org = await createOrg(t, { seats: 10 });
    const admin = await member(t, org.id, 'admin@bank.test', 'admin');
    const userAdmin = await member(t, org.id, 'ua@bank.test', 'user_admin');
    const manager = await member(t, org.id, 'manager@bank.test', 'manager');
    const learner = await member(t, org.id, 'learner@bank.test', 'learner');
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'a@bank.test, b@bank.test, c@bank.test' });
    // What seat reservation at invitation writes: two pending invitations hold a seat, one of them cancelled since.
    await t.database.db.execute(sql`update organizations set reserve_seat_at_invite = true where id = ${org.id}`);
    await t.database.db.execute(
      sql`update invitations set holds_seat = true where org_id = ${org.id} and email in ('a@bank.test', 'b@bank.test', 'c@bank.test')`,
    );
    await t.database.db.execute(sql`update invitations set status = 'cancelled' where org_id = ${org.id} and email = 'c@bank.test'`);
    const cert = await addOn(org.id, { name: 'Certification', total: 3, transferable: false });
    const coaching = await addOn(org.id, { name: 'coaching', total: 2, transferable: true });
    expect((await assign(org.id, learner.membershipId, cert.id)).status).toBe(201);

    const view = await licenses(org.id, admin.client);
    expect(view.status).toBe(200);
    expect(view.body).toEqual({
      seats: 10,
      seatsUsed: 4,
      seatsFree: 6,
      reservedByInvitations: 2,
      // Both pending invitations hold their seat: none waits for one.
      waitingForSeats: 0,
      reserveSeatAtInvite: true,
      addOns: [
        { id: cert.id, name: 'Certification', total: 3, used: 1, consumed: 0, free: 2, transferable: false },
        { id: coaching.id, name: 'coaching', total: 2, used: 0, consumed: 0, free: 2, transferable: true },
      ],
    });
    expect((await licenses(org.id, userAdmin.client)).status).toBe(200);
    const refused = await licenses(org.id, manager.client);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Your role does not allow you to see the licenses of this organization.');
    expect((await licenses(org.id, learner.client)).status).toBe(403);
    expect((await licenses(org.id, t.anonymous())).status).toBe(401);
    const other = await createOrg(t);
    expect((await licenses(other.id, admin.client)).status).toBe(404);
    expect((await licenses('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets only the operator create add-ons, validates them and refuses a name already used', async () => {
    const org = await createOrg(t);
    const admin = await member(t, org.id, 'admin@create.test', 'admin');
    const path = `/api/v1/orgs/${org.id}/licenses/add-ons`;

    const created = await t.operator.post(path, { name: '  Certification ', total: 5, transferable: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Certification', total: 5, used: 0, consumed: 0, free: 5, transferable: false });
    expect((await t.operator.post(path, { name: 'Empty bank', total: 0, transferable: true })).status).toBe(201);
    expect((await t.operator.post(path, { name: 'x'.repeat(100), total: 1_000_000, transferable: true })).status).toBe(201);

    const byAdmin = await admin.client.post(path, { name: 'Free licenses', total: 100, transferable: true });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.detail).toBe('Only the platform operator can create add-on licenses: add-on licenses are part of the plan.');

    const duplicate = await t.operator.post(path, { name: 'CERTIFICATION', total: 1, transferable: true });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.detail).toBe(
      'This organization already has an add-on license named “CERTIFICATION”. Choose another name, or change that one.',
    );
    // The same name in another organization is fine.
    const other = await createOrg(t);
    expect(
      (await t.operator.post(`/api/v1/orgs/${other.id}/licenses/add-ons`, { name: 'Certification', total: 1, transferable: true })).status,
    ).toBe(201);

    const invalid: unknown[] = [
      { name: '', total: 1, transferable: true },
      { name: '   ', total: 1, transferable: true },
      { name: 'x'.repeat(101), total: 1, transferable: true },
      { name: 'Neg', total: -1, transferable: true },
      { name: 'Big', total: 1_000_001, transferable: true },
      { name: 'Half', total: 1.5, transferable: true },
      { name: 'Text', total: '5', transferable: true },
      { name: 'Which', total: 1 },
      { name: 'Yes', total: 1, transferable: 'yes' },
      { name: 'Extra', total: 1, transferable: true, used: 3 },
    ];
    for (const body of invalid) {
      const response = await t.operator.post(path, body);
      expect.soft(response.status, JSON.stringify(body)).toBe(400);
      expect.soft(response.body.code, JSON.stringify(body)).toBe('validation_failed');
    }
    expect(
      (
        await t.operator.post(`/api/v1/orgs/00000000-0000-4000-8000-000000000000/licenses/add-ons`, {
          name: 'Ghost',
          total: 1,
          transferable: true,
        })
      ).status,
    ).toBe(404);
    expect(await count(sql`select count(*)::int as n from add_on_licenses where org_id = ${org.id}`)).toBe(3);

    const [entry] = await audit(org.id, 'license.add_on_created');
    expect(entry).toMatchObject({ actor: 'operator', data: { name: 'x'.repeat(100), total: 1_000_000, transferable: true } });
  });

  it('lets the operator rename an add-on and change its total, never below what is assigned and consumed', async () => {
    const org = await createOrg(t);
    const admin = await member(t, org.id, 'admin@patch.test', 'admin');
    const [a, b, c] = await activeMembers(org.id, 'patch', 3);
    const cert = await addOn(org.id, { name: 'Certification', total: 5, transferable: false });
    await addOn(org.id, { name: 'Coaching', total: 1, transferable: true });
    for (const id of [a!, b!, c!]) expect((await assign(org.id, id, cert.id)).status).toBe(201);
    // One holder leaves: that license is consumed for good. Two are held, one consumed.
    await release(org.id, c!);
    const path = `/api/v1/orgs/${org.id}/licenses/add-ons/${cert.id}`;

    const below = await t.operator.patch(path, { total: 2 });
    expect(below.status).toBe(409);
    expect(below.body.detail).toBe(
      '“Certification” has 2 licenses assigned and 1 consumed, so the total cannot go below 3. Unassign licenses first, or choose a larger total.',
    );
    expect(below.body.errors).toEqual([{ field: '/total', message: 'must be at least 3' }]);
    const exact = await t.operator.patch(path, { total: 3 });
    expect(exact.status).toBe(200);
    expect(exact.body).toMatchObject({ total: 3, used: 2, consumed: 1, free: 0 });

    const renamed = await t.operator.patch(path, { name: 'ISO certification', total: 10 });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'ISO certification', total: 10, free: 7 });
    const taken = await t.operator.patch(path, { name: 'coaching' });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([{ field: '/name', message: 'is already used by another add-on license' }]);
    // Changing only the case of its own name is a rename, not a clash.
    expect((await t.operator.patch(path, { name: 'ISO Certification' })).status).toBe(200);

    const byAdmin = await admin.client.patch(path, { total: 100 });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.detail).toBe('Only the platform operator can change add-on licenses: add-on licenses are part of the plan.');
    expect((await t.operator.patch(path, {})).status).toBe(400);
    expect((await t.operator.patch(path, { total: -1 })).status).toBe(400);
    expect((await t.operator.patch(path, { transferable: true })).status).toBe(400);
    const other = await createOrg(t);
    const foreign = await addOn(other.id, { name: 'Foreign', total: 1, transferable: true });
    const wrongOrg = await t.operator.patch(`/api/v1/orgs/${org.id}/licenses/add-ons/${foreign.id}`, { total: 3 });
    expect(wrongOrg.status).toBe(404);
    expect(wrongOrg.body.detail).toBe('The add-on license was not found.');

    const changes = await audit(org.id, 'license.add_on_changed');
    expect(changes.map((entry) => entry.data)).toEqual([
      { name: { from: 'ISO certification', to: 'ISO Certification' } },
      { name: { from: 'Certification', to: 'ISO certification' }, total: { from: 3, to: 10 } },
      { total: { from: 5, to: 3 } },
    ]);
    // Sending what is already there changes nothing and logs nothing.
    expect((await t.operator.patch(path, { total: 10 })).status).toBe(200);
    expect(await audit(org.id, 'license.add_on_changed')).toHaveLength(3);
    expect(await counts(foreign.id)).toMatchObject({ total: 1 });
  });

  it('assigns add-ons to active members only, once each, while licenses are free, and takes them back', async () => {
    const org = await createOrg(t);
    const admin = await member(t, org.id, 'admin@assign.test', 'admin');
    const userAdmin = await member(t, org.id, 'ua@assign.test', 'user_admin');
    const manager = await member(t, org.id, 'manager@assign.test', 'manager');
    const ann = await member(t, org.id, 'ann@assign.test');
    const bob = await member(t, org.id, 'bob@assign.test');
    const gone = await member(t, org.id, 'gone@assign.test');
    expect((await admin.client.delete(`/api/v1/orgs/${org.id}/members/${gone.membershipId}`)).status).toBe(204);
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'pending@assign.test' });
    const pendingId = invited.body.results[0].memberId as string;
    const cert = await addOn(org.id, { name: 'Certification', total: 1, transferable: false });

    const given = await assign(org.id, ann.membershipId, cert.id, userAdmin.client);
    expect(given.status).toBe(201);
    expect(given.body).toEqual({ addOnId: cert.id, name: 'Certification', transferable: false, assignedAt: expect.any(String) });
    const twice = await assign(org.id, ann.membershipId, cert.id, admin.client);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'conflict', detail: 'This member already holds a “Certification” license.' });
    const none = await assign(org.id, bob.membershipId, cert.id, admin.client);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('no_seat');
    expect(none.body.detail).toBe(
      'No free “Certification” license left. Unassign one from another member, or ask the platform operator for more.',
    );
    const pending = await assign(org.id, pendingId, cert.id);
    expect(pending.status).toBe(409);
    expect(pending.body.detail).toBe('Only active members can hold an add-on license: this person has not accepted their invitation yet.');
    const removed = await assign(org.id, gone.membershipId, cert.id);
    expect(removed.status).toBe(409);
    expect(removed.body.detail).toBe('Only active members can hold an add-on license: this person was removed from the organization.');

    expect((await assign(org.id, bob.membershipId, cert.id, manager.client)).status).toBe(403);
    expect((await assign(org.id, bob.membershipId, cert.id, ann.client)).status).toBe(403);
    expect((await manager.client.get(`/api/v1/orgs/${org.id}/members/${ann.membershipId}/add-ons`)).status).toBe(403);
    expect((await unassign(org.id, ann.membershipId, cert.id, manager.client)).status).toBe(403);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/members/${bob.membershipId}/add-ons`, { addOnId: 'nope' })).status).toBe(400);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/members/${bob.membershipId}/add-ons`, {})).status).toBe(400);
    expect((await assign(org.id, bob.membershipId, '00000000-0000-4000-8000-000000000000')).status).toBe(404);

    const held = await userAdmin.client.get(`/api/v1/orgs/${org.id}/members/${ann.membershipId}/add-ons`);
    expect(held.status).toBe(200);
    expect(held.body.items).toEqual([given.body]);
    expect((await admin.client.get(`/api/v1/orgs/${org.id}/members/${bob.membershipId}/add-ons`)).body.items).toEqual([]);
    expect(await counts(cert.id)).toEqual({ total: 1, used: 1, consumed: 0, held: 1 });

    // Unassigning returns even a non-transferable license to the bank: it is not leaving.
    expect((await unassign(org.id, ann.membershipId, cert.id, userAdmin.client)).status).toBe(204);
    expect(await counts(cert.id)).toEqual({ total: 1, used: 0, consumed: 0, held: 0 });
    const notHeld = await unassign(org.id, ann.membershipId, cert.id);
    expect(notHeld.status).toBe(404);
    expect(notHeld.body.detail).toBe('This member does not hold a “Certification” license.');
    expect((await assign(org.id, bob.membershipId, cert.id)).status).toBe(201);

    const log = await audit(org.id, 'license');
    expect(log.map((entry) => [entry.action, entry.actor, entry.data.member])).toEqual([
      ['license.redeemed', 'operator', 'bob@assign.test'],
      ['license.returned', 'ua@assign.test', 'ann@assign.test'],
      ['license.redeemed', 'ua@assign.test', 'ann@assign.test'],
      ['license.add_on_created', 'operator', undefined],
    ]);
    expect(log[1]?.data).toMatchObject({ addOn: 'Certification', memberId: ann.membershipId, reason: 'unassigned' });
  });

  it("answers 404 for another organization's member or add-on, and changes nothing", async () => {
    const mine = await createOrg(t, { name: 'Mine' });
    const theirs = await createOrg(t, { name: 'Theirs' });
    const admin = await member(t, mine.id, 'admin@mine-lic.test', 'admin');
    const ours = await member(t, mine.id, 'ours@mine-lic.test');
    const stranger = await member(t, theirs.id, 'stranger@theirs-lic.test');
    const myAddOn = await addOn(mine.id, { name: 'Mine', total: 5, transferable: true });
    const theirAddOn = await addOn(theirs.id, { name: 'Theirs', total: 5, transferable: true });
    expect((await assign(theirs.id, stranger.membershipId, theirAddOn.id)).status).toBe(201);

    const foreignMember = await assign(mine.id, stranger.membershipId, myAddOn.id, admin.client);
    expect(foreignMember.status).toBe(404);
    expect(foreignMember.body.detail).toBe('The member was not found.');
    const foreignAddOn = await assign(mine.id, ours.membershipId, theirAddOn.id, admin.client);
    expect(foreignAddOn.status).toBe(404);
    expect(foreignAddOn.body.detail).toBe('The add-on license was not found.');
    expect((await assign(theirs.id, stranger.membershipId, theirAddOn.id, admin.client)).status).toBe(404);
    expect((await unassign(mine.id, stranger.membershipId, theirAddOn.id, admin.client)).status).toBe(404);
    expect((await admin.client.get(`/api/v1/orgs/${mine.id}/members/${stranger.membershipId}/add-ons`)).status).toBe(404);
    expect((await admin.client.get(`/api/v1/orgs/${theirs.id}/members/${stranger.membershipId}/add-ons`)).status).toBe(404);
    expect((await admin.client.patch(`/api/v1/orgs/${theirs.id}/licenses/add-ons/${theirAddOn.id}`, { total: 0 })).status).toBe(404);

    // Releasing under the wrong organization touches nothing.
    expect(await release(mine.id, stranger.membershipId)).toEqual({ returned: [], consumed: [] });
    expect(await counts(theirAddOn.id)).toEqual({ total: 5, used: 1, consumed: 0, held: 1 });
    expect(await counts(myAddOn.id)).toEqual({ total: 5, used: 0, consumed: 0, held: 0 });
  });

  it('releases a leaving member’s licenses: non-transferable ones are consumed, the others return (R-18, R-19)', async () => {
    const org = await createOrg(t);
    const admin = await member(t, org.id, 'admin@release.test', 'admin');
    const leaver = await member(t, org.id, 'leaver@release.test');
    const next = await member(t, org.id, 'next@release.test');
    const cert = await addOn(org.id, { name: 'Certification', total: 1, transferable: false });
    const coaching = await addOn(org.id, { name: 'Coaching', total: 1, transferable: true });
    const unused = await addOn(org.id, { name: 'Unused', total: 1, transferable: true });
    expect((await assign(org.id, leaver.membershipId, cert.id)).status).toBe(201);
    expect((await assign(org.id, leaver.membershipId, coaching.id)).status).toBe(201);

    const actor: AuditActor = { orgId: org.id, accountId: null, label: 'admin@release.test', ip: '10.1.2.3' };
    const released = await release(org.id, leaver.membershipId, actor);
    expect(released).toEqual({ returned: [coaching.id], consumed: [cert.id] });
    expect(await counts(cert.id)).toEqual({ total: 1, used: 0, consumed: 1, held: 0 });
    expect(await counts(coaching.id)).toEqual({ total: 1, used: 0, consumed: 0, held: 0 });
    expect(await counts(unused.id)).toEqual({ total: 1, used: 0, consumed: 0, held: 0 });
    expect((await admin.client.get(`/api/v1/orgs/${org.id}/members/${leaver.membershipId}/add-ons`)).body.items).toEqual([]);

    const log = await audit(org.id, 'license');
    const releases = log.filter((entry) => entry.data.reason === 'member_left');
    expect(releases.map((entry) => [entry.action, entry.actor, entry.targetId, entry.data]).sort()).toEqual([
      [
        'license.consumed',
        'admin@release.test',
        cert.id,
        { addOn: 'Certification', memberId: leaver.membershipId, member: 'leaver@release.test', reason: 'member_left' },
      ],
      [
        'license.returned',
        'admin@release.test',
        coaching.id,
        { addOn: 'Coaching', memberId: leaver.membershipId, member: 'leaver@release.test', reason: 'member_left' },
      ],
    ]);

    // The consumed certification is gone for good; the coaching license can be given again.
    expect((await assign(org.id, next.membershipId, cert.id)).body.code).toBe('no_seat');
    expect((await assign(org.id, next.membershipId, coaching.id)).status).toBe(201);
    const view = (await licenses(org.id)).body.addOns as { name: string; free: number }[];
    expect(view.map((a) => [a.name, a.free])).toEqual([
      ['Certification', 0],
      ['Coaching', 0],
      ['Unused', 1],
    ]);
    // Nothing left to release the second time.
    expect(await release(org.id, leaver.membershipId, actor)).toEqual({ returned: [], consumed: [] });
    expect(await audit(org.id, 'license.consumed')).toHaveLength(1);
  });

  it(`never hands out more add-ons than the total under concurrency (${onPostgres() ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const org = await createOrg(t, { seats: 1000 });
    const people = await activeMembers(org.id, 'race', 80);
    const first = people.slice(0, 40);
    const later = people.slice(40);
    const cert = await addOn(org.id, { name: 'Race', total: 5, transferable: true });
    const check = async (addOnId: string) => {
      const state = await counts(addOnId);
      expect(state).toBeDefined();
      expect(state!.used).toBe(state!.held);
      expect(state!.used + state!.consumed).toBeLessThanOrEqual(state!.total);
      expect(state!.used).toBeGreaterThanOrEqual(0);
      return state!;
    };

    // 40 assignments to 40 different people at once: exactly the 5 licenses are handed out.
    const responses = await Promise.all(first.map((id) => assign(org.id, id, cert.id)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(35);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'no_seat')).toBe(true);
    expect(await check(cert.id)).toEqual({ total: 5, used: 5, consumed: 0, held: 5 });

    // Three holders leave while 20 others ask for a license, and an admin unassigns the same
    // license one of the leavers holds: the counts follow the assignments throughout.
    const holders = (
      await rows<{ membership_id: string }>(
        sql`select membership_id from add_on_assignments where add_on_id = ${cert.id} order by membership_id`,
      )
    ).map((row) => row.membership_id);
    const leaving = holders.slice(0, 3);
    const race = await Promise.all([
      ...leaving.map((id) => release(org.id, id)),
      unassign(org.id, leaving[0]!, cert.id),
      ...later.slice(0, 20).map((id) => assign(org.id, id, cert.id)),
    ]);
    const granted = race.filter((r) => typeof r === 'object' && 'status' in r && r.status === 201).length;
    expect(granted).toBeLessThanOrEqual(3);
    const after = await check(cert.id);
    expect(after.used).toBe(2 + granted);
    // The license one leaver held was returned once, by the release or by the unassignment.
    expect(await count(sql`select count(*)::int as n from add_on_assignments where membership_id = any(${pgArray(leaving)}::uuid[])`)).toBe(
      0,
    );

    // A non-transferable add-on: every holder leaves at once while others ask; nothing comes back.
    const kept = await addOn(org.id, { name: 'Kept', total: 5, transferable: false });
    const keepers = later.slice(20, 25);
    for (const id of keepers) expect((await assign(org.id, id, kept.id)).status).toBe(201);
    const second = await Promise.all([
      ...keepers.map((id) => release(org.id, id)),
      ...later.slice(25, 40).map((id) => assign(org.id, id, kept.id)),
    ]);
    expect(second.filter((r) => typeof r === 'object' && 'status' in r && r.status === 201)).toHaveLength(0);
    expect(await check(kept.id)).toEqual({ total: 5, used: 0, consumed: 5, held: 0 });
    expect(await count(sql`select count(*)::int as n from audit_log where org_id = ${org.id} and action = 'license.consumed'`)).toBe(5);
  }, 60_000);
});
