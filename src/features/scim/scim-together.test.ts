import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { authenticateKey } from '../api-keys/authenticate-key.js';
import type { Actor } from '../auth/actor.js';
import { repairKeptCounts } from '../members/kept-counts.js';
import { createScimUser } from './create-scim-user.js';
import { toScimError } from './errors.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

// Decision 0025: creates by one key that wait for a slot are set up together. Called as the use
// case, so that all of them wait at once on either database (over HTTP on PGlite, its one
// connection lets each request in only after the one before).
describe('SCIM creates set up together', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.database.db, query))[0]?.n ?? 0;

  async function provisioning(seats: number, name: string): Promise<{ orgId: string; key: Actor; admin: Client }> {
    const org = await createOrg(t, { name, seats });
    const admin = (await member(t, org.id, `admin@${name.toLowerCase()}.test`, 'admin')).client;
    const made = await admin.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'Okta', role: 'admin', scopes: ['scim'] });
    const { actor } = await authenticateKey(t.database.db, made.body.secret, '192.0.2.60', 1000);
    return { orgId: org.id, key: actor, admin };
  }
  const user = (userName: string, i: number) => ({
    schemas: [USER],
    userName,
    externalId: `okta-${i}`,
    name: { givenName: `Given${i}`, familyName: `Family${i}` },
  });

  it('sets up each new person as alone: a member, a seat, an email with a link, an audit entry, in fewer transactions', async () => {
    const { orgId, key, admin } = await provisioning(30, 'Together');
    // The webhook events go with the audit entries, to the endpoints read at the start.
    const hook = await admin.post(`/api/v1/orgs/${orgId}/webhooks`, {
      url: 'https://hooks.example.com/roster',
      eventTypes: ['member.joined'],
    });
    expect(hook.status).toBe(201);
    const before = await count(sql`select seats_used as n from organizations where id = ${orgId}`);
    const names = Array.from({ length: 12 }, (_, i) => `Person.${i}@Together.test`);
    // An identity provider calls from several addresses: each audit entry keeps its request's.
    const from = (i: number): Actor => ({ ...key, ip: `192.0.2.${100 + i}` });
    const records = await Promise.all(names.map((userName, i) => createScimUser(t.roster.services, from(i), user(userName, i))));
    for (const [i, record] of records.entries()) {
      expect(record).toMatchObject({
        status: 'active',
        user_name: names[i],
        email: names[i]?.toLowerCase(),
        given_name: `Given${i}`,
        family_name: `Family${i}`,
        external_id: `okta-${i}`,
      });
    }
    const rows = await queryRows<{ id: string; tx: string; source: string; first_name: string; tokens: number; kinds: string[] }>(
      t.database.db,
      sql`select m.id, m.xmin::text as tx, m.source, a.first_name,
                 (select count(*)::int from password_tokens p where p.account_id = a.id and p.purpose = 'setup') as tokens,
                 (select array_agg(e.kind) from emails e where e.membership_id = m.id) as kinds
          from memberships m join accounts a on a.id = m.account_id where m.org_id = ${orgId} and m.source = 'scim'`,
    );
    expect(rows.map((row) => row.id).sort()).toEqual(records.map((record) => record.id).sort());
    for (const row of rows) expect(row).toMatchObject({ source: 'scim', tokens: 1, kinds: ['account-setup'] });
    // Two alone at once; the ten that waited for them together.
    expect(new Set(rows.map((row) => row.tx)).size).toBe(3);
    expect(await count(sql`select seats_used as n from organizations where id = ${orgId}`)).toBe(before + 12);
    const audit = await queryRows<{ target_id: string; ip: string; data: { wayIn: string; externalId: string } }>(
      t.database.db,
      sql`select target_id, ip, data from audit_log where org_id = ${orgId} and action = 'member.set_up'`,
    );
    expect(new Map(audit.map((entry) => [entry.target_id, entry.ip]))).toEqual(
      new Map(records.map((record, i) => [record.id, from(i).ip])),
    );
    expect(audit.every((entry) => entry.data.wayIn === 'scim' && entry.data.externalId.startsWith('okta-'))).toBe(true);
    const events = await queryRows<{ object_id: string; deliveries: number }>(
      t.database.db,
      sql`select e.payload->'data'->>'objectId' as object_id, (select count(*)::int from webhook_deliveries d where d.event_id = e.id) as deliveries
          from webhook_events e where e.org_id = ${orgId} and e.type = 'member.joined'`,
    );
    expect(events.map((event) => event.object_id).sort()).toEqual(records.map((record) => record.id).sort());
    expect(events.every((event) => event.deliveries === 1)).toBe(true);
    expect(await repairKeptCounts(t.database.db, orgId)).toEqual([]);
  });

  it('runs each create alone when the group holds someone known, or more people than seats: their own answers', async () => {
    // Six seats, one the administrator's.
    const { orgId, key } = await provisioning(6, 'Crowded');
    const elsewhere = await createOrg(t, { name: 'Elsewhere' });
    await member(t, elsewhere.id, 'known@crowded.test', 'learner', { firstName: 'Private', lastName: 'Person' });
    const names = [
      'first@crowded.test',
      'second@crowded.test',
      'known@crowded.test',
      ...Array.from({ length: 6 }, (_, i) => `p${i}@crowded.test`),
    ];
    const answers = await Promise.allSettled(names.map((userName, i) => createScimUser(t.roster.services, key, user(userName, i))));
    // Five seats: the first five in order get them; the known account is tied, not duplicated.
    expect(answers.map((answer) => answer.status)).toEqual([...Array(5).fill('fulfilled'), ...Array(4).fill('rejected')]);
    for (const answer of answers.slice(5)) expect(answer.status === 'rejected' && answer.reason.code).toBe('no_seat');
    expect(await count(sql`select count(*)::int as n from accounts where email = 'known@crowded.test'`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${orgId} and source = 'scim'`)).toBe(5);
    const refused = ['p2@crowded.test', 'p3@crowded.test', 'p4@crowded.test', 'p5@crowded.test'];
    expect(await count(sql`select count(*)::int as n from accounts where email in ${refused}`)).toBe(0);
    expect(await count(sql`select seats_used as n from organizations where id = ${orgId}`)).toBe(6);
    expect(await repairKeptCounts(t.database.db, orgId)).toEqual([]);
  });

  it('ties a known account that arrives with new people, with room for all: the unique index sends the group alone', async () => {
    const { orgId, key } = await provisioning(20, 'Roomy');
    const elsewhere = await createOrg(t, { name: 'Elsewhere too' });
    await member(t, elsewhere.id, 'known@roomy.test', 'learner', { firstName: 'Private', lastName: 'Person' });
    const names = ['a@roomy.test', 'b@roomy.test', 'known@roomy.test', 'c@roomy.test', 'd@roomy.test', 'e@roomy.test'];
    const answers = await Promise.all(names.map((userName, i) => createScimUser(t.roster.services, key, user(userName, i))));
    expect(answers.map((answer) => answer.user_name)).toEqual(names);
    expect(await count(sql`select count(*)::int as n from accounts where email in ${names}`)).toBe(names.length);
    expect(
      await count(sql`select count(*)::int as n from memberships where org_id = ${orgId} and source = 'scim' and status = 'active'`),
    ).toBe(names.length);
    // The known person's own name stays theirs: the provider's is kept beside it.
    expect(await count(sql`select count(*)::int as n from accounts where email = 'known@roomy.test' and first_name = 'Private'`)).toBe(1);
    expect(await count(sql`select seats_used as n from organizations where id = ${orgId}`)).toBe(1 + names.length);
    expect(await repairKeptCounts(t.database.db, orgId)).toEqual([]);
  });

  it('never sets up one person twice when creates of the same userName arrive together', async () => {
    const { orgId, key } = await provisioning(30, 'Twice');
    const answers = await Promise.allSettled(
      ['Same@twice.test', 'same@TWICE.test', 'other@twice.test', 'SAME@twice.test'].map((userName, i) =>
        createScimUser(t.roster.services, key, user(userName, i)),
      ),
    );
    // The first two run at once (on PostgreSQL, either may win); the others wait, one by one.
    const same = [answers[0], answers[1], answers[3]];
    expect(same.map((answer) => answer?.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(answers[2]?.status).toBe('fulfilled');
    expect(answers.flatMap((answer) => (answer.status === 'rejected' ? [toScimError(answer.reason)?.scimType] : []))).toEqual([
      'uniqueness',
      'uniqueness',
    ]);
    expect(await count(sql`select count(*)::int as n from memberships where org_id = ${orgId} and email = 'same@twice.test'`)).toBe(1);
  });
});
