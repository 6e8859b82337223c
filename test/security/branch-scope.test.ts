import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/sql.js';
import { member, teamOf } from '../support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../support/roster.js';

/**
 * A manager or user admin acts on their teams and everything below, and nowhere else (R-4,
 * A manager of branch X walks every route that names a person, an invitation or a
 * team — from the OpenAPI document — with the ids of branch Y: every call is refused, and
 * nothing in Y changes. A manager API key given branch X walks the same routes.
 */
describe('team scope', () => {
  let t: TestRoster;
  let org: { id: string };
  let managerX: Client;
  let keyX: Client;
  const idsY: Record<string, string> = {};

  const BODIES: Record<string, () => unknown> = {
    'POST /api/v1/orgs/{orgId}/invitations/{invitationId}/resend': () => ({ message: 'hi' }),
    'POST /api/v1/orgs/{orgId}/invitations/{invitationId}/cancel': () => ({}),
    'POST /api/v1/orgs/{orgId}/members/{memberId}/erase': () => ({}),
    'PATCH /api/v1/orgs/{orgId}/members/{memberId}': () => ({ role: 'learner' }),
    'PATCH /api/v1/orgs/{orgId}/teams/{teamId}': () => ({ name: 'Taken' }),
    'POST /api/v1/orgs/{orgId}/teams/{teamId}/members': () => ({ memberId: idsY.memberId, role: 'learner' }),
    'POST /api/v1/orgs/{orgId}/teams/{teamId}/trainings': () => ({ kind: 'course', title: 'Sneaky' }),
    'POST /api/v1/orgs/{orgId}/members/{memberId}/add-ons': () => ({ addOnId: idsY.addOnId }),
    'PATCH /api/v1/orgs/{orgId}/invite-links/{linkId}': () => ({ enabled: false }),
    'POST /api/v1/orgs/{orgId}/invite-links/{linkId}/rotate': () => ({}),
  };

  const snapshotY = async () =>
    queryRows(
      t.database.db,
      sql`select (select string_agg(status || role, ',' order by id) from memberships where org_id = ${org.id}) as memberships,
                 (select string_agg(status, ',' order by id) from invitations where org_id = ${org.id}) as invitations,
                 (select string_agg(name, ',' order by id) from teams where org_id = ${org.id}) as teams,
                 (select count(*)::int from team_members where org_id = ${org.id}) as placements,
                 (select count(*)::int from trainings where org_id = ${org.id}) as trainings,
                 (select count(*)::int from add_on_assignments where org_id = ${org.id}) as add_ons,
                 (select count(*)::int from emails where org_id = ${org.id}) as emails,
                 (select string_agg(key || enabled, ',' order by id) from invite_links where org_id = ${org.id}) as links`,
    );

  beforeAll(async () => {
    t = await startTestRoster();
    org = await createOrg(t);
    const manager = await member(t, org.id, 'manager@x.test', 'manager');
    managerX = manager.client;
    const branchX = await teamOf(t, org.id, { name: 'Branch X', managers: [manager.membershipId] });
    const key = await t.operator.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'Branch X sync', role: 'manager', teamIds: [branchX] });
    keyX = new Client(t.roster, key.body.secret);
    const learnerY = await member(t, org.id, 'learner@y.test', 'learner');
    idsY.memberId = learnerY.membershipId;
    idsY.teamId = await teamOf(t, org.id, { name: 'Branch Y', learners: [learnerY.membershipId] });
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'pending@y.test', teamIds: [idsY.teamId] });
    idsY.invitationId = invited.body.results[0].invitationId;
    const training = await t.operator.post(`/api/v1/orgs/${org.id}/teams/${idsY.teamId}/trainings`, { kind: 'course', title: 'Y course' });
    idsY.trainingId = training.body.id;
    const addOn = await t.operator.post(`/api/v1/orgs/${org.id}/licenses/add-ons`, { name: 'Cert', total: 5, transferable: true });
    idsY.addOnId = addOn.body.id;
    const link = await t.operator.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['y.test'], teamId: idsY.teamId });
    idsY.linkId = link.body.id;
  });

  it('keeps the manager to links into their own branch', async () => {
    const listed = await managerX.get(`/api/v1/orgs/${org.id}/invite-links`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((l: { id: string }) => l.id)).not.toContain(idsY.linkId);
    const created = await managerX.post(`/api/v1/orgs/${org.id}/invite-links`, { domains: ['x.test'], teamId: idsY.teamId });
    expect(created.status).toBe(403);
    expect((await managerX.patch(`/api/v1/orgs/${org.id}/join-page`, { enabled: false })).status).toBe(403);
  });
  afterAll(() => t.close());

  it.each([
    ['manager', () => managerX],
    ['manager key', () => keyX],
  ])("lists only the %s's own people", async (_, who) => {
    const list = await who().get(`/api/v1/orgs/${org.id}/members`);
    expect(list.status).toBe(200);
    const emails = list.body.items.map((m: { email: string }) => m.email);
    expect(emails).not.toContain('learner@y.test');
    expect(emails).not.toContain('pending@y.test');
    expect(Object.values(list.body.counts).reduce((a, b) => (a as number) + (b as number), 0)).toBe(list.body.items.length);
  });

  it.each([
    ['manager', () => managerX],
    ['manager key', () => keyX],
  ])("refuses the %s every route on branch Y's people, invitations and teams", async (_, who) => {
    const doc = (await t.anonymous().get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/orgs/{orgId}/') && /\{(memberId|invitationId|teamId|linkId)\}/.test(path))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const before = await snapshotY();
    for (const { method, path } of routes) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'orgId' ? org.id : (idsY[name] ?? 'missing')));
      const key = `${method} ${path}`;
      const body = method === 'GET' || method === 'DELETE' ? undefined : (BODIES[key]?.() ?? {});
      if (method !== 'GET' && method !== 'DELETE') expect.soft(key in BODIES, `sample body for ${key}`).toBe(true);
      const response = await who().request(method, url, body);
      expect.soft([403, 404], `${key} answered ${response.status}`).toContain(response.status);
    }
    expect(await snapshotY()).toEqual(before);
  });
});
