import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, teamOf } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { authenticateKey } from './authenticate-key.js';

describe('API keys (R-16)', () => {
  let t: TestRoster;
  let org: { id: string };
  let other: { id: string };
  let admin: Client;
  let teamA: string;
  let teamB: string;

  const keyClient = (secret: string, ip = '192.0.2.7') => new Client(t.roster, secret, ip);
  const create = (body: Record<string, unknown>, by: Client = admin, orgId = org.id) => by.post(`/api/v1/orgs/${orgId}/api-keys`, body);

  beforeAll(async () => {
    t = await startTestRoster({ ROSTER_API_KEY_RATE_LIMIT: '40' });
    org = await createOrg(t, { name: 'Keys Inc' });
    other = await createOrg(t, { name: 'Other Org' });
    admin = (await member(t, org.id, 'admin@keys.test', 'admin')).client;
    const inA = await member(t, org.id, 'learner-a@keys.test');
    const inB = await member(t, org.id, 'learner-b@keys.test');
    teamA = await teamOf(t, org.id, { name: 'Team A', learners: [inA.membershipId] });
    teamB = await teamOf(t, org.id, { name: 'Team B', learners: [inB.membershipId] });
  });
  afterAll(() => t.close());

  it('shows the secret once, with a recognisable prefix, and keeps only its hash', async () => {
    const created = await create({ name: 'HR sync', role: 'admin', scopes: ['scim'] });
    expect(created.status).toBe(201);
    const { secret, prefix } = created.body;
    expect(secret).toMatch(/^rst_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(created.body).toMatchObject({
      name: 'HR sync',
      role: 'admin',
      scopes: ['scim'],
      status: 'active',
      createdBy: 'admin@keys.test',
    });
    const stored = await queryRows<{ row: string }>(t.database.db, sql`select row_to_json(k)::text as row from api_keys k`);
    expect(stored.some((r) => r.row.includes(secret.slice(12)))).toBe(false);
    const list = await admin.get(`/api/v1/orgs/${org.id}/api-keys`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(12));
    expect(list.body.items[0]).toMatchObject({ id: created.body.id, prefix, lastUsedAt: null, lastUsedIp: null });
  });

  it('calls the API with the bearer key and no CSRF token; the audit log names the key; last use is kept', async () => {
    const { body } = await create({ name: 'LMS', role: 'admin' });
    const key = keyClient(body.secret);
    const invited = await key.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'from-key@keys.test' });
    expect(invited.status).toBe(200);
    expect(invited.body.results[0].outcome).toBe('invited');
    expect(invited.headers.ratelimit).toMatch(/^"per-key";r=\d+;t=\d+$/);
    expect(invited.headers['ratelimit-policy']).toBe('"per-key";q=40;w=60');
    const log = await admin.get(`/api/v1/orgs/${org.id}/audit-log?action=invitation.sent`);
    expect(log.body.items[0].actor).toBe(`API key "LMS" (${body.prefix}…)`);
    expect(log.body.items[0].ip).toBe('192.0.2.7');
    const listed = (await admin.get(`/api/v1/orgs/${org.id}/api-keys`)).body.items.find((k: { id: string }) => k.id === body.id);
    expect(listed.lastUsedIp).toBe('192.0.2.7');
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    // A second request within the minute does not write the key again.
    await keyClient(body.secret, '192.0.2.99').get(`/api/v1/orgs/${org.id}/members`);
    const again = (await admin.get(`/api/v1/orgs/${org.id}/api-keys`)).body.items.find((k: { id: string }) => k.id === body.id);
    expect(again.lastUsedAt).toBe(listed.lastUsedAt);
    expect(again.lastUsedIp).toBe('192.0.2.7');
  });

  it('acts as a manager on its teams only', async () => {
    const { body } = await create({ name: 'Team A tool', role: 'manager', teamIds: [teamA] });
    expect(body.teams).toEqual([{ id: teamA, name: 'Team A' }]);
    const key = keyClient(body.secret);
    const members = await key.get(`/api/v1/orgs/${org.id}/members`);
    expect(members.status).toBe(200);
    expect(members.body.items.map((m: { email: string }) => m.email)).toEqual(['learner-a@keys.test']);
    expect(
      (await key.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'a2@keys.test', teamIds: [teamA] })).body.results[0].outcome,
    ).toBe('invited');
    const outside = await key.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'b2@keys.test', teamIds: [teamB] });
    expect(outside.status).toBe(403);
    expect(outside.body.detail).toBe(
      'You can only bring people into your own teams and the teams below them (1 chosen team(s) are outside).',
    );
    const admins = await key.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'boss@keys.test', role: 'admin', teamIds: [teamA] });
    expect(admins.status).toBe(403);
    expect(admins.body.code).toBe('role_too_high');
    expect((await key.get(`/api/v1/orgs/${org.id}/audit-log`)).body.detail).toBe('Your role does not allow you to read the audit log.');
  });

  it('refuses bad keys with 401 and a sentence: unknown, malformed, revoked, expired', async () => {
    const unknown = await keyClient(`rst_${'A'.repeat(43)}`).get(`/api/v1/orgs/${org.id}/members`);
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe('This API key is not valid: it may have been mistyped, or deleted with its organization.');
    const cut = await keyClient('rst_short').get(`/api/v1/orgs/${org.id}/members`);
    expect(cut.status).toBe(401);
    expect(cut.body.detail).toBe('This API key is not valid: check that it was copied whole.');

    const { body } = await create({ name: 'Soon gone', role: 'admin' });
    expect((await keyClient(body.secret).get(`/api/v1/orgs/${org.id}/members`)).status).toBe(200);
    expect((await admin.delete(`/api/v1/orgs/${org.id}/api-keys/${body.id}`)).status).toBe(204);
    const revoked = await keyClient(body.secret).get(`/api/v1/orgs/${org.id}/members`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.detail).toMatch(
      /^This API key was revoked on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; ask an administrator for a new one\.$/,
    );
    expect((await admin.delete(`/api/v1/orgs/${org.id}/api-keys/${body.id}`)).status).toBe(204);
    const log = await admin.get(`/api/v1/orgs/${org.id}/audit-log?action=api_key`);
    expect(log.body.items.filter((e: { action: string }) => e.action === 'api_key.revoked')).toHaveLength(1);

    const expiring = await create({ name: 'Short lived', role: 'admin', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    await t.database.db.execute(sql`update api_keys set expires_at = now() - interval '1 second' where id = ${expiring.body.id}`);
    const expired = await keyClient(expiring.body.secret).get(`/api/v1/orgs/${org.id}/members`);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/^This API key expired on .+; ask an administrator for a new one\.$/);
    const listed = (await admin.get(`/api/v1/orgs/${org.id}/api-keys`)).body.items;
    expect(listed.find((k: { id: string }) => k.id === expiring.body.id).status).toBe('expired');
    expect(listed.find((k: { id: string }) => k.id === body.id).status).toBe('revoked');
  });

  it('gives a key of one organization 404 in another', async () => {
    const { body } = await create({ name: 'Mine', role: 'admin' });
    const key = keyClient(body.secret);
    expect((await key.get(`/api/v1/orgs/${other.id}/members`)).status).toBe(404);
    expect((await key.post(`/api/v1/orgs/${other.id}/invitations`, { emails: 'x@other.test' })).status).toBe(404);
    const orgs = await key.get('/api/v1/orgs');
    expect(orgs.body.items.map((o: { id: string }) => o.id)).toEqual([org.id]);
  });

  it('refuses to create keys for anyone but administrators and the operator, and refuses bad input', async () => {
    const manager = await member(t, org.id, 'manager@keys.test', 'manager');
    const userAdmin = await member(t, org.id, 'ua@keys.test', 'user_admin');
    for (const client of [manager.client, userAdmin.client]) {
      const refused = await create({ name: 'Nope', role: 'manager', teamIds: [teamA] }, client);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe('Your role does not allow you to create API keys.');
      expect((await client.get(`/api/v1/orgs/${org.id}/api-keys`)).status).toBe(403);
    }
    const { body } = await create({ name: 'Admin key', role: 'admin' });
    const byKey = await create({ name: 'Child', role: 'admin' }, keyClient(body.secret));
    expect(byKey.status).toBe(403);
    expect(byKey.body.detail).toBe('An API key cannot create API keys; a person must do it in the web app or with their session.');

    const adminWithTeams = await create({ name: 'x', role: 'admin', teamIds: [teamA] });
    expect(adminWithTeams.status).toBe(400);
    expect(adminWithTeams.body.detail).toBe('An administrator key acts on the whole organization: leave out teamIds.');
    const managerWithout = await create({ name: 'x', role: 'manager' });
    expect(managerWithout.body.detail).toBe('A manager key acts on chosen teams: name at least one in teamIds.');
    const past = await create({ name: 'x', role: 'admin', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].field).toBe('/expiresAt');
    const learnerKey = await create({ name: 'x', role: 'learner' });
    expect(learnerKey.status).toBe(400);
    const foreignTeam = (await t.operator.post(`/api/v1/orgs/${other.id}/teams`, { name: 'Theirs', visibility: 'public' })).body.id;
    expect((await create({ name: 'x', role: 'manager', teamIds: [foreignTeam] })).status).toBe(404);
    const [count] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from api_keys where name = 'x'`);
    expect(count?.n).toBe(0);
  });

  it('lets the operator create and revoke keys in any organization', async () => {
    const created = await create({ name: 'Operator made', role: 'user_admin', teamIds: [teamB] }, t.operator);
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe('operator');
    expect((await t.operator.delete(`/api/v1/orgs/${org.id}/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await keyClient(created.body.secret).get(`/api/v1/orgs/${org.id}/members`)).status).toBe(401);
    expect((await t.operator.delete(`/api/v1/orgs/${other.id}/api-keys/${created.body.id}`)).status).toBe(404);
  });

  it('limits requests per key across instances, with RateLimit and Retry-After fields', async () => {
    const { body } = await create({ name: 'Busy', role: 'admin' });
    const key = keyClient(body.secret);
    let last = await key.get(`/api/v1/orgs/${org.id}/teams`);
    for (let i = 1; i < 40 && last.status === 200; i++) last = await key.get(`/api/v1/orgs/${org.id}/teams`);
    expect(last.status).toBe(200);
    expect(last.headers.ratelimit).toMatch(/^"per-key";r=0;t=\d+$/);
    const refused = await key.get(`/api/v1/orgs/${org.id}/teams`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers.ratelimit).toMatch(/^"per-key";r=0;t=\d+$/);
    expect(refused.body.detail).toMatch(/^This API key made more than 40 requests this minute\. Try again in \d+ seconds\.$/);
    // The count lives in the database, so every instance sees it; another key has its own.
    const [row] = await queryRows<{ hits: number }>(t.database.db, sql`select hits from rate_limits where key = ${`api-key:${body.id}`}`);
    expect(row?.hits).toBe(41);
    const fresh = await create({ name: 'Quiet', role: 'admin' });
    expect((await keyClient(fresh.body.secret).get(`/api/v1/orgs/${org.id}/teams`)).status).toBe(200);
  });

  it('counts requests of one key that arrive together as if they came one by one', async () => {
    // Called as the use case, so that all of them wait at once on either database (decision 0025).
    const { body } = await create({ name: 'Together', role: 'admin' });
    const answers = await Promise.all(Array.from({ length: 12 }, () => authenticateKey(t.database.db, body.secret, '192.0.2.9', 10)));
    expect(answers.map((answer) => answer.rate.remaining).sort((a, b) => b - a)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0]);
    expect(answers.filter((answer) => answer.limited !== null)).toHaveLength(2);
    expect(new Set(answers.map((answer) => answer.actor.kind === 'key' && answer.actor.keyId))).toEqual(new Set([body.id]));
    const [row] = await queryRows<{ hits: number }>(t.database.db, sql`select hits from rate_limits where key = ${`api-key:${body.id}`}`);
    expect(row?.hits).toBe(12);
    // A revoked key is refused to each request of a group, each with its own error.
    await admin.delete(`/api/v1/orgs/${org.id}/api-keys/${body.id}`);
    const refused = await Promise.allSettled(Array.from({ length: 4 }, () => authenticateKey(t.database.db, body.secret, null, 10)));
    expect(refused.map((answer) => answer.status === 'rejected' && answer.reason.code)).toEqual(Array(4).fill('unauthenticated'));
  });
});
