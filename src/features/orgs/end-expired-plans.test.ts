import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, teamOf } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { endExpiredPlans } from './end-expired-plans.js';

describe('a plan that expires (R-19)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('lets everyone but the admins go, returns seats and licenses, keeps history, and reopens on renewal', async () => {
    const org = await createOrg(t, { seats: 10 });
    const { client: admin, membershipId: adminId } = await member(t, org.id, 'admin@plan.test', 'admin');
    const { client: learner, membershipId: learnerId } = await member(t, org.id, 'learner@plan.test');
    const { membershipId: managerId } = await member(t, org.id, 'manager@plan.test', 'manager');
    const team = await teamOf(t, org.id, { managers: [managerId], learners: [learnerId] });
    await t.database.db.execute(sql`update teams set owner_membership_id = ${managerId} where id = ${team}`);
    const addOn = await t.operator.post(`/api/v1/orgs/${org.id}/licenses/add-ons`, { name: 'Cert', total: 2, transferable: false });
    await t.operator.post(`/api/v1/orgs/${org.id}/members/${learnerId}/add-ons`, { addOnId: addOn.body.id });
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'pending@plan.test' });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await t.operator.patch(`/api/v1/orgs/${org.id}`, { renewalDate: yesterday });

    expect(await endExpiredPlans(t.database.db)).toBeGreaterThanOrEqual(1);
    expect(await endExpiredPlans(t.database.db)).toBe(0);

    expect((await learner.get(`/api/v1/orgs/${org.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
    const state = (await t.operator.get(`/api/v1/orgs/${org.id}`)).body;
    expect(state.seatsUsed).toBe(1);
    const statuses = (await t.operator.get(`/api/v1/orgs/${org.id}/members?sort=email`)).body.items.map(
      (m: { email: string; status: string }) => `${m.email}:${m.status}`,
    );
    expect(statuses).toEqual([
      'admin@plan.test:active',
      'learner@plan.test:removed',
      'manager@plan.test:removed',
      'pending@plan.test:removed',
    ]);
    const licenses = (await t.operator.get(`/api/v1/orgs/${org.id}/licenses`)).body.addOns[0];
    expect(licenses).toMatchObject({ used: 0, consumed: 1 });
    const [owner] = await queryRows<{ owner: string }>(
      t.database.db,
      sql`select owner_membership_id as owner from teams where id = ${team}`,
    );
    expect(owner?.owner).toBe(adminId);
    const [placements] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from team_members where team_id = ${team}`,
    );
    expect(placements?.n).toBe(0);
    const [billing] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from billing_events where org_id = ${org.id} and kind = 'stop' and reason = 'plan-expired'`,
    );
    expect(billing?.n).toBe(2);
    const log = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=org.plan_expired`);
    expect(log.body.items[0]).toMatchObject({ actor: 'system', data: { membersRemoved: 2, invitationsCancelled: 1 } });

    // Renewed: people can be brought back, and keep their accounts.
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    expect((await t.operator.patch(`/api/v1/orgs/${org.id}`, { renewalDate: nextYear })).status).toBe(200);
    const again = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'learner@plan.test' });
    expect(again.body.results[0].outcome).toBe('invited');
    expect(await endExpiredPlans(t.database.db)).toBe(0);
  });
});
