import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo } from '../../../test/support/mail.js';
import { member, teamOf } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';

describe('bulk actions on the members view', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const bulk = (orgId: string, body: unknown, by: Client = t.operator) => by.post(`/api/v1/orgs/${orgId}/members/bulk`, body);
  /** Runs the background job, then reads the operation as its starter would. */
  async function finished(orgId: string, operationId: string, by: Client = t.operator) {
    await t.drainImports();
    await t.drain();
    const read = await by.get(`/api/v1/orgs/${orgId}/members/bulk/${operationId}`);
    expect(read.status).toBe(200);
    return read.body;
  }
  async function inviteAll(orgId: string, emails: string[], by: Client = t.operator): Promise<string[]> {
    const response = await by.post(`/api/v1/orgs/${orgId}/invitations`, { emails, role: 'learner' });
    expect(response.status).toBe(200);
    return response.body.results.map((r: { memberId: string }) => r.memberId);
  }
  const audit = async (orgId: string, action: string) =>
    (await t.operator.get(`/api/v1/orgs/${orgId}/audit-log?action=${action}&limit=200`)).body.items as {
      actor: string;
      targetId: string;
      data: Record<string, unknown>;
    }[];

  it('resends the chosen invitations in the background, each one audited as its starter', async () => {
    const org = await createOrg(t);
    const { client: admin } = await member(t, org.id, 'boss@bulk.test', 'admin');
    const ids = await inviteAll(org.id, ['a@bulk.test', 'b@bulk.test', 'c@bulk.test']);
    await t.drain();

    const started = await bulk(org.id, { action: 'resend', ids, message: 'A gentle reminder' }, admin);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      action: 'resend',
      selection: 'ids',
      status: 'queued',
      total: 3,
      succeeded: 0,
      createdBy: 'boss@bulk.test',
    });

    // Run, but not its mail yet: the reminders wait as bulk mail (decision 0009), after any mail
    // someone is waiting for.
    await t.drainImports();
    const queued = await queryRows<{ to_address: string; priority: number; kept_as_words: boolean }>(
      t.database.db,
      sql`select e.to_address, j.priority, e.body is not null as kept_as_words
          from emails e join jobs j on j.kind = 'send-email' and (j.payload->>'emailId' = e.id::text or j.payload->'emailIds' ? e.id::text)
          where e.org_id = ${org.id} and e.kind = 'invitation-reminder' order by e.to_address`,
    );
    expect(queued).toEqual(
      ['a@bulk.test', 'b@bulk.test', 'c@bulk.test'].map((to) => ({ to_address: to, priority: 1, kept_as_words: true })),
    );

    const done = await finished(org.id, started.body.id, admin);
    expect(done).toMatchObject({ status: 'done', total: 3, succeeded: 3, refused: 0, refusals: [] });
    expect(done.finishedAt).not.toBeNull();
    const resent = await audit(org.id, 'invitation.resent');
    expect(resent).toHaveLength(3);
    expect(new Set(resent.map((entry) => entry.actor))).toEqual(new Set(['boss@bulk.test']));
    for (const address of ['a@bulk.test', 'b@bulk.test', 'c@bulk.test']) {
      const mail = await emailsTo(t, address);
      expect(mail).toHaveLength(2);
      expect(mail.some((m) => (m.text ?? '').includes('A gentle reminder'))).toBe(true);
    }
  });

  it('acts on every person a filter matches, across pages, and only on them', async () => {
    const org = await createOrg(t, { seats: 10 });
    const pending = Array.from({ length: 230 }, (_, n) => `p${n}@filter.test`);
    await inviteAll(org.id, pending);
    const { membershipId: activeId } = await member(t, org.id, 'stays@filter.test');
    await t.drain();

    const started = await bulk(org.id, { action: 'cancel', filter: { status: 'pending' } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ selection: 'filter', total: null });
    const done = await finished(org.id, started.body.id);
    expect(done).toMatchObject({ status: 'done', total: 230, succeeded: 230, refused: 0 });

    const counts = (await t.operator.get(`/api/v1/orgs/${org.id}/members`)).body.counts;
    expect(counts).toMatchObject({ pending: 0, cancelled: 230, active: 1 });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members/${activeId}`)).body.status).toBe('active');
    expect(await audit(org.id, 'invitation.cancelled')).toHaveLength(200); // the log's page; the count below is exact
    const [logged] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where org_id = ${org.id} and action = 'invitation.cancelled'`,
    );
    expect(Number(logged?.n)).toBe(230);
  });

  it('a search filter finds people as the list does', async () => {
    const org = await createOrg(t);
    await inviteAll(org.id, ['ann@search.test', 'anna@search.test', 'bob@search.test']);
    const started = await bulk(org.id, { action: 'change_role', role: 'manager', filter: { q: 'ann', status: 'pending' } });
    const done = await finished(org.id, started.body.id);
    expect(done).toMatchObject({ total: 2, succeeded: 2 });
    const managers = (await t.operator.get(`/api/v1/orgs/${org.id}/members?status=pending&role=manager`)).body.items;
    expect(managers.map((m: { email: string }) => m.email).sort()).toEqual(['ann@search.test', 'anna@search.test']);
    expect(await audit(org.id, 'member.role_changed')).toHaveLength(2);
  });

  it('a manager acts on their branch only: each other person is refused, with the reason', async () => {
    const org = await createOrg(t);
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'mona@branch.test', 'manager');
    const { membershipId: mine } = await member(t, org.id, 'lea@branch.test');
    const { membershipId: elsewhere } = await member(t, org.id, 'otto@branch.test');
    const { membershipId: bossId } = await member(t, org.id, 'boss@branch.test', 'admin');
    await teamOf(t, org.id, { name: 'EMEA', managers: [managerId], learners: [mine] });
    await teamOf(t, org.id, { name: 'APAC', learners: [elsewhere] });

    const started = await bulk(org.id, { action: 'remove', ids: [mine, elsewhere, bossId, managerId] }, manager);
    expect(started.status).toBe(202);
    const done = await finished(org.id, started.body.id, manager);
    expect(done).toMatchObject({ status: 'done', total: 4, succeeded: 1, refused: 3 });
    expect(done.refusals.map((r: { email: string }) => r.email)).toEqual(['otto@branch.test', 'boss@branch.test', 'mona@branch.test']);
    expect(done.refusals[0].reason).toMatch(/not in one of your teams/);
    expect(done.refusals[1].reason).toMatch(/not in one of your teams/);
    const status = async (id: string) => (await t.operator.get(`/api/v1/orgs/${org.id}/members/${id}`)).body.status;
    expect(await status(mine)).toBe('removed');
    expect(await status(elsewhere)).toBe('active');
    expect(await status(bossId)).toBe('active');
    expect(await audit(org.id, 'member.removed')).toHaveLength(1);

    // A filter reads the manager's branch only: the other team's learners are never in it.
    const everyone = await bulk(org.id, { action: 'change_role', role: 'learner', filter: { status: 'active' } }, manager);
    const read = await finished(org.id, everyone.body.id, manager);
    expect(read.total).toBe(0);
    expect(read.status).toBe('done');
  });

  it('adds the chosen people to a team, and refuses a team the caller does not manage per person', async () => {
    const org = await createOrg(t);
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'max@teams.test', 'manager');
    const { membershipId: learner } = await member(t, org.id, 'lu@teams.test');
    const emea = await teamOf(t, org.id, { name: 'EMEA', managers: [managerId], learners: [learner] });
    const apac = await teamOf(t, org.id, { name: 'APAC' });
    const ids = await inviteAll(org.id, ['x@teams.test', 'y@teams.test']);

    const added = await finished(org.id, (await bulk(org.id, { action: 'add_to_team', teamId: apac, ids })).body.id);
    expect(added).toMatchObject({ succeeded: 2, refused: 0 });
    const inApac = (await t.operator.get(`/api/v1/orgs/${org.id}/members?status=pending&team=${apac}`)).body.items;
    expect(inApac).toHaveLength(2);
    expect(await audit(org.id, 'team.member_added')).toHaveLength(3);

    const refused = await finished(
      org.id,
      (await bulk(org.id, { action: 'add_to_team', teamId: apac, ids: [learner] }, manager)).body.id,
      manager,
    );
    expect(refused).toMatchObject({ succeeded: 0, refused: 1 });
    expect(refused.refusals[0].reason).toMatch(/"APAC" is not one of them/);
    expect(emea).toBeTruthy();
  });

  it('refuses a request that cannot be carried out, leaving nothing behind', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const [stranger] = await inviteAll(other.id, ['stranger@other.test']);
    const [pendingId] = await inviteAll(org.id, ['p@refuse.test']);
    const { client: learner } = await member(t, org.id, 'lena@refuse.test');
    const { client: manager } = await member(t, org.id, 'mark@refuse.test', 'manager');
    const operations = async () =>
      (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from bulk_operations where org_id = ${org.id}`))[0]?.n;

    const cases: [unknown, number, RegExp][] = [
      [{ action: 'resend', ids: [] }, 400, /Nobody is selected/],
      [{ action: 'resend' }, 400, /Choose the people/],
      [{ action: 'resend', ids: [pendingId], filter: { status: 'pending' } }, 400, /either the chosen ids or a filter/],
      [{ action: 'explode', ids: [pendingId] }, 400, /action/],
      [{ action: 'change_role', ids: [pendingId] }, 400, /Choose the role/],
      [{ action: 'add_to_team', ids: [pendingId] }, 400, /Choose the team/],
      [{ action: 'remove', role: 'admin', ids: [pendingId] }, 400, /change role/],
      [{ action: 'cancel', ids: [pendingId, stranger] }, 400, /1 of the chosen people are not in this organization/],
      [{ action: 'add_to_team', teamId: '018f0000-0000-7000-8000-000000000000', ids: [pendingId] }, 404, /team was not found/],
      [{ action: 'cancel', filter: { status: 'sleeping' } }, 400, /status/],
    ];
    for (const [body, status, detail] of cases) {
      const response = await bulk(org.id, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(response.body), JSON.stringify(body)).toMatch(detail);
    }
    const byLearner = await bulk(org.id, { action: 'cancel', ids: [pendingId] }, learner);
    expect(byLearner.status).toBe(403);
    expect(byLearner.body.detail).toMatch(/act on many members at once/);
    expect((await bulk(other.id, { action: 'cancel', ids: [stranger] }, manager)).status).toBe(404);
    expect(await operations()).toBe(0);

    // Someone else's operation does not exist for a manager; an unknown one is "not found".
    const mine = await bulk(org.id, { action: 'cancel', ids: [pendingId] });
    expect((await manager.get(`/api/v1/orgs/${org.id}/members/bulk/${mine.body.id}`)).status).toBe(404);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members/bulk/018f0000-0000-7000-8000-000000000000`)).status).toBe(404);
    expect((await t.operator.get(`/api/v1/orgs/${other.id}/members/bulk/${mine.body.id}`)).status).toBe(404);
  });

  it('stops, saying why, when its starter lost the right before it ran', async () => {
    const org = await createOrg(t);
    const { client: admin, membershipId: adminId } = await member(t, org.id, 'ex@stop.test', 'admin');
    await member(t, org.id, 'stays@stop.test', 'admin');
    const ids = await inviteAll(org.id, ['q@stop.test']);
    const started = await bulk(org.id, { action: 'cancel', ids }, admin);
    expect((await t.operator.patch(`/api/v1/orgs/${org.id}/members/${adminId}`, { role: 'learner' })).status).toBe(200);
    await t.drainImports();
    const read = await t.operator.get(`/api/v1/orgs/${org.id}/members/bulk/${started.body.id}`);
    expect(read.body).toMatchObject({ status: 'failed', succeeded: 0 });
    expect(read.body.error).toMatch(/Stopped: Your role does not allow you to act on many members at once/);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/members/${ids[0]}`)).body.status).toBe('pending');
  });
});
