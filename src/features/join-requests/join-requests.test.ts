import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { member, nextAddress, PASSWORD, teamOf } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';

describe('request to join', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const keyOf = (url: string) => url.split('/join/')[1] ?? '';

  /** A visitor asks by the link, confirms the address, and is left waiting. */
  async function request(key: string, email: string) {
    const visitor = new Client(t.roster, null, nextAddress());
    const asked = await visitor.post(`/api/v1/join/${key}`, { email });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const token = tokenOf(linkPath((await emailsTo(t, email))[0]?.text));
    const accepted = await visitor.post(`/api/v1/invitations/${token}/accept`, {
      firstName: 'Rita',
      lastName: 'Requester',
      password: PASSWORD,
      acceptTerms: true,
    });
    expect(accepted.status).toBe(200);
    return { visitor, accepted: accepted.body };
  }

  it('keeps a verified visitor waiting as a request, then approval makes them a member', async () => {
    const org = await createOrg(t, { name: 'Gatehouse', seats: 3 });
    const team = await teamOf(t, org.id, { name: 'Gated' });
    const link = (await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['gate.test'], teamId: team, mode: 'request' }))
      .body;
    expect(link.mode).toBe('request');
    const { visitor, accepted } = await request(keyOf(link.url), 'rita@gate.test');
    expect(accepted).toMatchObject({ orgName: 'Gatehouse', requested: true });
    // Signed in, but not a member yet: no seat, no billing, no use of the link.
    expect((await visitor.get(`/api/v1/orgs/${org.id}`)).status).toBe(404);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(0);
    const waiting = await t.operator.get(`/api/v1/orgs/${org.id}/members?status=requested`);
    expect(waiting.body.items.map((m: { email: string }) => m.email)).toEqual(['rita@gate.test']);
    expect(waiting.body.counts).toMatchObject({ requested: 1, pending: 0, active: 0 });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/invite-links`)).body.items[0].uses).toBe(0);

    const approved = await t.operator.post(`/api/v1/orgs/${org.id}/join-requests/approve`, { memberIds: [accepted.membershipId] });
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ decided: [accepted.membershipId], refused: [] });
    expect((await visitor.get(`/api/v1/orgs/${org.id}`)).body).toMatchObject({ myRole: 'learner', seatsUsed: 1 });
    expect((await emailsTo(t, 'rita@gate.test', 'join-request-approved')).length).toBe(1);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members?team=${team}&status=active`)).body.items).toHaveLength(1);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/invite-links`)).body.items[0].uses).toBe(1);
    const again = await t.operator.post(`/api/v1/orgs/${org.id}/join-requests/approve`, { memberIds: [accepted.membershipId] });
    expect(again.body.decided).toEqual([]);
    expect(again.body.refused[0].reason).toMatch(/^No such request waits for a decision/);
    const billing = await queryRows(t.database.db, sql`select kind from billing_events where org_id = ${org.id}`);
    expect(billing).toEqual([{ kind: 'start' }]);
  });

  it('declines all at once, tells each requester, and refuses what the seats cannot hold', async () => {
    const org = await createOrg(t, { name: 'Narrow', seats: 1 });
    const slug = `narrow-${org.id.slice(-6)}`;
    await t.operator.patch(`/api/v1/orgs/${org.id}/join-page`, { enabled: true, slug, mode: 'request' });
    const first = await request(slug, 'a@narrow.test');
    const second = await request(slug, 'b@narrow.test');
    const approved = await t.operator.post(`/api/v1/orgs/${org.id}/join-requests/approve`, { all: true });
    expect(approved.body.decided).toEqual([first.accepted.membershipId]);
    expect(approved.body.refused).toEqual([
      {
        memberId: second.accepted.membershipId,
        reason: 'No seat is free in this organization: free a seat or add seats to the plan first.',
      },
    ]);
    const declined = await t.operator.post(`/api/v1/orgs/${org.id}/join-requests/decline`, { all: true });
    expect(declined.body.decided).toEqual([second.accepted.membershipId]);
    expect((await emailsTo(t, 'b@narrow.test', 'join-request-declined')).length).toBe(1);
    const counts = (await t.operator.get(`/api/v1/orgs/${org.id}/members`)).body.counts;
    expect(counts).toMatchObject({ requested: 0, active: 1, cancelled: 1 });
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where org_id = ${org.id} and action like 'join.request%' and action <> 'join.requested' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'join.request_received',
      'join.request_received',
      'join.request_approved',
      'join.request_declined',
    ]);
  });

  it('lets managers decide only the requests of their branch, and learners none', async () => {
    const org = await createOrg(t, { name: 'Split' });
    const manager = await member(t, org.id, 'm@split.test', 'manager');
    const learner = await member(t, org.id, 'l@split.test');
    const mine = await teamOf(t, org.id, { name: 'Mine', managers: [manager.membershipId] });
    const other = await teamOf(t, org.id, { name: 'Other' });
    const link = (teamId: string) =>
      t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['split.test'], teamId, mode: 'request' });
    const inMine = await request(keyOf((await link(mine)).body.url), 'x@split.test');
    const inOther = await request(keyOf((await link(other)).body.url), 'y@split.test');
    const decided = await manager.client.post(`/api/v1/orgs/${org.id}/join-requests/approve`, { all: true });
    expect(decided.body.decided).toEqual([inMine.accepted.membershipId]);
    const outside = await manager.client.post(`/api/v1/orgs/${org.id}/join-requests/decline`, {
      memberIds: [inOther.accepted.membershipId],
    });
    expect(outside.body.decided).toEqual([]);
    expect((await learner.client.post(`/api/v1/orgs/${org.id}/join-requests/approve`, { all: true })).status).toBe(403);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/join-requests/approve`, {})).status).toBe(400);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members?status=requested`)).body.items).toHaveLength(1);
  });
});
