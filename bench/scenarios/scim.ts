import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { type BenchClient, type BenchResponse, expectStatus } from '../client.js';
import { type Context, createPaidOrg } from '../fixtures.js';
import { runPool, type Summary, summarize, timed } from '../measure.js';
import { seedMembers } from '../seed.js';

/** How much the SCIM section does; `--size small` keeps it to a smoke test. */
export interface ScimSizes {
  /** Users created through POST /Users. */
  readonly creates: number;
  /** Callers at once, as an identity provider's workers. */
  readonly callers: number;
  /** Members of the organization the filter is measured in. */
  readonly bigOrg: number;
  readonly lookups: number;
  readonly groups: number;
  /** Members one PATCH adds to a group. */
  readonly patchMembers: number;
  readonly groupReads: number;
}

export interface ScimFigures {
  readonly creates: Summary;
  readonly lookup: Summary;
  readonly groupsList: Summary;
  readonly groupsListBare: Summary;
  /** GET /Users?startIndex=…&count=100 without a filter, as providers sync: the first page, and one 90 % in. */
  readonly usersFirstPage: Summary;
  readonly usersDeepPage: Summary;
  readonly deepIndex: number;
  readonly patch: Summary;
  readonly groupsListed: number;
  readonly membersListed: number;
}

const SCIM = '/scim/v2';

async function scimKey(context: Context, orgId: string): Promise<string> {
  const key = await context.client.request(
    'POST',
    `/api/v1/orgs/${orgId}/api-keys`,
    { name: 'Bench provisioning', role: 'admin', scopes: ['scim'] },
    { bearer: context.operatorToken },
  );
  expectStatus(key, 201, 'create SCIM key');
  return (key.body as { secret: string }).secret;
}

const expect = (response: BenchResponse, status: number, what: string): BenchResponse => {
  if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  return response;
};

/**
 * SCIM as identity providers use it (issue 15): users created by several workers at once, the
 * `userName eq` lookup each provider makes before every change (in an organization of
 * `bigOrg` members, seeded set-based), the groups list, and one PATCH adding many members.
 */
export async function measureScim(db: Db, context: Context, sizes: ScimSizes, progress: (message: string) => void): Promise<ScimFigures> {
  const client: BenchClient = context.client;
  const provisioned = await createPaidOrg(context, 'scim', sizes.creates + 100);
  const key = await scimKey(context, provisioned);
  // No set-password emails to write for each person: what is measured is provisioning itself.
  expect(
    await client.request('PATCH', `/api/v1/orgs/${provisioned}`, { scimPasswordLinks: false }, { bearer: context.operatorToken }),
    200,
    'turn off set-password links',
  );
  const mark = provisioned.slice(-6);
  await runPool(8, sizes.callers, async (i) => {
    expect(await client.request('POST', `${SCIM}/Users`, { userName: `warm-${i}-${mark}@scim.bench` }, { bearer: key }), 201, 'warm-up');
  });
  progress(`scim: ${sizes.creates.toLocaleString('en-US')} users created, ${sizes.callers} callers`);
  const creates = await runPool(sizes.creates, sizes.callers, async (i) => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `person.${i}.${mark}@scim.bench`,
      externalId: `ext-${i}`,
      name: { givenName: 'Bench', familyName: `Person ${i}` },
      emails: [{ value: `person.${i}.${mark}@scim.bench`, type: 'work', primary: true }],
      active: true,
    };
    expect(await client.request('POST', `${SCIM}/Users`, body, { bearer: key, from: i % sizes.callers }), 201, 'create user');
  });

  progress(`scim: seeding an organization of ${sizes.bigOrg.toLocaleString('en-US')} members`);
  const big = await createPaidOrg(context, 'scim big', 1000);
  await seedMembers(db, { orgId: big, total: sizes.bigOrg });
  const bigKey = await scimKey(context, big);
  const sample = await queryRows<{ email: string }>(
    db,
    sql`select email from memberships where org_id = ${big} and status = 'active' and email is not null order by random() limit ${sizes.lookups}`,
  );
  const lookupOne = async (i: number) => {
    const email = sample[i % sample.length]?.email ?? '';
    const filter = encodeURIComponent(`userName eq "${email.toUpperCase()}"`);
    const response = expect(await client.request('GET', `${SCIM}/Users?filter=${filter}`, undefined, { bearer: bigKey }), 200, 'lookup');
    if ((response.body as { totalResults: number }).totalResults !== 1) throw new Error(`lookup of ${email} found no one`);
  };
  await runPool(10, 1, lookupOne);
  progress(`scim: ${sizes.lookups} userName lookups, one at a time`);
  const lookup = await runPool(sizes.lookups, 1, lookupOne);

  // Every User, 100 at a time by startIndex: the list each provider's full sync reads.
  const deepIndex = Math.floor(sizes.bigOrg * 0.9);
  const usersPage = (startIndex: number) => async () => {
    const response = expect(
      await client.request('GET', `${SCIM}/Users?startIndex=${startIndex}&count=100`, undefined, { bearer: bigKey }),
      200,
      'list users',
    );
    if ((response.body as { Resources: unknown[] }).Resources.length !== 100)
      throw new Error(`list users at ${startIndex}: not a full page`);
  };
  await runPool(3, 1, usersPage(deepIndex));
  progress(`scim: GET /Users, first page and at ${deepIndex.toLocaleString('en-US')}, ${sizes.groupReads} times each`);
  const usersFirstPage = await runPool(sizes.groupReads, 1, usersPage(1));
  const usersDeepPage = await runPool(sizes.groupReads, 1, usersPage(deepIndex));

  progress(`scim: ${sizes.groups} groups, then a PATCH adding ${sizes.patchMembers.toLocaleString('en-US')} members`);
  const groupIds: string[] = [];
  for (let i = 0; i < sizes.groups; i += 1) {
    const made = expect(
      await client.request('POST', `${SCIM}/Groups`, { displayName: `Bench group ${i}` }, { bearer: bigKey }),
      201,
      'create group',
    );
    groupIds.push((made.body as { id: string }).id);
  }
  const people = await queryRows<{ id: string }>(
    db,
    sql`select id from memberships where org_id = ${big} and status = 'active' order by id limit ${sizes.patchMembers}`,
  );
  const patchBody = {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'add', path: 'members', value: people.map((p) => ({ value: p.id })) }],
  };
  const patched = await timed(async () =>
    expect(await client.request('PATCH', `${SCIM}/Groups/${groupIds[0]}`, patchBody, { bearer: bigKey }), 200, 'patch members'),
  );
  const patch = summarize([patched.ms], patched.ms);
  const membersListed = ((patched.value.body as { members: unknown[] }).members ?? []).length;

  const list = (query: string) => async () => {
    expect(await client.request('GET', `${SCIM}/Groups${query}`, undefined, { bearer: bigKey }), 200, 'list groups');
  };
  await runPool(5, 1, list(''));
  progress(`scim: GET /Groups ${sizes.groupReads} times`);
  const groupsList = await runPool(sizes.groupReads, 1, list(''));
  const groupsListBare = await runPool(sizes.groupReads, 1, list('?excludedAttributes=members'));
  return {
    creates,
    lookup,
    groupsList,
    groupsListBare,
    usersFirstPage,
    usersDeepPage,
    deepIndex,
    patch,
    groupsListed: groupIds.length,
    membersListed,
  };
}
