import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from '../../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';

describe('dashboard figures (R-38)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('counts seats over time, the funnel, time to accept, pending by age and failed emails', async () => {
    const org = await createOrg(t, { seats: 10 });
    const { client: admin } = await member(t, org.id, 'admin@stats.test', 'admin');
    await member(t, org.id, 'ann@stats.test');
    const sent = await admin.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'old@stats.test, new@stats.test, gone@stats.test, lapsed@stats.test',
    });
    const id = (email: string) => sent.body.results.find((r: { email: string }) => r.email === email).invitationId as string;
    expect((await admin.post(`/api/v1/orgs/${org.id}/invitations/${id('gone@stats.test')}/cancel`)).status).toBe(204);
    const db = t.database.db;
    await db.execute(sql`update invitations set created_at = now() - interval '10 days' where id = ${id('old@stats.test')}`);
    await db.execute(sql`update invitations set expires_at = now() - interval '1 hour' where id = ${id('lapsed@stats.test')}`);
    await db.execute(sql`update emails set status = 'failed', last_error = '550 no such user' where to_address = 'new@stats.test'`);

    const stats = await admin.get(`/api/v1/orgs/${org.id}/stats`);
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    const { seats, funnel, timeToAccept, pendingByAge, failedEmails } = stats.body;
    expect(seats).toMatchObject({ total: 10, used: 2 });
    expect(seats.series).toHaveLength(90);
    expect(seats.series.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), billable: 2 });
    expect(funnel).toHaveLength(12);
    const totals = funnel.reduce(
      (sum: Record<string, number>, week: Record<string, number>) => {
        for (const key of ['sent', 'accepted', 'expired', 'cancelled']) sum[key] = (sum[key] ?? 0) + (week[key] ?? 0);
        return sum;
      },
      {} as Record<string, number>,
    );
    expect(totals).toEqual({ sent: 6, accepted: 2, expired: 1, cancelled: 1 });
    expect(timeToAccept.count).toBe(2);
    expect(timeToAccept.buckets[0]).toEqual({ upToHours: 1, count: 2 });
    expect(timeToAccept.medianHours).toBeLessThan(1);
    expect(pendingByAge).toEqual([
      { upToDays: 1, count: 1 },
      { upToDays: 7, count: 0 },
      { upToDays: 30, count: 1 },
      { upToDays: 45, count: 0 },
      { upToDays: null, count: 0 },
    ]);
    expect(failedEmails.total).toBe(1);
    expect(failedEmails.byWeek.reduce((sum: number, week: { count: number }) => sum + week.count, 0)).toBe(1);
  });

  it('is for administrators', async () => {
    const org = await createOrg(t);
    const { client: manager } = await member(t, org.id, 'manager@stats.test', 'manager');
    const refused = await manager.get(`/api/v1/orgs/${org.id}/stats`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("Your role does not allow you to see the organization's dashboard.");
    expect((await t.anonymous().get(`/api/v1/orgs/${org.id}/stats`)).status).toBe(401);
  });
});
