import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/mail.js';
import { inviteToken, member, PASSWORD } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';

const OPERATOR = 'plans@roster.test';

describe('seats seen before they run out', () => {
  let t: TestRoster;
  let smtp: SmtpCatcher;
  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await startTestRoster({ SMTP_URL: smtp.url, ROSTER_OPERATOR_EMAIL: OPERATOR });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const invite = (orgId: string, emails: string[]) => t.operator.post(`/api/v1/orgs/${orgId}/invitations`, { emails, role: 'learner' });

  it('tells whoever invites the free seats and the invitations already waiting for them', async () => {
    const org = await createOrg(t, { seats: 3 });
    const { client: manager } = await member(t, org.id, 'manager@seats.test', 'manager');
    const { client: learner } = await member(t, org.id, 'learner@seats.test', 'learner');
    await invite(
      org.id,
      ['a', 'b', 'c', 'd'].map((x) => `${x}@seats.test`),
    );
    const outlook = await manager.get(`/api/v1/orgs/${org.id}/seats`);
    expect(outlook.status).toBe(200);
    // A manager may invite but not ask the operator for seats: the answer says so, as the request refuses it.
    expect(outlook.body).toEqual({ seats: 3, seatsFree: 1, waitingForSeats: 4, reserveSeatAtInvite: false, can: { requestSeats: false } });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/seats`)).body.can).toEqual({ requestSeats: true });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/licenses`)).body).toMatchObject({ seatsFree: 1, waitingForSeats: 4 });
    // A cancelled invitation no longer waits; a learner may not look; another organization is not found.
    const members = (await t.operator.get(`/api/v1/orgs/${org.id}/members?status=pending`)).body.items as { id: string }[];
    expect((await t.operator.delete(`/api/v1/orgs/${org.id}/members/${members[0]?.id}`)).status).toBe(204);
    expect((await manager.get(`/api/v1/orgs/${org.id}/seats`)).body.waitingForSeats).toBe(3);
    const refused = await learner.get(`/api/v1/orgs/${org.id}/seats`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Your role does not allow you to see the free seats of this organization.');
    const other = await createOrg(t);
    expect((await manager.get(`/api/v1/orgs/${other.id}/seats`)).status).toBe(404);
  });

  it('tells the holder of an invitation link whether a seat waits for them, before any form', async () => {
    const org = await createOrg(t, { seats: 1 });
    const token = await inviteToken(t, org.id, 'first@peek.test');
    expect((await t.anonymous().get(`/api/v1/invitations/${token}`)).body.seatAvailable).toBe(true);
    // The one seat taken by someone else: the page says so, and accepting is still refused by the bank.
    await member(t, org.id, 'quick@peek.test');
    expect((await t.anonymous().get(`/api/v1/invitations/${token}`)).body.seatAvailable).toBe(false);
    const refused = await t
      .anonymous()
      .post(`/api/v1/invitations/${token}/accept`, { firstName: 'F', lastName: 'P', password: PASSWORD, acceptTerms: true });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('no_seat');
    // A seat reserved at invitation is theirs whatever the bank holds.
    const reserving = await createOrg(t, { seats: 2 });
    expect((await t.operator.patch(`/api/v1/orgs/${reserving.id}`, { reserveSeatAtInvite: true })).status).toBe(200);
    const held = await inviteToken(t, reserving.id, 'held@peek.test');
    await inviteToken(t, reserving.id, 'other@peek.test');
    expect((await t.anonymous().get(`/api/v1/invitations/${held}`)).body.seatAvailable).toBe(true);
  });

  it('records a request for more seats, emails the operator, and refuses bad requests and the wrong people', async () => {
    const org = await createOrg(t, { name: 'Seatless Learning', seats: 3 });
    const { client: admin } = await member(t, org.id, 'admin@ask.test', 'admin');
    const { client: manager } = await member(t, org.id, 'manager@ask.test', 'manager');
    await invite(org.id, ['x@ask.test', 'y@ask.test']);
    await t.drain();
    const before = smtp.messages.length;

    const asked = await admin.post(`/api/v1/orgs/${org.id}/licenses/seat-requests`, { seats: 50, message: '  For the autumn cohort.  ' });
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual({ seats: 50, emailed: true });
    await t.drain();
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail?.subject).toBe('Seatless Learning asks for 50 more seats');
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe(OPERATOR);
    expect(mail?.text).toContain('admin@ask.test of Seatless Learning asks for 50 more seats.');
    expect(mail?.text).toContain('The plan has 3 seats, 1 free, and 2 pending invitations waiting for one.');
    expect(mail?.text).toContain('Their message: "For the autumn cohort."');
    const audit = (await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=org.seats_requested`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'admin@ask.test',
      data: { seats: 50, seatsNow: 3, waitingForSeats: 2, emailed: true, hasMessage: true },
    });

    for (const body of [{ seats: 0 }, { seats: 1.5 }, {}, { seats: 3, extra: true }, { seats: '' }]) {
      const bad = await admin.post(`/api/v1/orgs/${org.id}/licenses/seat-requests`, body);
      expect.soft(bad.status, JSON.stringify(body)).toBe(400);
      expect.soft(bad.body.code).toBe('validation_failed');
    }
    const notAllowed = await manager.post(`/api/v1/orgs/${org.id}/licenses/seat-requests`, { seats: 5 });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.detail).toBe('Your role does not allow you to ask for more seats.');
    await t.drain();
    expect(smtp.messages.length).toBe(before + 1);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=org.seats_requested`)).body.items).toHaveLength(1);
  });

  it('still records the request when no operator address is configured, and says it was not emailed', async () => {
    const bare = await startTestRoster();
    try {
      const org = await createOrg(bare);
      const asked = await bare.operator.post(`/api/v1/orgs/${org.id}/licenses/seat-requests`, { seats: 5 });
      expect(asked.status).toBe(201);
      expect(asked.body).toEqual({ seats: 5, emailed: false });
      const audit = (await bare.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=org.seats_requested`)).body.items;
      expect(audit[0]?.data).toMatchObject({ seats: 5, emailed: false });
    } finally {
      await bare.close();
    }
  });
});
