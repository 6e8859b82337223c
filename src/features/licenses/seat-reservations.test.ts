import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastEmailTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { PASSWORD } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { expireInvitations } from '../invitations/expire-invitations.js';

describe('reserving seats at invitation (R-18)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('holds a seat per pending invitation until it is accepted, replaced, cancelled, expired or removed', async () => {
    const org = await createOrg(t, { seats: 4 });
    const patched = await t.operator.patch(`/api/v1/orgs/${org.id}`, { reserveSeatAtInvite: true });
    expect(patched.body.reserveSeatAtInvite).toBe(true);
    const used = async () => (await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed;
    const invite = (emails: string) => t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails });

    const first = await invite('a@reserve.test, b@reserve.test, c@reserve.test');
    expect(first.body.counts.invited).toBe(3);
    expect(await used()).toBe(3);
    const more = await invite('d@reserve.test, e@reserve.test');
    expect(more.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['invited', 'not_allowed']);
    expect(await used()).toBe(4);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/licenses`)).body.reservedByInvitations).toBe(4);

    // A reminder keeps the seat; acceptance turns it into the member's seat.
    expect((await invite('a@reserve.test')).body.results[0].outcome).toBe('already_invited');
    expect(await used()).toBe(4);
    const token = tokenOf(linkPath((await lastEmailTo(t, 'a@reserve.test')).text));
    const accepted = await t
      .anonymous()
      .post(`/api/v1/invitations/${token}/accept`, { firstName: 'A', lastName: 'R', password: PASSWORD, acceptTerms: true });
    expect(accepted.status).toBe(200);
    expect(await used()).toBe(4);

    // Cancelling, expiring and removing each give their seat back.
    const b = first.body.results[1];
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${b.invitationId}/cancel`)).status).toBe(204);
    expect(await used()).toBe(3);
    await t.database.db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where email = 'c@reserve.test'`);
    await expireInvitations(t.database.db);
    expect(await used()).toBe(2);
    const d = more.body.results[0];
    expect((await t.operator.delete(`/api/v1/orgs/${org.id}/members/${d.memberId}`)).status).toBe(204);
    expect(await used()).toBe(1);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/licenses`)).body).toMatchObject({ seatsUsed: 1, reservedByInvitations: 0 });
  });
});
