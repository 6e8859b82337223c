import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { AUDIT_ACTIONS } from './actions.js';

describe('the audit log speaks of people by name', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('names the actor and the person acted on once they accepted, never someone still invited (R-6)', async () => {
    const org = await createOrg(t);
    const { client: grace } = await member(t, org.id, 'grace@names.test', 'admin', { firstName: 'Grace', lastName: 'Hopper' });
    const { membershipId: bob } = await member(t, org.id, 'bob@names.test', 'learner', { firstName: 'Bob', lastName: 'Stone' });
    const invited = await grace.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'pat@names.test', role: 'learner' });
    const patId = invited.body.results[0].memberId;
    expect((await grace.patch(`/api/v1/orgs/${org.id}/members/${bob}`, { role: 'manager' })).status).toBe(200);
    expect((await grace.patch(`/api/v1/orgs/${org.id}/members/${patId}`, { role: 'manager' })).status).toBe(200);

    const log = await grace.get(`/api/v1/orgs/${org.id}/audit-log?action=member.role_changed`);
    expect(log.status).toBe(200);
    const byTarget = new Map(log.body.items.map((entry: { targetId: string }) => [entry.targetId, entry]));
    expect(byTarget.get(bob)).toMatchObject({ actor: 'grace@names.test', actorName: 'Grace Hopper', subjectName: 'Bob Stone' });
    expect(byTarget.get(patId)).toMatchObject({ actorName: 'Grace Hopper', subjectName: null });
    // The operator's own entries have no name; the action is one of the listed set.
    const created = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=org.created`);
    expect(created.body.items[0]).toMatchObject({ actor: 'operator', actorName: null });
    for (const entry of (await grace.get(`/api/v1/orgs/${org.id}/audit-log?limit=500`)).body.items) {
      expect(AUDIT_ACTIONS).toContain(entry.action);
    }
  });
});
