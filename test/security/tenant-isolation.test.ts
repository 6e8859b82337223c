import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/sql.js';
import { inviteToken, member } from '../support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../support/roster.js';

/**
 * Organizations never see each other's data. An admin of organization A walks every route
 * under /api/v1/orgs/{orgId} — taken from the OpenAPI document, so a new route cannot be
 * forgotten — first with B's organization id, then with A's id and B's record ids. Every call
 * must be refused with 404, and B must be unchanged afterwards. Then the same walk with an
 * administrator API key of A (R-16): a key of one organization is a stranger to every other.
 */
describe('tenant isolation', () => {
  let t: TestRoster;
  let adminA: Client;
  let keyA: Client;
  let orgA: { id: string };
  let orgB: { id: string };
  const idsB: Record<string, string> = {};

  /** A body each route accepts, so the refusal comes from scoping, not from validation. */
  const BODIES: Record<string, unknown | (() => unknown)> = {
    'PATCH /api/v1/orgs/{orgId}': { name: 'Taken over' },
    'POST /api/v1/orgs/{orgId}/invitations': { emails: 'intruder@example.com' },
    'POST /api/v1/orgs/{orgId}/invitations/{invitationId}/resend': { message: 'hi' },
    'POST /api/v1/orgs/{orgId}/invitations/{invitationId}/cancel': {},
    'POST /api/v1/orgs/{orgId}/users': {
      firstName: 'In',
      lastName: 'Truder',
      email: 'intruder2@example.com',
      password: 'long enough password',
    },
    'PATCH /api/v1/orgs/{orgId}/members/{memberId}': { note: 'x' },
    'POST /api/v1/orgs/{orgId}/teams': { name: 'Intruders', visibility: 'public' },
    'PATCH /api/v1/orgs/{orgId}/teams/{teamId}': { name: 'Renamed' },
    'POST /api/v1/orgs/{orgId}/teams/{teamId}/members': () => ({ memberId: idsB.memberId, role: 'learner' }),
    'POST /api/v1/orgs/{orgId}/teams/{teamId}/trainings': { kind: 'course', title: 'Intrusion' },
    'POST /api/v1/orgs/{orgId}/licenses/add-ons': { name: 'Stolen', total: 5, transferable: true },
    'PATCH /api/v1/orgs/{orgId}/licenses/add-ons/{addOnId}': { total: 99 },
    'POST /api/v1/orgs/{orgId}/members/{memberId}/add-ons': () => ({ addOnId: idsB.addOnId }),
    // Sent as JSON, not multipart: the organization is checked before the content type.
    'POST /api/v1/orgs/{orgId}/imports': {},
    'POST /api/v1/orgs/{orgId}/imports/{importId}/commit': {},
    'POST /api/v1/orgs/{orgId}/members/{memberId}/erase': {},
    'POST /api/v1/orgs/{orgId}/api-keys': { name: 'Intruder key', role: 'admin' },
    'POST /api/v1/orgs/{orgId}/webhooks': { url: 'https://intruder.example.com/hook', eventTypes: ['member.removed'] },
    'PATCH /api/v1/orgs/{orgId}/webhooks/{endpointId}': { url: 'https://intruder.example.com/hook' },
    'POST /api/v1/orgs/{orgId}/webhooks/{endpointId}/rotate-secret': {},
    'POST /api/v1/orgs/{orgId}/webhooks/{endpointId}/test': {},
    'POST /api/v1/orgs/{orgId}/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver': {},
    'POST /api/v1/orgs/{orgId}/invite-links': { domains: ['intruder.test'] },
    'PATCH /api/v1/orgs/{orgId}/invite-links/{linkId}': { enabled: false },
    'POST /api/v1/orgs/{orgId}/invite-links/{linkId}/rotate': {},
    'PATCH /api/v1/orgs/{orgId}/join-page': { enabled: false },
    'POST /api/v1/orgs/{orgId}/join-requests/approve': { all: true },
    'POST /api/v1/orgs/{orgId}/join-requests/decline': { all: true },
    'POST /api/v1/orgs/{orgId}/members/bulk': () => ({ action: 'cancel', ids: [idsB.memberId] }),
    'POST /api/v1/orgs/{orgId}/licenses/seat-requests': { seats: 5, message: 'More for the intruders' },
  };

  const snapshotB = async () =>
    queryRows<Record<string, unknown>>(
      t.database.db,
      sql`select (select row_to_json(o) from organizations o where id = ${orgB.id}) as org,
                 (select count(*)::int from memberships where org_id = ${orgB.id}) as memberships,
                 (select string_agg(status || role, ',' order by id) from memberships where org_id = ${orgB.id}) as states,
                 (select string_agg(status, ',' order by id) from invitations where org_id = ${orgB.id}) as invitations,
                 (select count(*)::int from audit_log where org_id = ${orgB.id}) as audit,
                 (select count(*)::int from emails where org_id = ${orgB.id}) as emails,
                 (select string_agg(name || visibility, ',' order by id) from teams where org_id = ${orgB.id}) as teams,
                 (select count(*)::int from team_members where org_id = ${orgB.id}) as placements,
                 (select count(*)::int from trainings where org_id = ${orgB.id}) as trainings,
                 (select string_agg(total || ':' || used, ',' order by id) from add_on_licenses where org_id = ${orgB.id}) as add_ons,
                 (select string_agg(status, ',' order by id) from imports where org_id = ${orgB.id}) as imports,
                 (select string_agg(name || coalesce(revoked_at::text, ''), ',' order by id) from api_keys where org_id = ${orgB.id}) as keys,
                 (select string_agg(url || status || secret, ',' order by id) from webhook_endpoints where org_id = ${orgB.id}) as endpoints,
                 (select count(*)::int from webhook_deliveries where org_id = ${orgB.id}) as deliveries,
                 (select count(*)::int from rate_limits) as rate_limit_rows,
                 (select string_agg(key || enabled || uses, ',' order by id) from invite_links where org_id = ${orgB.id}) as links,
                 (select row_to_json(p) from join_pages p where org_id = ${orgB.id}) as join_page,
                 (select string_agg(action || status, ',' order by id) from bulk_operations where org_id = ${orgB.id}) as bulk`,
    );

  beforeAll(async () => {
    t = await startTestRoster();
    orgA = await createOrg(t, { name: 'Org A' });
    orgB = await createOrg(t, { name: 'Org B' });
    adminA = (await member(t, orgA.id, 'admin@a.test', 'admin')).client;
    const b = await member(t, orgB.id, 'learner@b.test', 'learner');
    idsB.memberId = b.membershipId;
    await inviteToken(t, orgB.id, 'pending@b.test');
    const invitations = await t.operator.get(`/api/v1/orgs/${orgB.id}/invitations?status=pending`);
    idsB.invitationId = invitations.body.items[0].id;
    const team = await t.operator.post(`/api/v1/orgs/${orgB.id}/teams`, { name: 'B team', visibility: 'public' });
    idsB.teamId = team.body.id;
    await t.operator.post(`/api/v1/orgs/${orgB.id}/teams/${idsB.teamId}/members`, { memberId: idsB.memberId, role: 'learner' });
    const training = await t.operator.post(`/api/v1/orgs/${orgB.id}/teams/${idsB.teamId}/trainings`, { kind: 'course', title: 'B course' });
    idsB.trainingId = training.body.id;
    const addOn = await t.operator.post(`/api/v1/orgs/${orgB.id}/licenses/add-ons`, { name: 'B cert', total: 3, transferable: false });
    idsB.addOnId = addOn.body.id;
    await t.operator.post(`/api/v1/orgs/${orgB.id}/members/${idsB.memberId}/add-ons`, { addOnId: idsB.addOnId });
    const upload = await t.operator.upload(`/api/v1/orgs/${orgB.id}/imports`, 'b.csv', 'email\nnewcomer@b.test\n');
    idsB.importId = upload.body.id;
    const keyB = await t.operator.post(`/api/v1/orgs/${orgB.id}/api-keys`, { name: 'B key', role: 'admin' });
    idsB.keyId = keyB.body.id;
    const endpoint = await t.operator.post(`/api/v1/orgs/${orgB.id}/webhooks`, {
      url: 'https://b.example.com/hook',
      eventTypes: ['team.created'],
    });
    idsB.endpointId = endpoint.body.id;
    await t.operator.post(`/api/v1/orgs/${orgB.id}/webhooks/${idsB.endpointId}/test`);
    idsB.deliveryId = (await t.operator.get(`/api/v1/orgs/${orgB.id}/webhooks/${idsB.endpointId}/deliveries`)).body.items[0].id;
    const createdKeyA = await t.operator.post(`/api/v1/orgs/${orgA.id}/api-keys`, { name: 'A key', role: 'admin' });
    keyA = new Client(t.roster, createdKeyA.body.secret);
    const link = await t.operator.post(`/api/v1/orgs/${orgB.id}/invite-links`, { domains: ['b.test'] });
    idsB.linkId = link.body.id;
    await t.operator.patch(`/api/v1/orgs/${orgB.id}/join-page`, { enabled: true, slug: `b-${orgB.id.slice(-8)}` });
    const bulk = await t.operator.post(`/api/v1/orgs/${orgB.id}/members/bulk`, { action: 'resend', ids: [idsB.memberId] });
    idsB.operationId = bulk.body.id;
  });
  afterAll(() => t.close());

  async function orgRoutes(): Promise<{ method: string; path: string }[]> {
    const doc = (await t.anonymous().get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    return Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/orgs/{orgId}'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })));
  }

  function fill(path: string, ids: Record<string, string>): string {
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const id = ids[name];
      if (!id) throw new Error(`no id for {${name}} in ${path}`);
      return id;
    });
  }

  /** Routes whose query is required: without it they would answer 400 before scoping. */
  const QUERIES: Record<string, string> = {
    'GET /api/v1/orgs/{orgId}/billing': '?from=2026-01-01&to=2026-01-31',
  };

  async function call(method: string, path: string, url: string, as: Client = adminA) {
    const sample = BODIES[`${method} ${path}`];
    const body = method === 'GET' || method === 'DELETE' ? undefined : ((typeof sample === 'function' ? sample() : sample) ?? {});
    return as.request(method, `${url}${QUERIES[`${method} ${path}`] ?? ''}`, body);
  }

  /** Takes the rate-limit counters out of a snapshot: A's key counts its own requests. */
  const withoutCounters = (rows: Record<string, unknown>[]) => rows.map(({ rate_limit_rows: _, ...rest }) => rest);

  it('has a sample body for every write route, so refusals come from scoping', async () => {
    const routes = await orgRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const missing = routes
      .filter(({ method }) => method !== 'GET' && method !== 'DELETE')
      .map(({ method, path }) => `${method} ${path}`)
      .filter((key) => !(key in BODIES));
    expect(missing).toEqual([]);
  });

  it("refuses A's admin on every route with B's organization id", async () => {
    const before = await snapshotB();
    for (const { method, path } of await orgRoutes()) {
      const response = await call(method, path, fill(path, { orgId: orgB.id, ...idsB }));
      expect.soft(response.status, `${method} ${path}`).toBe(404);
    }
    expect(await snapshotB()).toEqual(before);
  });

  it("refuses B's record ids used under A's organization id", async () => {
    const before = await snapshotB();
    for (const { method, path } of await orgRoutes()) {
      if (!/\{(memberId|invitationId|teamId|trainingId|addOnId|importId|keyId|endpointId|linkId)\}/.test(path)) continue;
      const response = await call(method, path, fill(path, { orgId: orgA.id, ...idsB }));
      expect.soft(response.status, `${method} ${path}`).toBe(404);
    }
    expect(await snapshotB()).toEqual(before);
  });

  it("refuses A's API key on every route with B's organization id", async () => {
    const before = withoutCounters(await snapshotB());
    for (const { method, path } of await orgRoutes()) {
      const response = await call(method, path, fill(path, { orgId: orgB.id, ...idsB }), keyA);
      expect.soft(response.status, `${method} ${path}`).toBe(404);
    }
    expect(withoutCounters(await snapshotB())).toEqual(before);
  });

  it("refuses B's record ids used under A's organization id by A's API key", async () => {
    const before = withoutCounters(await snapshotB());
    for (const { method, path } of await orgRoutes()) {
      if (!/\{(memberId|invitationId|teamId|trainingId|addOnId|importId|keyId|endpointId)\}/.test(path)) continue;
      const response = await call(method, path, fill(path, { orgId: orgA.id, ...idsB }), keyA);
      // A key never manages keys (403 before any lookup); everything else is not found.
      const expected = path.includes('{keyId}') ? 403 : 404;
      expect.soft(response.status, `${method} ${path}`).toBe(expected);
    }
    expect(withoutCounters(await snapshotB())).toEqual(before);
  });
});
