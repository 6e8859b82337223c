import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, teamOf } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SCIM = { 'content-type': 'application/scim+json' };

describe('SCIM Users (R-16)', () => {
  let t: TestRoster;
  let org: { id: string };
  let admin: Client;
  let scim: Client;
  let n = 0;

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    scim.request(method, `/scim/v2${path}`, body === undefined ? undefined : JSON.stringify(body), { ...SCIM, ...headers });
  const create = (userName: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/Users', { schemas: [USER], userName, name: { givenName: 'Ada', familyName: 'Lovelace' }, ...extra });
  const address = (label: string) => `${label}-${++n}@scim.test`;
  const seats = async () =>
    (await queryRows<{ used: number }>(t.database.db, sql`select seats_used as used from organizations where id = ${org.id}`))[0]?.used;

  beforeAll(async () => {
    t = await startTestRoster();
    org = await createOrg(t, { name: 'Provisioned Inc', seats: 40 });
    admin = (await member(t, org.id, 'admin@scim.test', 'admin')).client;
    const key = await admin.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'Okta', role: 'admin', scopes: ['scim'] });
    scim = new Client(t.roster, key.body.secret, '192.0.2.50');
  });
  afterAll(() => t.close());

  it('states what it supports in the discovery endpoints', async () => {
    const config = await call('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(String(config.headers['content-type'])).toContain('application/scim+json');
    expect(config.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: true },
      etag: { supported: true },
      sort: { supported: true },
    });
    expect((await call('GET', '/ResourceTypes')).body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await call('GET', '/Schemas');
    expect(schemas.body.totalResults).toBe(3);
    expect((await call('GET', '/Nothing')).status).toBe(404);
    expect((await call('GET', `/Schemas/${USER}`)).body.attributes.some((a: { name: string }) => a.name === 'userName')).toBe(true);
  });

  it('refuses keys without the scim scope, and calls without a key, in the SCIM error schema', async () => {
    const plain = await admin.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'REST only', role: 'admin' });
    const rest = new Client(t.roster, plain.body.secret, '192.0.2.51');
    const refused = await rest.request('GET', '/scim/v2/Users');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403' });
    expect(refused.body.detail).toContain('"scim" scope');
    expect((await new Client(t.roster).request('GET', '/scim/v2/Users')).status).toBe(401);
  });

  it('creates an active member at once: a seat, the set-up email, the way in "scim", the audit entry by the key', async () => {
    const before = await seats();
    const email = address('Grace.Hopper');
    const created = await create(email.replace('grace', 'Grace'), { externalId: 'okta-1', password: 'ignored-Secret-1' });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${t.roster.services.config.publicUrl}/scim/v2/Users/${created.body.id}`);
    expect(created.headers.etag).toMatch(/^W\/".+"$/);
    expect(created.body).toMatchObject({ userName: email.replace('grace', 'Grace'), active: true, externalId: 'okta-1' });
    expect(created.body.emails).toEqual([{ value: email.toLowerCase(), type: 'work', primary: true }]);
    expect((await call('GET', `/Users/${created.body.id}`)).body).toEqual(created.body);
    expect(await seats()).toBe((before ?? 0) + 1);
    const [row] = await queryRows<{ source: string; status: string; password_hash: string | null }>(
      t.database.db,
      sql`select m.source, m.status, a.password_hash from memberships m join accounts a on a.id = m.account_id where m.id = ${created.body.id}`,
    );
    expect(row).toMatchObject({ source: 'scim', status: 'active', password_hash: null });
    const mail = await queryRows<{ kind: string }>(t.database.db, sql`select kind from emails where membership_id = ${created.body.id}`);
    expect(mail.map((m) => m.kind)).toEqual(['account-setup']);
    const log = await admin.get(`/api/v1/orgs/${org.id}/audit-log?action=member.set_up`);
    const entry = log.body.items.find((i: { targetId: string }) => i.targetId === created.body.id);
    expect(entry.actor).toContain('API key "Okta"');
    expect(entry.data.wayIn).toBe('scim');
  });

  it('provisions a pending invitee on their invitation: link superseded, the team trainings, the provider profile', async () => {
    const team = await teamOf(t, org.id, { name: 'Warehouse' });
    const training = await t.operator.post(`/api/v1/orgs/${org.id}/teams/${team}/trainings`, { kind: 'course', title: 'Forklift safety' });
    expect(training.status).toBe(201);
    const email = address('invitee');
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: email, teamIds: [team] });
    expect(invited.body.results[0]?.outcome).toBe('invited');
    const [membership] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from memberships where org_id = ${org.id} and email = ${email}`,
    );

    const created = await create(email, { externalId: 'okta-invitee', [ENTERPRISE]: { department: 'Logistics' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: membership?.id,
      externalId: 'okta-invitee',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      active: true,
      [ENTERPRISE]: { department: 'Logistics' },
    });
    // What the create answered is what is stored.
    expect((await call('GET', `/Users/${created.body.id}`)).body).toEqual(created.body);
    const links = await queryRows<{ status: string }>(
      t.database.db,
      sql`select status from invitations where membership_id = ${created.body.id}`,
    );
    expect(links.map((l) => l.status)).toEqual(['superseded']);
    const assigned = await queryRows<{ title: string }>(
      t.database.db,
      sql`select t.title from training_assignments a join trainings t on t.id = a.training_id where a.membership_id = ${created.body.id}`,
    );
    expect(assigned.map((a) => a.title)).toEqual(['Forklift safety']);
    const [stored] = await queryRows<{ made: boolean }>(
      t.database.db,
      sql`select (scim_profile->>'accountMade')::boolean as made from memberships where id = ${created.body.id}`,
    );
    expect(stored?.made).toBe(true);
  });

  it('userName is unique ignoring case (409 uniqueness) and nothing half-made remains', async () => {
    const email = address('dup');
    expect((await create(email)).status).toBe(201);
    const before = await seats();
    const again = await create(email.toUpperCase());
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe('uniqueness');
    expect(await seats()).toBe(before);
  });

  it('filters: eq ignoring case, ne, co, sw, ew, pr, and/or/not with parentheses, case-insensitive names, count=0', async () => {
    const a = address('filter-alpha');
    const b = address('filter-beta');
    await create(a, { externalId: 'ext-alpha' });
    await create(b, { name: { givenName: 'Beta', familyName: 'Tester' } });
    const list = async (filter: string) => {
      const response = await call('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.Resources.map((r: { userName: string }) => r.userName.toLowerCase()) as string[];
    };
    expect(await list(`userName eq "${a.toUpperCase()}"`)).toEqual([a]);
    expect(await list(`USERNAME Eq "${a}"`)).toEqual([a]);
    expect(await list(`externalId eq "ext-alpha"`)).toEqual([a]);
    expect(await list(`userName co "filter-" and userName ne "${a}"`)).toEqual([b]);
    expect(await list(`userName sw "filter-b"`)).toEqual([b]);
    expect(await list(`userName ew "${b.slice(-14)}" and name.givenName eq "beta"`)).toEqual([b]);
    expect(await list(`userName co "filter-" and externalId pr`)).toEqual([a]);
    expect(await list(`userName co "filter-" and not (externalId pr)`)).toEqual([b]);
    expect((await list(`(userName eq "${a}" or userName eq "${b}") and active eq true`)).sort()).toEqual([a, b].sort());
    expect(await list(`emails[type eq "work" and value eq "${b}"]`)).toEqual([b]);
    expect(await list(`emails.value eq "${a}"`)).toEqual([a]);
    expect(await list(`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "${a}"`)).toEqual([a]);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(await list(`userName co "filter-" and meta.lastModified gt "${later}"`)).toEqual([]);
    expect((await list(`userName co "filter-" and meta.lastModified le "${later}"`)).length).toBe(2);
    expect((await list(`userName co "filter-" and meta.created ge "2020-01-01T00:00:00Z"`)).length).toBe(2);
    const counted = await call('GET', `/Users?count=0&filter=${encodeURIComponent('userName co "filter-"')}`);
    expect(counted.body).toMatchObject({ totalResults: 2, itemsPerPage: 0, Resources: [] });
  });

  it('refuses a filter it cannot read or an attribute it cannot filter, with invalidFilter', async () => {
    for (const filter of ['userName eq', 'nickName eq "x"', 'active gt true', 'meta.lastModified gt "yesterday"']) {
      const response = await call('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(response.status, filter).toBe(400);
      expect(response.body.scimType, filter).toBe('invalidFilter');
    }
  });

  it('pages with startIndex and count, and shapes with attributes and excludedAttributes', async () => {
    for (let i = 0; i < 3; i++) await create(address('page'));
    const filter = encodeURIComponent('userName sw "page-"');
    const page = await call('GET', `/Users?filter=${filter}&startIndex=2&count=1&sortBy=userName`);
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    const slim = await call('GET', `/Users?filter=${filter}&attributes=userName,name.givenName`);
    expect(Object.keys(slim.body.Resources[0]).sort()).toEqual(['id', 'meta', 'name', 'schemas', 'userName']);
    expect(Object.keys(slim.body.Resources[0].name)).toEqual(['givenName']);
    const without = await call('GET', `/Users?filter=${filter}&excludedAttributes=emails,name`);
    expect(without.body.Resources[0].emails).toBeUndefined();
    expect(without.body.Resources[0].userName).toBeDefined();
  });

  it('pages through every User by startIndex, as identity providers sync, each once, counted without the erased (decision 0030)', async () => {
    const own = await createOrg(t, { name: 'Synced Inc', seats: 40 });
    const owner = (await member(t, own.id, 'owner@synced.test', 'admin')).client;
    const key = await owner.post(`/api/v1/orgs/${own.id}/api-keys`, { name: 'Entra', role: 'admin', scopes: ['scim'] });
    const sync = new Client(t.roster, key.body.secret, '192.0.2.51');
    const get = (path: string) => sync.request('GET', `/scim/v2${path}`, undefined, SCIM);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await sync.request(
        'POST',
        '/scim/v2/Users',
        JSON.stringify({ schemas: [USER], userName: `synced.${i}@synced.test`, name: { givenName: 'Syn', familyName: `Ced ${i}` } }),
        SCIM,
      );
      expect(response.status).toBe(201);
      made.push(response.body.id);
    }
    // Invited people are no Users; a removed one still is; an erased one is gone.
    expect((await owner.post(`/api/v1/orgs/${own.id}/invitations`, { emails: ['invited@synced.test'] })).status).toBe(200);
    expect((await sync.request('DELETE', `/scim/v2/Users/${made[1]}`)).status).toBe(204);
    expect((await sync.request('DELETE', `/scim/v2/Users/${made[2]}`)).status).toBe(204);
    expect((await owner.post(`/api/v1/orgs/${own.id}/members/${made[2]}/erase`)).status).toBe(200);

    const users = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from memberships where org_id = ${own.id} and status in ('active', 'removed') and erased_at is null order by id`,
    );
    const expected = users.map((user) => user.id);
    expect(expected).toHaveLength(7); // the owner, six of the seven (one removed), not the erased one
    for (const order of ['ascending', 'descending']) {
      const seen: string[] = [];
      for (let start = 1; start <= expected.length + 3; start += 3) {
        const page = await get(`/Users?startIndex=${start}&count=3&sortOrder=${order}`);
        expect(page.status).toBe(200);
        expect(page.body).toMatchObject({ totalResults: expected.length, startIndex: start });
        seen.push(...page.body.Resources.map((user: { id: string }) => user.id));
      }
      expect(seen).toEqual(order === 'ascending' ? expected : [...expected].reverse());
    }
    expect((await get(`/Users?startIndex=${expected.length + 1}&count=3`)).body).toMatchObject({ totalResults: 7, Resources: [] });
  });

  it('PATCH as Entra sends it: "Replace" ops, "False" strings, dotted names; active false removes, true re-adds', async () => {
    const created = await create(address('entra'));
    const id = created.body.id;
    const before = await seats();
    const renamed = await call('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'name.givenName', value: 'Augusta' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Maths' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: created.body.emails[0].value },
      ],
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.name.givenName).toBe('Augusta');
    expect(renamed.body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({ department: 'Maths' });
    const off = await call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(await seats()).toBe((before ?? 0) - 1);
    const billing = await queryRows<{ kind: string }>(
      t.database.db,
      sql`select kind from billing_events where membership_id = ${id} order by id`,
    );
    expect(billing.at(-1)?.kind).toBe('stop');
    const on = await call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: 'True' } }] });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    expect(await seats()).toBe(before);
    const log = await admin.get(`/api/v1/orgs/${org.id}/audit-log?action=member.readded`);
    expect(log.body.items.some((i: { targetId: string }) => i.targetId === id)).toBe(true);
  });

  it('PATCH as Okta sends it: no path, an object of attributes', async () => {
    const created = await create(address('okta'));
    const patched = await call('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { name: { familyName: 'Byron' }, externalId: 'okta-77', 'name.givenName': 'Ada' } }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ externalId: 'okta-77', name: { givenName: 'Ada', familyName: 'Byron' } });
  });

  it('refuses what it cannot do with the right scimType, changing nothing', async () => {
    const created = await create(address('refuse'));
    const id = created.body.id;
    const patch = (ops: unknown[]) => call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: ops });
    expect((await patch([{ op: 'replace', path: 'userName', value: 'someone-else@scim.test' }])).body.scimType).toBe('mutability');
    expect((await patch([{ op: 'replace', path: 'active', value: 'maybe' }])).body.scimType).toBe('invalidValue');
    expect((await patch([{ op: 'remove', path: 'emails[type eq "home"]' }])).body.scimType).toBe('noTarget');
    expect((await patch([{ op: 'move', path: 'active', value: true }])).body.scimType).toBe('invalidSyntax');
    expect((await patch([{ op: 'replace', path: 'favouriteColour', value: 'red' }])).body.scimType).toBe('invalidPath');
    const many = Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'externalId', value: 'x' }));
    expect((await patch(many)).body.scimType).toBe('tooMany');
    expect((await call('POST', '/Users', { schemas: [USER] })).body.scimType).toBe('invalidValue');
    const after = await call('GET', `/Users/${id}`);
    expect(after.body.meta.version).toBe(created.body.meta.version);
    expect((await call('GET', '/Users/00000000-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('userName keeps the letter case it was given and may change only in case', async () => {
    const email = address('case');
    const created = await create(email);
    const upper = email.replace('case', 'CASE');
    const patched = await call('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'userName', value: upper }],
    });
    expect(patched.body.userName).toBe(upper);
    expect((await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)).body.Resources[0].userName).toBe(upper);
  });

  it('honours If-Match: 412 on a stale version, success on the current one', async () => {
    const created = await create(address('etag'));
    const path = `/Users/${created.body.id}`;
    const version = created.body.meta.version;
    const body = { schemas: [USER], userName: created.body.userName, name: { givenName: 'New' }, active: true };
    const first = await call('PUT', path, body, { 'if-match': version });
    expect(first.status).toBe(200);
    expect(first.body.meta.version).not.toBe(version);
    expect(first.body.name).toEqual({ givenName: 'New' });
    const stale = await call('PUT', path, { ...body, name: { givenName: 'Newer' } }, { 'if-match': version });
    expect(stale.status).toBe(412);
    expect((await call('GET', path)).body.name.givenName).toBe('New');
    expect((await call('DELETE', path, undefined, { 'if-match': version })).status).toBe(412);
  });

  it('DELETE removes the member (seat back, history kept) and never erases them', async () => {
    const created = await create(address('delete'));
    const before = await seats();
    expect((await call('DELETE', `/Users/${created.body.id}`)).status).toBe(204);
    expect(await seats()).toBe((before ?? 0) - 1);
    const after = await call('GET', `/Users/${created.body.id}`);
    expect(after.body).toMatchObject({ active: false, userName: created.body.userName });
    expect((await call('DELETE', `/Users/${created.body.id}`)).status).toBe(404);
  });

  it('ties an account that exists elsewhere, without duplicating it or showing its profile (R-6)', async () => {
    const elsewhere = await createOrg(t, { name: 'Elsewhere' });
    const email = address('existing');
    await member(t, elsewhere.id, email, 'learner', { firstName: 'Private', lastName: 'Person' });
    const created = await call('POST', '/Users', { schemas: [USER], userName: email });
    expect(created.status).toBe(201);
    expect(created.body.name).toEqual({});
    expect(JSON.stringify(created.body)).not.toContain('Private');
    const accounts = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from accounts where email = ${email}`);
    expect(accounts[0]?.n).toBe(1);
    const mail = await queryRows<{ subject: string }>(
      t.database.db,
      sql`select subject from emails where membership_id = ${created.body.id}`,
    );
    expect(mail[0]?.subject).toBe('You now have access to Provisioned Inc');
  });

  it('says so when no seat is left, and leaves nothing behind', async () => {
    const small = await createOrg(t, { name: 'Small', seats: 1 });
    const owner = (await member(t, small.id, address('owner'), 'admin')).client;
    const key = await owner.post(`/api/v1/orgs/${small.id}/api-keys`, { name: 'IdP', role: 'admin', scopes: ['scim'] });
    const idp = new Client(t.roster, key.body.secret, '192.0.2.52');
    const email = address('no-seat');
    const refused = await idp.request('POST', '/scim/v2/Users', JSON.stringify({ schemas: [USER], userName: email }), SCIM);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/seat/i);
    const left = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from accounts where email = ${email}`);
    expect(left[0]?.n).toBe(0);
  });

  it('accepts application/json too, and keeps a log of the requests with their outcome', async () => {
    const plain = await scim.request('GET', '/scim/v2/Users?count=1');
    expect(plain.status).toBe(200);
    // The settings page reads the log: the requests still kept in memory are written first.
    const overview = await admin.get(`/api/v1/orgs/${org.id}/scim`);
    expect(overview.status).toBe(200);
    const rows: { method: string; path: string; status: number; scimType: string | null }[] = overview.body.requests;
    expect(rows[0]).toMatchObject({ method: 'GET', path: '/Users', status: 200 });
    expect(rows.some((r) => r.path === '/Users' && r.status === 201)).toBe(true);
    expect(rows.some((r) => r.status === 400 && r.scimType === 'invalidFilter')).toBe(true);
  });
});
