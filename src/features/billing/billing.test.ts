import { sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { endExpiredPlans } from '../orgs/end-expired-plans.js';

describe('billing report (R-25)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const report = (orgId: string, from: string, to: string) => t.operator.get(`/api/v1/orgs/${orgId}/billing?from=${from}&to=${to}`);

  /**
   * A known history, made by Roster's own flows (set-up, invitation accepted, removal, re-add,
   * plan expiry), whose events are then moved to known instants, in the order they happened.
   */
  async function knownHistory() {
    const org = await createOrg(t, { seats: 10 });
    const setUp = await t.operator.post(`/api/v1/orgs/${org.id}/users`, {
      firstName: 'Ada',
      lastName: 'Setup',
      email: 'ada@billing.test',
      sendPasswordLink: true,
    });
    expect(setUp.status, JSON.stringify(setUp.body)).toBe(201);
    await t.drain(); // billable once the set-up email is sent
    const { membershipId: bob } = await member(t, org.id, 'bob@billing.test');
    expect((await t.operator.delete(`/api/v1/orgs/${org.id}/members/${bob}`)).status).toBe(204);
    // Re-added by an administrator: the account comes back, billable once told so.
    const readd = await t.operator.post(`/api/v1/orgs/${org.id}/users`, { firstName: 'Bob', lastName: 'Back', email: 'bob@billing.test' });
    expect(readd.status, JSON.stringify(readd.body)).toBe(201);
    await t.drain();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await t.operator.patch(`/api/v1/orgs/${org.id}`, { renewalDate: yesterday })).status).toBe(200);
    expect(await endExpiredPlans(t.database.db)).toBeGreaterThanOrEqual(1);

    const events = await queryRows<{ id: number; kind: string; reason: string; email: string }>(
      t.database.db,
      sql`select b.id, b.kind, b.reason, m.email from billing_events b join memberships m on m.id = b.membership_id
          where b.org_id = ${org.id} order by b.id`,
    );
    const at: Record<string, string[]> = {
      'ada@billing.test': ['2026-01-05T10:00:00Z', '2026-01-25T08:00:00Z'],
      'bob@billing.test': ['2026-01-10T09:00:00Z', '2026-01-15T12:00:00Z', '2026-01-15T18:00:00Z', '2026-01-25T08:00:00Z'],
    };
    expect(events.map((e) => [e.email, e.kind, e.reason])).toEqual([
      ['ada@billing.test', 'start', 'setup-notified'],
      ['bob@billing.test', 'start', 'invitation-accepted'],
      ['bob@billing.test', 'stop', 'removed'],
      ['bob@billing.test', 'start', 'setup-notified'],
      expect.arrayContaining(['stop', 'plan-expired']),
      expect.arrayContaining(['stop', 'plan-expired']),
    ]);
    for (const event of events) {
      const when = at[event.email]?.shift();
      await t.database.db.execute(sql`update billing_events set at = ${when}::timestamptz where id = ${event.id}`);
    }
    return org;
  }

  it('gives billable intervals, days and totals to the day for any period', async () => {
    const org = await knownHistory();

    const january = await report(org.id, '2026-01-01', '2026-01-31');
    expect(january.status, JSON.stringify(january.body)).toBe(200);
    expect(january.body.period).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(january.body.totals).toEqual({ billableSeatDays: 37, peakBillable: 2, newBillableMembers: 2 });
    const [ada, bob] = january.body.members;
    expect(ada).toMatchObject({
      email: 'ada@billing.test',
      billableDays: 21, // 5 to 25 January
      isNew: true,
      intervals: [{ from: '2026-01-05T10:00:00.000Z', to: '2026-01-25T08:00:00.000Z' }],
    });
    expect(bob).toMatchObject({
      email: 'bob@billing.test',
      billableDays: 16, // 10 to 15 January, then 15 (counted once) to 25
      isNew: true,
      intervals: [
        { from: '2026-01-10T09:00:00.000Z', to: '2026-01-15T12:00:00.000Z' },
        { from: '2026-01-15T18:00:00.000Z', to: '2026-01-25T08:00:00.000Z' },
      ],
    });

    // Clipped to a period that starts while both are billable: nobody is new.
    const middle = await report(org.id, '2026-01-12', '2026-01-20');
    expect(middle.body.totals).toEqual({ billableSeatDays: 18, peakBillable: 2, newBillableMembers: 0 });
    expect(middle.body.members[1].intervals).toEqual([
      { from: '2026-01-12T00:00:00.000Z', to: '2026-01-15T12:00:00.000Z' },
      { from: '2026-01-15T18:00:00.000Z', to: null },
    ]);
    const oneDay = await report(org.id, '2026-01-15', '2026-01-15');
    expect(oneDay.body.totals).toEqual({ billableSeatDays: 2, peakBillable: 2, newBillableMembers: 0 });
    // Bob's gap on the 15th: only Ada is billable from 12:00 to 18:00, then both again.
    const late = await report(org.id, '2026-01-25', '2026-02-28');
    expect(late.body.totals).toEqual({ billableSeatDays: 2, peakBillable: 2, newBillableMembers: 0 });
    const february = await report(org.id, '2026-02-01', '2026-02-28');
    expect(february.body).toMatchObject({ members: [], totals: { billableSeatDays: 0, peakBillable: 0, newBillableMembers: 0 } });

    const csv = await t.operator.get<string>(`/api/v1/orgs/${org.id}/billing?from=2026-01-01&to=2026-01-31&format=csv`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-disposition'])).toContain('billing-2026-01-01-2026-01-31.csv');
    const lines = Papa.parse<string[]>(csv.body.slice(1), { skipEmptyLines: true }).data;
    expect(lines[0]).toEqual(['member_id', 'email', 'billable_days', 'new', 'intervals']);
    expect(lines.slice(1).map((line) => [line[1], line[2], line[3]])).toEqual([
      ['ada@billing.test', '21', 'yes'],
      ['bob@billing.test', '16', 'yes'],
      ['2026-01-01 to 2026-01-31', '37', '2'],
    ]);

    // The operator's report across organizations carries the same totals.
    const all = await t.operator.get('/api/v1/billing?from=2026-01-01&to=2026-01-31');
    expect(all.status).toBe(200);
    expect(all.body.items.find((item: { orgId: string }) => item.orgId === org.id)).toMatchObject({
      billableSeatDays: 37,
      peakBillable: 2,
      newBillableMembers: 2,
    });
    const allCsv = await t.operator.get<string>('/api/v1/billing?from=2026-01-01&to=2026-01-31&format=csv');
    expect(allCsv.body).toContain(`${org.id},Acme Learning,`);
  });

  it('refuses bad periods, non-administrators, and the cross-organization report to anyone but the operator', async () => {
    const org = await createOrg(t);
    const { client: manager } = await member(t, org.id, 'manager@billing-refuse.test', 'manager');
    const { client: admin } = await member(t, org.id, 'admin@billing-refuse.test', 'admin');
    expect((await admin.get(`/api/v1/orgs/${org.id}/billing?from=2026-01-01&to=2026-01-31`)).status).toBe(200);
    const forManager = await manager.get(`/api/v1/orgs/${org.id}/billing?from=2026-01-01&to=2026-01-31`);
    expect(forManager.status).toBe(403);
    expect(forManager.body.detail).toBe("Your role does not allow you to see the organization's billing report.");
    const backwards = await report(org.id, '2026-02-01', '2026-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.detail).toBe('"from" must not be after "to".');
    const notADate = await report(org.id, '2026-02-30', '2026-03-01');
    expect(notADate.status).toBe(400);
    expect(notADate.body.detail).toBe('"from" must be a date such as 2026-01-31.');
    expect((await report(org.id, '2000-01-01', '2026-01-01')).body.detail).toBe('A billing period is at most 3660 days long.');
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/billing?from=2026-01-01`)).status).toBe(400);
    const notOperator = await admin.get('/api/v1/billing?from=2026-01-01&to=2026-01-31');
    expect(notOperator.status).toBe(403);
    expect(notOperator.body.detail).toBe('Only the platform operator sees billing across organizations.');
    expect((await t.anonymous().get('/api/v1/billing?from=2026-01-01&to=2026-01-31')).status).toBe(401);
  });
});
