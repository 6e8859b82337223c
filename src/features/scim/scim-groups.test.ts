import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const SCIM = { 'content-type': 'application/scim+json' };

type Member = { value: string; display?: string };

describe('SCIM Groups and Bulk (R-16)', () => {
  let t: TestRoster;
  let org: { id: string };
  let admin: Client;
  let scim: Client;
  let n = 0;

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    scim.request(method, `/scim/v2${path}`, body === undefined ? undefined : JSON.stringify(body), { ...SCIM, ...headers });
  const patch = (id: string, ...Operations: unknown[]) => call('PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations });
  const user = async (label = 'person'): Promise<string> => {
    const created = await call('POST', '/Users', { schemas: [USER], userName: `${label}-${++n}@groups.test` });
    if (created.status !== 201) throw new Error(`user: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id;
  };
  const group = async (displayName: string, members: string[] = []) => {
    const created = await call('POST', '/Groups', { schemas: [GROUP], displayName, members: members.map((value) => ({ value })) });
    if (created.status !== 201) throw new Error(`group: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { id: string; members: Member[]; meta: { version: string } };
  };
  const memberIds = async (id: string) => ((await call('GET', `/Groups/${id}`)).body.members as Member[]).map((m) => m.value).sort();
  const auditOf = async (action: string, teamId: string) => {
    const log = await admin.get(`/api/v1/orgs/${org.id}/audit-log?action=${action}&limit=200`);
    return (log.body.items as { targetId: string; actor: string; data: Record<string, unknown> }[]).filter((i) => i.targetId === teamId);
  };

  beforeAll(async () => {
    t = await startTestRoster();
    org = await createOrg(t, { name: 'Grouped Inc', seats: 400 });
    admin = (await member(t, org.id, 'admin@groups.test', 'admin')).client;
    const key = await admin.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'Entra', role: 'admin', scopes: ['scim'] });
    scim = new Client(t.roster, key.body.secret, '192.0.2.60');
    const hook = await admin.post(`/api/v1/orgs/${org.id}/webhooks`, {
      url: 'https://hooks.example.com/roster',
      eventTypes: ['team.created', 'team.changed', 'team.member_added', 'team.member_removed', 'team.deleted'],
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${JSON.stringify(hook.body)}`);
  });
  afterAll(() => t.close());

  it('states Groups and Bulk, with their limits, in the discovery endpoints', async () => {
    const config = await call('GET', '/ServiceProviderConfig');
    expect(config.body).toMatchObject({
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 1000 },
      etag: { supported: true },
      sort: { supported: true },
    });
    expect((await call('GET', '/ResourceTypes')).body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    expect((await call('GET', '/ResourceTypes/Group')).body).toMatchObject({ endpoint: '/Groups', schema: GROUP });
    const schema = await call('GET', `/Schemas/${GROUP}`);
    expect(schema.body.attributes.map((a: { name: string }) => a.name)).toEqual(['displayName', 'members']);
    // SCIM describes itself; the REST API's OpenAPI document leaves it out.
    const openapi = await admin.get('/api/v1/openapi.json');
    expect(Object.keys(openapi.body.paths).some((p) => p.startsWith('/scim'))).toBe(false);
  });

  it('creates a top-level team with its members: audit entries by the key, way in SCIM, the webhook events', async () => {
    const [a, b] = [await user(), await user()];
    const created = await call('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: [{ value: a }, { value: b }] });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${t.roster.services.config.publicUrl}/scim/v2/Groups/${created.body.id}`);
    expect(created.headers.etag).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({ schemas: [GROUP], displayName: 'Engineering', meta: { resourceType: 'Group' } });
    expect(created.body.members.map((m: Member) => m.value).sort()).toEqual([a, b].sort());
    const teams = await admin.get(`/api/v1/orgs/${org.id}/teams`);
    expect(teams.body.items.find((team: { id: string }) => team.id === created.body.id)).toMatchObject({
      name: 'Engineering',
      parentId: null,
      visibility: 'public',
      memberCount: 2,
    });
    const [entry] = await auditOf('team.created', created.body.id);
    expect(entry?.actor).toContain('API key "Entra"');
    expect(entry?.data.wayIn).toBe('scim');
    const added = await auditOf('team.member_added', created.body.id);
    expect(added.map((e) => e.data.memberId).sort()).toEqual([a, b].sort());
    expect(added.every((e) => e.data.wayIn === 'scim' && e.data.role === 'learner')).toBe(true);
    const events = await queryRows<{ type: string }>(
      t.database.db,
      sql`select type from webhook_events where org_id = ${org.id} and payload->'data'->>'objectId' = ${created.body.id} order by type`,
    );
    expect(events.map((e) => e.type)).toEqual(['team.created', 'team.member_added', 'team.member_added']);
  });

  it('refuses a second group of the same name ignoring case (409 uniqueness), and a bad member leaves no team', async () => {
    await group('Sales');
    const again = await call('POST', '/Groups', { schemas: [GROUP], displayName: 'SALES' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ scimType: 'uniqueness', status: '409' });
    const unknown = await call('POST', '/Groups', { displayName: 'Ghosts', members: [{ value: '00000000-0000-4000-8000-000000000000' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.scimType).toBe('invalidValue');
    const teams = await admin.get(`/api/v1/orgs/${org.id}/teams`);
    expect(teams.body.items.some((team: { name: string }) => team.name === 'Ghosts')).toBe(false);
    expect((await call('POST', '/Groups', { members: [] })).body.scimType).toBe('invalidValue');
  });

  it('lists with displayName filters, pages, and leaves members out cheaply when asked', async () => {
    const a = await user();
    await group('Filter One', [a]);
    await group('Filter Two');
    const eq = await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "filter one"')}`);
    expect(eq.body.totalResults).toBe(1);
    expect(eq.body.Resources[0]).toMatchObject({ displayName: 'Filter One', members: [{ value: a, type: 'User' }] });
    const sw = await call('GET', `/Groups?filter=${encodeURIComponent('displayName sw "Filter"')}&sortBy=displayName&count=1&startIndex=2`);
    expect(sw.body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 });
    expect(sw.body.Resources[0].displayName).toBe('Filter Two');
    const bare = await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Filter One"')}&excludedAttributes=members`);
    expect(bare.body.Resources[0].members).toBeUndefined();
    expect(bare.body.Resources[0].meta.version).toBe(eq.body.Resources[0].meta.version);
    const only = await call('GET', `/Groups?attributes=displayName&filter=${encodeURIComponent(`members[value eq "${a}"]`)}`);
    expect(only.body.Resources).toEqual([
      { schemas: [GROUP], id: expect.any(String), displayName: 'Filter One', meta: expect.objectContaining({ resourceType: 'Group' }) },
    ]);
    expect((await call('GET', '/Groups?count=0')).body.Resources).toEqual([]);
    expect((await call('GET', `/Groups?filter=${encodeURIComponent('title eq "x"')}`)).body.scimType).toBe('invalidFilter');
  });

  it('renames by PUT and by PATCH, in any letter case and without a path (Okta)', async () => {
    const a = await user();
    const g = await group('Support', [a]);
    const put = await call('PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: 'Customer Support', members: [{ value: a }] });
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe('Customer Support');
    expect((await patch(g.id, { op: 'Replace', path: 'displayName', value: 'Care' })).body.displayName).toBe('Care');
    const okta = await patch(g.id, { op: 'replace', value: { id: g.id, displayName: 'Care Team' } });
    expect(okta.body).toMatchObject({ displayName: 'Care Team' });
    expect(okta.body.members.map((m: Member) => m.value)).toEqual([a]);
    const renamed = await auditOf('team.renamed', g.id);
    expect(renamed.map((e) => e.data.to)).toEqual(['Care Team', 'Care', 'Customer Support']);
    await group('Taken');
    const clash = await patch(g.id, { op: 'replace', path: 'displayName', value: 'taken' });
    expect(clash.status).toBe(409);
    expect(clash.body.scimType).toBe('uniqueness');
    const gone = await patch(g.id, { op: 'remove', path: 'displayName' });
    expect(gone.body.scimType).toBe('mutability');
  });

  it('PATCH members: add merges, remove by filter or by list, replace, with the op in any case', async () => {
    const [a, b, c, d] = [await user(), await user(), await user(), await user()];
    const g = await group('Platform', [a]);
    await patch(g.id, { op: 'Add', path: 'members', value: [{ value: b }, { value: c }] });
    expect(await memberIds(g.id)).toEqual([a, b, c].sort());
    await patch(g.id, { op: 'REMOVE', path: `members[value eq "${b}"]` });
    expect(await memberIds(g.id)).toEqual([a, c].sort());
    // Entra: remove with the members in the value.
    await patch(g.id, { op: 'Remove', path: 'members', value: [{ value: c }] });
    expect(await memberIds(g.id)).toEqual([a]);
    // Okta: no path, the members in an object, added to those there.
    await patch(g.id, { op: 'add', value: { members: [{ value: d, display: 'd' }] } });
    expect(await memberIds(g.id)).toEqual([a, d].sort());
    await patch(g.id, { op: 'replace', path: 'members', value: [{ value: b }, { value: d }] });
    expect(await memberIds(g.id)).toEqual([b, d].sort());
    const removed = await auditOf('team.member_removed', g.id);
    expect(removed.map((e) => e.data.memberId).sort()).toEqual([a, b, c].sort());
    expect(removed.every((e) => e.data.wayIn === 'scim')).toBe(true);
    // An empty list removes nobody (a provider's empty diff must not empty the team); no value removes everyone.
    await patch(g.id, { op: 'remove', path: 'members', value: [] });
    expect(await memberIds(g.id)).toEqual([b, d].sort());
    await patch(g.id, { op: 'remove', path: 'members' });
    expect(await memberIds(g.id)).toEqual([]);
  });

  it('refuses what it cannot do, changing nothing: noTarget, invalidValue, invalidPath, invalidSyntax, 404, 412', async () => {
    const [a, b] = [await user(), await user()];
    const g = await group('Refusals', [a]);
    const missing = await patch(g.id, { op: 'remove', path: `members[value eq "${b}"]` });
    expect(missing.status).toBe(400);
    expect(missing.body.scimType).toBe('noTarget');
    const unknown = await patch(g.id, { op: 'add', path: 'members', value: [{ value: b }, { value: 'not-an-id' }] });
    expect(unknown.body.scimType).toBe('invalidValue');
    expect(await memberIds(g.id)).toEqual([a]);
    expect((await patch(g.id, { op: 'add', path: 'owners', value: [] })).body.scimType).toBe('invalidPath');
    expect((await patch(g.id, { op: 'move', path: 'members', value: [] })).body.scimType).toBe('invalidSyntax');
    expect((await call('GET', '/Groups/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // A removed member cannot be put in a group until made active again.
    await call('PATCH', `/Users/${b}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: 'False' } }] });
    const inactive = await patch(g.id, { op: 'add', path: 'members', value: [{ value: b }] });
    expect(inactive.body.scimType).toBe('invalidValue');
    const stale = await call(
      'PATCH',
      `/Groups/${g.id}`,
      { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [] }] },
      {
        'if-match': 'W/"stale"',
      },
    );
    expect(stale.status).toBe(412);
    const fresh = await call('PUT', `/Groups/${g.id}`, { displayName: 'Refusals', members: [] }, { 'if-match': g.meta.version });
    expect(fresh.status).toBe(200);
    expect(fresh.body.meta.version).not.toBe(g.meta.version);
  });

  it('follows team rules: a learner added to a public team inside another is placed in it too', async () => {
    const parent = await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Company', visibility: 'public' });
    const child = await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Design', visibility: 'public', parentId: parent.body.id });
    const a = await user();
    const found = await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Design"')}`);
    expect(found.body.Resources[0].id).toBe(child.body.id);
    await patch(child.body.id, { op: 'add', path: 'members', value: [{ value: a }] });
    const above = await admin.get(`/api/v1/orgs/${org.id}/teams/${parent.body.id}/members`);
    expect(above.body.items).toEqual([expect.objectContaining({ memberId: a, direct: false })]);
    // Members of a group are those placed in the team itself.
    expect(await memberIds(parent.body.id)).toEqual([]);
    // Deleting a team with a team inside it is refused as in the REST API; nothing is taken out.
    const refused = await call('DELETE', `/Groups/${parent.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('inside it');
    const deleted = await call('DELETE', `/Groups/${child.body.id}`);
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/Groups/${child.body.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/orgs/${org.id}/teams/${parent.body.id}/members`)).body.items).toEqual([]);
    const [entry] = await auditOf('team.deleted', child.body.id);
    expect(entry?.data.wayIn).toBe('scim');
  });

  it('Bulk: users and a group naming them by bulkId, in one request, each through its own use case', async () => {
    const Operations = [
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'g',
        data: { displayName: 'Bulk Team', members: [{ value: 'bulkId:u1' }, { value: 'bulkId:u2' }] },
      },
      { method: 'POST', path: '/Users', bulkId: 'u1', data: { schemas: [USER], userName: `bulk-1-${++n}@groups.test` } },
      { method: 'post', path: '/Users', bulkId: 'u2', data: { schemas: [USER], userName: `bulk-2-${++n}@groups.test` } },
      {
        method: 'PATCH',
        path: '/Groups/bulkId:g',
        data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Bulk Team 2' }] },
      },
    ];
    const response = await call('POST', '/Bulk', { schemas: [BULK], Operations });
    expect(response.status).toBe(200);
    const results = response.body.Operations as { bulkId: string; status: string; location: string }[];
    expect(results.map((r) => [r.bulkId, r.status])).toEqual([
      ['u1', '201'],
      ['u2', '201'],
      ['g', '201'],
      [undefined, '200'],
    ]);
    const groupId = results[2]?.location.split('/').at(-1) ?? '';
    const g = await call('GET', `/Groups/${groupId}`);
    expect(g.body.displayName).toBe('Bulk Team 2');
    expect(g.body.members.map((m: Member) => m.value).sort()).toEqual(
      [results[0], results[1]].map((r) => r?.location.split('/').at(-1)).sort(),
    );
  });

  it('Bulk: errors per operation, failOnErrors, references to failed operations, and the stated limits', async () => {
    const taken = `taken-${++n}@groups.test`;
    await call('POST', '/Users', { userName: taken });
    const Operations = [
      { method: 'POST', path: '/Users', bulkId: 'dup', data: { userName: taken } },
      { method: 'POST', path: '/Groups', bulkId: 'g', data: { displayName: 'Needs Dup', members: [{ value: 'bulkId:dup' }] } },
      { method: 'POST', path: '/Groups', bulkId: 'ok', data: { displayName: 'Never Run' } },
    ];
    const stopped = await call('POST', '/Bulk', { schemas: [BULK], failOnErrors: 2, Operations });
    expect(stopped.body.Operations.map((o: { status: string }) => o.status)).toEqual(['409', '409']);
    expect(stopped.body.Operations[0].response).toMatchObject({ scimType: 'uniqueness' });
    expect(stopped.body.Operations[1].response.detail).toContain('"dup" failed');
    const teams = await admin.get(`/api/v1/orgs/${org.id}/teams`);
    expect(teams.body.items.filter((team: { name: string }) => ['Needs Dup', 'Never Run'].includes(team.name))).toEqual([]);

    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ method: 'DELETE', path: `/Users/${i}` }));
    const over = await call('POST', '/Bulk', { schemas: [BULK], Operations: tooMany });
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ status: '413', scimType: 'tooMany' });
    const large = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [{ method: 'POST', path: '/Groups', bulkId: 'x', data: { displayName: 'x'.repeat(1_100_000) } }],
    });
    expect(large.status).toBe(413);
    expect(large.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    const noBulkId = await call('POST', '/Bulk', { Operations: [{ method: 'POST', path: '/Groups', data: { displayName: 'X' } }] });
    expect(noBulkId.body.scimType).toBe('invalidSyntax');
  });

  it("never reaches another organization's teams or people", async () => {
    const other = await createOrg(t, { name: 'Elsewhere Ltd', seats: 5 });
    const otherAdmin = await member(t, other.id, 'admin@elsewhere.test', 'admin');
    const team = await otherAdmin.client.post(`/api/v1/orgs/${other.id}/teams`, { name: 'Theirs', visibility: 'public' });
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { displayName: 'Taken over' }],
      ['PATCH', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Taken over' }] }],
      ['DELETE', undefined],
    ] as const) {
      expect((await call(method, `/Groups/${team.body.id}`, body)).status, method).toBe(404);
    }
    expect((await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Theirs"')}`)).body.totalResults).toBe(0);
    const g = await group('Ours');
    const theirs = await patch(g.id, { op: 'add', path: 'members', value: [{ value: otherAdmin.membershipId }] });
    expect(theirs.body.scimType).toBe('invalidValue');
    const still = await otherAdmin.client.get(`/api/v1/orgs/${other.id}/teams`);
    expect(still.body.items.map((i: { name: string }) => i.name)).toEqual(['Theirs']);
  });

  it('adds many members in one PATCH, each with their placement, audit entry and event', async () => {
    const Operations = Array.from({ length: 60 }, (_, i) => ({
      method: 'POST',
      path: '/Users',
      bulkId: `p${i}`,
      data: { userName: `many-${i}-${++n}@groups.test` },
    }));
    const made = await call('POST', '/Bulk', { Operations });
    const ids = (made.body.Operations as { location: string }[]).map((o) => o.location.split('/').at(-1) ?? '');
    expect(ids).toHaveLength(60);
    const g = await group('Many', ids.slice(0, 20));
    const response = await patch(g.id, { op: 'add', path: 'members', value: ids.map((value) => ({ value })) });
    expect(response.status).toBe(200);
    expect(response.body.members).toHaveLength(60);
    expect(await auditOf('team.member_added', g.id)).toHaveLength(60);
    const events = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from webhook_events where org_id = ${org.id} and type = 'team.member_added' and payload->'data'->>'objectId' = ${g.id}`,
    );
    expect(events[0]?.n).toBe(60);
  });
});
