import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import {
  assertTeamsExist,
  membershipInScope,
  placeInTeams,
  placeInvitedInTeams,
  removeInvitationPlacements,
  teamIdsInScope,
} from './place-in-team.js';
import { listTeamMemberRecords, type PageWay, pageWay } from './team-people.js';

interface TeamBody {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  path: string[];
  visibility: 'public' | 'private';
  memberCount: number;
  managers: { memberId: string; email: string | null; role: string }[];
  canManage: boolean;
  can: Record<string, boolean>;
  ownerMemberId: string | null;
}

interface TeamMemberBody {
  memberId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  direct: boolean;
  role: string;
}

describe('teams', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query);
  const teamsUrl = (orgId: string) => `/api/v1/orgs/${orgId}/teams`;

  /** Creates a team and returns its id. */
  async function team(orgId: string, name: string, parentId: string | null = null, visibility = 'public', by: Client = t.operator) {
    const response = await by.post(teamsUrl(orgId), { name, parentId, visibility });
    if (response.status !== 201) throw new Error(`create team failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  }

  /** Invites one address (a pending person is enough to be placed in teams); returns the membership id. */
  async function invited(orgId: string, email: string, role = 'learner'): Promise<string> {
    const response = await t.operator.post(`/api/v1/orgs/${orgId}/invitations`, { emails: email, role });
    const result = response.body.results?.[0];
    if (response.status !== 200 || result?.outcome !== 'invited') throw new Error(`invite failed: ${JSON.stringify(response.body)}`);
    return result.memberId as string;
  }

  const add = (orgId: string, teamId: string, memberId: string, role = 'learner', by: Client = t.operator) =>
    by.post(`${teamsUrl(orgId)}/${teamId}/members`, { memberId, role });
  const removeFrom = (orgId: string, teamId: string, memberId: string, by: Client = t.operator) =>
    by.delete(`${teamsUrl(orgId)}/${teamId}/members/${memberId}`);
  const peopleOf = async (orgId: string, teamId: string, by: Client = t.operator, query = '') => {
    const response = await by.get(`${teamsUrl(orgId)}/${teamId}/members${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items as TeamMemberBody[];
  };
  const tree = async (orgId: string, by: Client = t.operator) => {
    const response = await by.get(teamsUrl(orgId));
    expect(response.status).toBe(200);
    return response.body.items as TeamBody[];
  };
  const byName = async (orgId: string) => Object.fromEntries((await tree(orgId)).map((item) => [item.name, item]));

  /** "team<origin" for each placement row of a person, sorted. */
  const placements = async (memberId: string) =>
    (
      await rows<{ team: string; origin: string }>(
        sql`select t.name as team, o.name as origin from team_members tm
            join teams t on t.id = tm.team_id join teams o on o.id = tm.origin_team_id
            where tm.membership_id = ${memberId}`,
      )
    )
      .map((row) => `${row.team}<${row.origin}`)
      .sort();

  async function auditOf(orgId: string, action: string) {
    return (await t.operator.get(`/api/v1/orgs/${orgId}/audit-log?action=${action}`)).body.items as {
      action: string;
      actor: string;
      targetId: string;
      data: Record<string, unknown>;
    }[];
  }

  /** Everything teams-related of one organization, to prove a refused call changed nothing. */
  const snapshot = (orgId: string) =>
    rows(
      sql`select
            (select string_agg(id || ':' || coalesce(parent_id::text, '-') || ':' || name || ':' || visibility, ',' order by id) from teams where org_id = ${orgId}) as teams,
            (select string_agg(team_id::text || membership_id::text || origin_team_id::text, ',' order by team_id, membership_id, origin_team_id) from team_members where org_id = ${orgId}) as placements,
            (select string_agg(team_id::text || membership_id::text || role, ',' order by team_id, membership_id) from team_roles where org_id = ${orgId}) as roles,
            (select count(*)::int from audit_log where org_id = ${orgId} and action like 'team.%') as audit`,
    );

  it('builds a tree and lists it flat: parents first, siblings by name, with depth and path', async () => {
    const org = await createOrg(t);
    const { client: admin, membershipId: adminId } = await member(t, org.id, 'admin@tree.test', 'admin');
    const sales = await team(org.id, 'Sales');
    const emea = await team(org.id, 'EMEA', sales);
    const created = await admin.post(teamsUrl(org.id), { name: '  Paris  ', parentId: emea, visibility: 'private' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Paris',
      parentId: emea,
      depth: 2,
      path: ['Sales', 'EMEA', 'Paris'],
      visibility: 'private',
      memberCount: 0,
      managers: [],
      ownerMemberId: adminId,
      canManage: true,
    });
    await team(org.id, 'berlin', emea);
    await team(org.id, 'Accounting');
    await team(org.id, 'Support', null, 'private');

    const items = await tree(org.id, admin);
    expect(items.map((item) => item.path.join(' > '))).toEqual([
      'Accounting',
      'Sales',
      'Sales > EMEA',
      'Sales > EMEA > berlin',
      'Sales > EMEA > Paris',
      'Support',
    ]);
    expect(items.map((item) => item.depth)).toEqual([0, 0, 1, 2, 2, 0]);
    const named = Object.fromEntries(items.map((item) => [item.name, item]));
    expect(named.Sales).toMatchObject({ id: sales, parentId: null, ownerMemberId: null, visibility: 'public' });
    expect(named.EMEA?.parentId).toBe(sales);
    expect(named.Support?.visibility).toBe('private');

    const log = await auditOf(org.id, 'team.created');
    expect(log).toHaveLength(6);
    expect(log.find((entry) => entry.targetId === created.body.id)).toMatchObject({
      actor: 'admin@tree.test',
      data: { name: 'Paris', parentId: emea, path: ['Sales', 'EMEA', 'Paris'], visibility: 'private' },
    });
  });

  it('keeps names unique among siblings whatever the case, allows the same name elsewhere, and bounds the length', async () => {
    const org = await createOrg(t);
    const sales = await team(org.id, 'Sales');
    const support = await team(org.id, 'Support');
    await team(org.id, 'Paris', sales);

    const twin = await t.operator.post(teamsUrl(org.id), { name: 'SALES', visibility: 'public' });
    expect(twin.status).toBe(409);
    expect(twin.body.code).toBe('conflict');
    expect(twin.body.detail).toBe('A team named "SALES" already exists at the top level. Choose another name.');
    const nested = await t.operator.post(teamsUrl(org.id), { name: 'paris', parentId: sales, visibility: 'private' });
    expect(nested.status).toBe(409);
    expect(nested.body.detail).toContain('"paris" already exists under "Sales"');
    // The same name under another parent, or at another level, is fine.
    const elsewhere = await team(org.id, 'Paris', support);
    await team(org.id, 'Paris');

    // Renaming and moving meet the same rule.
    const renamed = await t.operator.patch(`${teamsUrl(org.id)}/${support}`, { name: 'sales' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.detail).toContain('"sales" already exists at the top level');
    const moved = await t.operator.patch(`${teamsUrl(org.id)}/${elsewhere}`, { parentId: sales });
    expect(moved.status).toBe(409);
    expect(moved.body.detail).toContain('"Paris" already exists under "Sales"');
    // A change of case only is a rename of the same team.
    expect((await t.operator.patch(`${teamsUrl(org.id)}/${support}`, { name: 'SUPPORT' })).body.name).toBe('SUPPORT');

    for (const name of ['a', '  a  ', ' ', 'x'.repeat(201), `${'é'.repeat(201)}`, 'Line\nbreak', 'Tab\there']) {
      const refused = await t.operator.post(teamsUrl(org.id), { name, visibility: 'public' });
      expect(refused.status, JSON.stringify(name)).toBe(400);
      expect(refused.body.code).toBe('validation_failed');
    }
    expect((await t.operator.post(teamsUrl(org.id), { name: 'ab', visibility: 'public' })).status).toBe(201);
    expect((await t.operator.post(teamsUrl(org.id), { name: 'x'.repeat(200), visibility: 'public' })).status).toBe(201);
    expect((await t.operator.post(teamsUrl(org.id), { name: 'é'.repeat(200), visibility: 'public' })).status).toBe(201);
    expect((await t.operator.patch(`${teamsUrl(org.id)}/${support}`, { name: 'x' })).status).toBe(400);
    expect((await tree(org.id)).filter((item) => item.name.toLowerCase() === 'sales')).toHaveLength(1);
  });

  it('refuses invalid bodies, parameters and cursors with 400', async () => {
    const org = await createOrg(t);
    const sales = await team(org.id, 'Sales');
    const person = await invited(org.id, 'body@invalid.test');
    for (const body of [
      {},
      { name: 'Ops' },
      { name: 'Ops', visibility: 'secret' },
      { name: 'Ops', visibility: 'public', parentId: 'not-a-uuid' },
      { name: 'Ops', visibility: 'public', extra: true },
      { name: 42, visibility: 'public' },
    ]) {
      expect((await t.operator.post(teamsUrl(org.id), body)).status, JSON.stringify(body)).toBe(400);
    }
    for (const body of [{}, { visibility: 'hidden' }, { parentId: 'x' }, { name: null }, { owner: 'me' }]) {
      expect((await t.operator.patch(`${teamsUrl(org.id)}/${sales}`, body)).status, JSON.stringify(body)).toBe(400);
    }
    for (const body of [{}, { memberId: person }, { memberId: 'x', role: 'learner' }, { memberId: person, role: 'admin' }]) {
      expect((await t.operator.post(`${teamsUrl(org.id)}/${sales}/members`, body)).status, JSON.stringify(body)).toBe(400);
    }
    for (const query of ['?limit=0', '?limit=201', '?cursor=not-a-cursor']) {
      expect((await t.operator.get(`${teamsUrl(org.id)}/${sales}/members${query}`)).status, query).toBe(400);
    }
    expect((await t.operator.get(`${teamsUrl(org.id)}/not-a-uuid/members`)).status).toBe(400);
    expect((await t.operator.delete(`${teamsUrl(org.id)}/${sales}/members/not-a-uuid`)).status).toBe(400);
    expect(await tree(org.id)).toHaveLength(1);
  });

  it('moves, renames and changes visibility, refusing a move under itself or a team inside it', async () => {
    const org = await createOrg(t);
    const a = await team(org.id, 'Alpha');
    const b = await team(org.id, 'Beta', a);
    const c = await team(org.id, 'Gamma', b);
    const patch = (id: string, body: unknown) => t.operator.patch(`${teamsUrl(org.id)}/${id}`, body);

    const underSelf = await patch(a, { parentId: a });
    expect(underSelf.status).toBe(409);
    expect(underSelf.body.detail).toBe('"Alpha" cannot be moved under itself.');
    const underChild = await patch(a, { parentId: c });
    expect(underChild.status).toBe(409);
    expect(underChild.body.detail).toBe('"Alpha" cannot be moved under "Gamma": that team is inside it.');
    expect((await patch(b, { parentId: c })).status).toBe(409);
    expect((await patch(a, { parentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);

    const top = await patch(c, { parentId: null });
    expect(top.status).toBe(200);
    expect(top.body).toMatchObject({ parentId: null, depth: 0, path: ['Gamma'] });
    const back = await patch(a, { parentId: c, name: 'Alpha One', visibility: 'private' });
    expect(back.body).toMatchObject({ parentId: c, depth: 1, path: ['Gamma', 'Alpha One'], visibility: 'private' });
    expect((await byName(org.id)).Beta).toMatchObject({ depth: 2, path: ['Gamma', 'Alpha One', 'Beta'] });
    // Sending what is already there changes nothing and logs nothing.
    expect((await patch(b, { parentId: a, name: 'Beta', visibility: 'public' })).status).toBe(200);

    expect((await auditOf(org.id, 'team.moved')).map((e) => e.data)).toEqual([
      { name: 'Alpha One', from: null, to: c, fromParent: null, toParent: 'Gamma' },
      { name: 'Gamma', from: b, to: null, fromParent: 'Beta', toParent: null },
    ]);
    expect((await auditOf(org.id, 'team.renamed')).map((e) => e.data)).toEqual([{ from: 'Alpha', to: 'Alpha One' }]);
    expect((await auditOf(org.id, 'team.visibility_changed')).map((e) => e.data)).toEqual([
      { name: 'Alpha One', from: 'public', to: 'private' },
    ]);
  });

  it('never builds a cycle or twin names when changes race', async () => {
    const org = await createOrg(t);
    const left = await team(org.id, 'Left');
    const right = await team(org.id, 'Right');
    const moves = await Promise.all([
      t.operator.patch(`${teamsUrl(org.id)}/${left}`, { parentId: right }),
      t.operator.patch(`${teamsUrl(org.id)}/${right}`, { parentId: left }),
    ]);
    expect(moves.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await tree(org.id)).map((item) => item.depth)).toEqual([0, 1]);
    const twins = await Promise.all(
      ['Twin', 'TWIN', 'twin'].map((name) => t.operator.post(teamsUrl(org.id), { name, visibility: 'public' })),
    );
    expect(twins.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('deletes only an empty team with no team inside it, saying what is left', async () => {
    const org = await createOrg(t);
    const parent = await team(org.id, 'Parent');
    const kid = await team(org.id, 'Kid', parent);
    const sibling = await team(org.id, 'Sibling', parent);
    const people = [
      await invited(org.id, 'd1@delete.test'),
      await invited(org.id, 'd2@delete.test'),
      await invited(org.id, 'd3@delete.test'),
    ];
    for (const id of people) expect((await add(org.id, kid, id)).status).toBe(201);
    const del = (id: string) => t.operator.delete(`${teamsUrl(org.id)}/${id}`);

    const withTeams = await del(parent);
    expect(withTeams.status).toBe(409);
    expect(withTeams.body.detail).toBe('"Parent" has 2 teams inside it; move or delete them first.');
    const withPeople = await del(kid);
    expect(withPeople.status).toBe(409);
    expect(withPeople.body.detail).toContain('"Kid" has 3 members');

    expect((await del(sibling)).status).toBe(204);
    expect((await del(parent)).body.detail).toContain('has 1 team inside it');
    for (const id of people.slice(1)) expect((await removeFrom(org.id, kid, id)).status).toBe(204);
    expect((await del(kid)).body.detail).toContain('"Kid" has 1 member;');
    expect((await removeFrom(org.id, kid, people[0]!)).status).toBe(204);
    expect((await del(kid)).status).toBe(204);
    expect((await del(parent)).status).toBe(204);
    expect((await del(parent)).status).toBe(404);
    expect(await tree(org.id)).toEqual([]);
    const log = await auditOf(org.id, 'team.deleted');
    expect(log.map((e) => e.data.path)).toEqual([['Parent'], ['Parent', 'Kid'], ['Parent', 'Sibling']]);
  });

  it('propagates a learner up public teams, up to and including the first private ancestor', async () => {
    const org = await createOrg(t);
    // AA (private) > BB > CC > DD, the last three public.
    const a = await team(org.id, 'AA', null, 'private');
    const b = await team(org.id, 'BB', a);
    const c = await team(org.id, 'CC', b);
    const d = await team(org.id, 'DD', c);
    // RR (public) > SS (private) > TT > UU (public): a chain from UU stops at SS, included.
    const r = await team(org.id, 'RR');
    const s = await team(org.id, 'SS', r, 'private');
    const tt = await team(org.id, 'TT', s);
    const u = await team(org.id, 'UU', tt);
    const p1 = await invited(org.id, 'p1@propagate.test');
    const p2 = await invited(org.id, 'p2@propagate.test');
    const p3 = await invited(org.id, 'p3@propagate.test');
    const p4 = await invited(org.id, 'p4@propagate.test');

    expect((await add(org.id, d, p1)).body).toMatchObject({ memberId: p1, direct: true, role: 'learner', status: 'pending' });
    expect(await placements(p1)).toEqual(['AA<DD', 'BB<DD', 'CC<DD', 'DD<DD']);
    await add(org.id, u, p2);
    expect(await placements(p2)).toEqual(['SS<UU', 'TT<UU', 'UU<UU']);
    // A private team keeps its learners to itself.
    await add(org.id, s, p3);
    expect(await placements(p3)).toEqual(['SS<SS']);
    await add(org.id, r, p4);
    expect(await placements(p4)).toEqual(['RR<RR']);

    const named = await byName(org.id);
    expect(Object.fromEntries(Object.entries(named).map(([name, item]) => [name, item.memberCount]))).toEqual({
      AA: 1,
      BB: 1,
      CC: 1,
      DD: 1,
      RR: 1,
      SS: 2,
      TT: 1,
      UU: 1,
    });
    expect((await peopleOf(org.id, a)).map((p) => [p.memberId, p.direct])).toEqual([[p1, false]]);
    expect((await auditOf(org.id, 'team.member_added')).map((e) => [e.targetId, e.data.memberId])).toEqual([
      [r, p4],
      [s, p3],
      [u, p2],
      [d, p1],
    ]);
  });

  it('takes out exactly the rows of one addition; counts people once; re-adding changes nothing', async () => {
    const org = await createOrg(t);
    const a = await team(org.id, 'AA', null, 'private');
    const b = await team(org.id, 'BB', a);
    const c = await team(org.id, 'CC', b);
    const d = await team(org.id, 'DD', c);
    const person = await invited(org.id, 'both@remove.test');
    const other = await invited(org.id, 'other@remove.test');

    await add(org.id, c, person);
    await add(org.id, d, person);
    await add(org.id, d, other);
    expect(await placements(person)).toEqual(['AA<CC', 'AA<DD', 'BB<CC', 'BB<DD', 'CC<CC', 'CC<DD', 'DD<DD']);
    // Two rows in AA, BB and CC for one person: each team counts them once.
    const counts = async () => Object.fromEntries((await tree(org.id)).map((item) => [item.name, item.memberCount]));
    expect(await counts()).toEqual({ AA: 2, BB: 2, CC: 2, DD: 2 });
    expect((await peopleOf(org.id, c)).map((p) => [p.email, p.direct])).toEqual([
      ['both@remove.test', true],
      ['other@remove.test', false],
    ]);

    // Idempotent: the same addition again writes nothing and logs nothing.
    const again = await add(org.id, d, person);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ memberId: person, direct: true, role: 'learner' });
    expect(await placements(person)).toHaveLength(7);
    expect(await auditOf(org.id, 'team.member_added')).toHaveLength(3);

    expect((await removeFrom(org.id, d, person)).status).toBe(204);
    expect(await placements(person)).toEqual(['AA<CC', 'BB<CC', 'CC<CC']);
    expect(await placements(other)).toEqual(['AA<DD', 'BB<DD', 'CC<DD', 'DD<DD']);
    expect(await counts()).toEqual({ AA: 2, BB: 2, CC: 2, DD: 1 });
    expect((await peopleOf(org.id, d)).map((p) => p.email)).toEqual(['other@remove.test']);

    // In BB only through CC: nothing to take out at BB itself.
    const notDirect = await removeFrom(org.id, b, person);
    expect(notDirect.status).toBe(404);
    expect(notDirect.body.detail).toContain('was not added to "BB" itself');
    expect((await removeFrom(org.id, d, person)).status).toBe(404);
    expect(await placements(person)).toHaveLength(3);

    const [entry] = await auditOf(org.id, 'team.member_removed');
    expect(entry).toMatchObject({ targetId: d, data: { memberId: person, placement: true, rowsRemoved: 4, role: null } });
  });

  it('does not rewrite earlier placements when a team moves or changes visibility', async () => {
    const org = await createOrg(t);
    const top = await team(org.id, 'Top');
    const mid = await team(org.id, 'Mid', top);
    const leaf = await team(org.id, 'Leaf', mid);
    const early = await invited(org.id, 'early@shape.test');
    const late = await invited(org.id, 'late@shape.test');
    await add(org.id, leaf, early);
    expect(await placements(early)).toEqual(['Leaf<Leaf', 'Mid<Leaf', 'Top<Leaf']);
    await t.operator.patch(`${teamsUrl(org.id)}/${mid}`, { visibility: 'private' });
    await t.operator.patch(`${teamsUrl(org.id)}/${leaf}`, { parentId: null });
    expect(await placements(early)).toEqual(['Leaf<Leaf', 'Mid<Leaf', 'Top<Leaf']);
    await add(org.id, leaf, late);
    expect(await placements(late)).toEqual(['Leaf<Leaf']);
    // Taking the early person out still removes all the rows that addition made.
    await removeFrom(org.id, leaf, early);
    expect(await placements(early)).toEqual([]);
  });

  it('lists the people of a team by address, page by page, hiding the names of people who have not accepted', async () => {
    const org = await createOrg(t);
    const crew = await team(org.id, 'Crew');
    const { membershipId: ada } = await member(t, org.id, 'ada@page.test', 'manager', { firstName: 'Ada', lastName: 'Lovelace' });
    const pending = [];
    for (const n of [1, 2, 3, 4]) pending.push(await invited(org.id, `p${n}@page.test`));
    for (const id of pending) await add(org.id, crew, id);
    await add(org.id, crew, ada, 'manager');

    const all = await peopleOf(org.id, crew);
    expect(all.map((p) => p.email)).toEqual(['ada@page.test', 'p1@page.test', 'p2@page.test', 'p3@page.test', 'p4@page.test']);
    expect(all[0]).toMatchObject({
      memberId: ada,
      firstName: 'Ada',
      lastName: 'Lovelace',
      status: 'active',
      // A team role is held on the team itself.
      direct: true,
      role: 'manager',
    });
    expect(all[1]).toMatchObject({ firstName: null, lastName: null, status: 'pending', direct: true, role: 'learner' });

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: TeamMemberBody[]; nextCursor: string | null } } = await t.operator.get(
        `${teamsUrl(org.id)}/${crew}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      sizes.push(page.body.items.length);
      seen.push(...page.body.items.map((p) => p.memberId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(all.map((p) => p.memberId));

    const crewTeam = (await byName(org.id)).Crew;
    expect(crewTeam).toMatchObject({ memberCount: 5, managers: [{ memberId: ada, email: 'ada@page.test', role: 'manager' }] });
  });

  it('finds the same pages of a team whichever way it reads them: gathering the team, or walking the organization', async () => {
    const org = await createOrg(t);
    const crew = await team(org.id, 'Crew');
    const below = await team(org.id, 'Crew below', crew);
    // Outsiders between the team's people in address order, so a walk reads past them.
    const people: string[] = [];
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9]) people.push(await invited(org.id, `w${n}@walk.test`));
    for (const n of [1, 2, 3, 4, 5, 6]) await invited(org.id, `o${n}@walk.test`);
    // w9 is an outsider too: invited, in no team.
    const [p1, p2, p3, p4, p5, p6, p7, p8] = people as [string, string, string, string, string, string, string, string];
    for (const id of [p1, p3, p5]) expect((await add(org.id, crew, id)).status).toBe(201);
    expect((await add(org.id, below, p2)).status).toBe(201);
    expect((await add(org.id, crew, p4, 'manager')).status).toBe(201);
    for (const id of [p6, p7, p8]) expect((await add(org.id, crew, id)).status).toBe(201);
    // A person placed twice (here and below) is one row; a removed person is none.
    expect((await add(org.id, below, p6)).status).toBe(201);
    await t.database.db.execute(sql`update memberships set status = 'removed', removed_at = now() where id = ${p7}`);

    const walk = (rows: number): PageWay => ({ kind: 'walk', rows });
    // A walk that fills its pages, one that runs out before the organization ends and gives way
    // to the gather on every page, and one long enough to reach the organization's end.
    const ways: PageWay[] = [{ kind: 'gather' }, walk(2), walk(1), walk(1000)];
    const pages = async (way: PageWay) => {
      const seen: { id: string; direct: boolean; team_role: string | null }[][] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page = await listTeamMemberRecords(t.database.db, org.id, crew, { after, limit: 3 }, way);
        seen.push(page.map((row) => ({ id: row.id, direct: row.direct, team_role: row.team_role })));
        if (page.length < 3) break;
        after = page.at(-1)?.id ?? null;
      }
      return seen;
    };
    const expected = [
      [
        { id: p1, direct: true, team_role: null },
        { id: p2, direct: false, team_role: null },
        { id: p3, direct: true, team_role: null },
      ],
      [
        { id: p4, direct: true, team_role: 'manager' },
        { id: p5, direct: true, team_role: null },
        { id: p6, direct: true, team_role: null },
      ],
      [{ id: p8, direct: true, team_role: null }],
    ];
    for (const way of ways) expect(await pages(way), JSON.stringify(way)).toEqual(expected);
    // The route takes the way the kept counts choose, and answers the same.
    expect((await peopleOf(org.id, crew)).map((p) => p.memberId)).toEqual(expected.flat().map((p) => p.id));
  });

  it('walks a team only where that reads fewer people than gathering it', () => {
    // Half of 200,000: about 100 people read for a page of 50, at most 32,768 (a power of two, at most half the team).
    expect(pageWay(94_000, 200_000, 51)).toEqual({ kind: 'walk', rows: 32_768 });
    // 1,000 of 200,000: a walk would expect 10,200 people; the team is 1,000.
    expect(pageWay(1_000, 200_000, 51)).toEqual({ kind: 'gather' });
    // A team no larger than the page, or empty.
    expect(pageWay(51, 51, 51)).toEqual({ kind: 'gather' });
    expect(pageWay(0, 100, 51)).toEqual({ kind: 'gather' });
    // The whole organization in one team.
    expect(pageWay(10_000, 10_000, 201)).toEqual({ kind: 'walk', rows: 4_096 });
  });

  it('keeps a manager of one branch to that branch: every route against the other branch is refused and changes nothing', async () => {
    const org = await createOrg(t);
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@branch.test', 'manager');
    const { membershipId: otherManager } = await member(t, org.id, 'other-manager@branch.test', 'manager');
    const x = await team(org.id, 'North');
    const x1 = await team(org.id, 'North 1', x);
    const y = await team(org.id, 'South');
    const y1 = await team(org.id, 'South 1', y);
    const learner = await invited(org.id, 'learner@branch.test');
    const userAdmin = await invited(org.id, 'ua@branch.test', 'user_admin');
    const inY = await invited(org.id, 'in-y@branch.test');
    expect((await add(org.id, x, managerId, 'manager')).status).toBe(201);
    await add(org.id, y1, inY);

    // Their branch is all they are shown, each team saying what they may do with it: the same
    // rules as the refusals below (no team roles to hand out, no top-level team to create).
    const mine = await manager.get(teamsUrl(org.id));
    expect(mine.body.can).toEqual({ createTopLevel: false });
    expect((mine.body.items as TeamBody[]).map((item) => [item.name, item.canManage, item.can])).toEqual(
      ['North', 'North 1'].map((name) => [
        name,
        true,
        {
          seePeople: true,
          addPeople: true,
          manage: false,
          rename: true,
          move: true,
          changeVisibility: true,
          delete: true,
          createInside: true,
        },
      ]),
    );
    const everything = await t.operator.get(teamsUrl(org.id));
    expect(everything.body.can).toEqual({ createTopLevel: true });
    expect((everything.body.items as TeamBody[]).map((item) => item.can.manage)).toEqual([true, true, true, true]);
    const x2 = await team(org.id, 'North 2', x, 'public', manager);
    expect((await manager.patch(`${teamsUrl(org.id)}/${x1}`, { name: 'North One' })).status).toBe(200);
    expect((await manager.patch(`${teamsUrl(org.id)}/${x2}`, { parentId: x1 })).status).toBe(200);
    expect((await add(org.id, x2, learner, 'learner', manager)).status).toBe(201);
    expect((await peopleOf(org.id, x1, manager)).map((p) => p.memberId)).toEqual([learner]);
    expect((await removeFrom(org.id, x2, learner, manager)).status).toBe(204);
    expect((await manager.delete(`${teamsUrl(org.id)}/${x2}`)).status).toBe(204);
    // Managers add learners only, and act on learners only.
    const grant = await add(org.id, x1, otherManager, 'manager', manager);
    expect(grant.status).toBe(403);
    expect(grant.body.code).toBe('role_too_high');
    const onUserAdmin = await add(org.id, x1, userAdmin, 'learner', manager);
    expect(onUserAdmin.status).toBe(403);
    expect(onUserAdmin.body.detail).toContain('user admin');
    const topLevel = await manager.post(teamsUrl(org.id), { name: 'Mine', visibility: 'public' });
    expect(topLevel.status).toBe(403);
    expect(topLevel.body.detail).toContain('Only administrators can create teams at the top level');

    const before = await snapshot(org.id);
    const base = teamsUrl(org.id);
    for (const target of [y, y1]) {
      const responses = [
        ['create under', await manager.post(base, { name: 'Intruder', parentId: target, visibility: 'public' })],
        ['rename', await manager.patch(`${base}/${target}`, { name: 'Taken' })],
        ['hide', await manager.patch(`${base}/${target}`, { visibility: 'private' })],
        ['move it', await manager.patch(`${base}/${target}`, { parentId: x })],
        ['move into it', await manager.patch(`${base}/${x1}`, { parentId: target })],
        ['delete', await manager.delete(`${base}/${target}`)],
        ['see people', await manager.get(`${base}/${target}/members`)],
        ['add', await manager.post(`${base}/${target}/members`, { memberId: learner, role: 'learner' })],
        ['take out', await manager.delete(`${base}/${target}/members/${inY}`)],
      ] as const;
      for (const [what, response] of responses) {
        expect.soft(response.status, `${what} ${target === y ? 'South' : 'South 1'}`).toBe(403);
        expect.soft(response.body.code, what).toBe('forbidden');
      }
    }
    const refused = await manager.get(`${base}/${y}/members`);
    expect(refused.body.detail).toBe(
      'You can only see the people of teams you manage and the teams below them; "South" is not one of them. Ask an administrator.',
    );
    expect(await snapshot(org.id)).toEqual(before);

    // Without a team role, a manager has no branch: no teams listed, and none to act on.
    const { client: idle } = await member(t, org.id, 'idle@branch.test', 'manager');
    expect(await tree(org.id, idle)).toEqual([]);
    expect((await idle.get(`${base}/${x}/members`)).status).toBe(403);
  });

  it('lets user admins assign managers in their scope, never user admins; a learner is promoted in the same step', async () => {
    const org = await createOrg(t);
    const { client: userAdmin, membershipId: userAdminId } = await member(t, org.id, 'ua@roles.test', 'user_admin');
    const { membershipId: peerId } = await member(t, org.id, 'peer@roles.test', 'user_admin');
    const { membershipId: managerId } = await member(t, org.id, 'manager@roles.test', 'manager');
    const { membershipId: learnerId } = await member(t, org.id, 'learner@roles.test', 'learner');
    const { client: learnerClient, membershipId: plainId } = await member(t, org.id, 'plain@roles.test', 'learner');
    const dept = await team(org.id, 'Dept');
    const unit = await team(org.id, 'Unit', dept);
    await add(org.id, dept, userAdminId, 'user_admin');
    await add(org.id, unit, peerId, 'user_admin');

    const made = await add(org.id, unit, managerId, 'manager', userAdmin);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ memberId: managerId, role: 'manager', direct: true });
    const tooHigh = await add(org.id, unit, managerId, 'user_admin', userAdmin);
    expect(tooHigh.status).toBe(403);
    expect(tooHigh.body.code).toBe('role_too_high');
    // Another user admin's team role is not theirs to take away, nor their own.
    expect((await removeFrom(org.id, unit, peerId, userAdmin)).status).toBe(403);
    expect((await removeFrom(org.id, dept, userAdminId, userAdmin)).status).toBe(403);

    // A user admin may not make a learner user admin of a team: refused, and the learner stays a learner.
    const tooHighForLearner = await add(org.id, unit, learnerId, 'user_admin', userAdmin);
    expect(tooHighForLearner.status).toBe(403);
    expect(tooHighForLearner.body.code).toBe('role_too_high');
    const roleOf = async (id: string) => (await t.operator.get(`/api/v1/orgs/${org.id}/members/${id}`)).body.role;
    expect(await roleOf(learnerId)).toBe('learner');
    // "Make them manager of Unit" is one step: the learner becomes a manager of the organization too.
    const promoted = await add(org.id, unit, learnerId, 'manager', userAdmin);
    expect(promoted.status).toBe(201);
    expect(promoted.body).toMatchObject({ memberId: learnerId, role: 'manager', direct: true });
    expect(await roleOf(learnerId)).toBe('manager');
    expect((await auditOf(org.id, 'member.role_changed')).map((e) => [e.actor, e.targetId, e.data])).toEqual([
      ['ua@roles.test', learnerId, { from: 'learner', to: 'manager' }],
    ]);

    const unitView = (await byName(org.id)).Unit;
    expect(unitView?.managers.map((m) => [m.email, m.role])).toEqual([
      ['learner@roles.test', 'manager'],
      ['manager@roles.test', 'manager'],
      ['peer@roles.test', 'user_admin'],
    ]);
    expect(unitView?.memberCount).toBe(3);
    expect((await auditOf(org.id, 'team.role_granted')).map((e) => [e.actor, e.data.email, e.data.role])).toEqual([
      ['ua@roles.test', 'learner@roles.test', 'manager'],
      ['ua@roles.test', 'manager@roles.test', 'manager'],
      ['operator', 'peer@roles.test', 'user_admin'],
      ['operator', 'ua@roles.test', 'user_admin'],
    ]);

    expect((await removeFrom(org.id, unit, managerId, userAdmin)).status).toBe(204);
    expect((await auditOf(org.id, 'team.member_removed'))[0]?.data).toMatchObject({
      memberId: managerId,
      placement: false,
      rowsRemoved: 0,
      role: 'manager',
    });
    expect((await byName(org.id)).Unit?.managers).toHaveLength(2);

    // Learners see no teams and change none.
    const base = teamsUrl(org.id);
    for (const response of [
      await learnerClient.get(base),
      await learnerClient.post(base, { name: 'Mine', parentId: unit, visibility: 'public' }),
      await learnerClient.patch(`${base}/${unit}`, { name: 'Mine' }),
      await learnerClient.delete(`${base}/${unit}`),
      await learnerClient.get(`${base}/${unit}/members`),
      await learnerClient.post(`${base}/${unit}/members`, { memberId: plainId, role: 'learner' }),
      await learnerClient.delete(`${base}/${unit}/members/${learnerId}`),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('forbidden');
    }
    expect((await t.anonymous().get(base)).status).toBe(401);
  });

  it("lists a person's teams with their role and whether it was given there, within the caller's branch", async () => {
    const org = await createOrg(t);
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'manager@person.test', 'manager');
    const { client: learnerClient } = await member(t, org.id, 'self@person.test', 'learner');
    const sales = await team(org.id, 'Sales');
    const emea = await team(org.id, 'EMEA', sales);
    const other = await team(org.id, 'Other');
    await add(org.id, emea, managerId, 'manager');
    const henry = await invited(org.id, 'henry@person.test');
    await add(org.id, emea, henry);
    await add(org.id, other, henry);
    const teamsOf = (by: Client, id: string) => by.get(`/api/v1/orgs/${org.id}/members/${id}/teams`);

    const all = await teamsOf(t.operator, henry);
    expect(all.status).toBe(200);
    expect(
      all.body.items.map((i: { team: { path: string[] }; role: string; direct: boolean }) => [i.team.path.join(' / '), i.role, i.direct]),
    ).toEqual([
      ['Other', 'learner', true],
      ['Sales', 'learner', false],
      ['Sales / EMEA', 'learner', true],
    ]);
    // A team role is held on the team itself: direct.
    const managerTeams = await teamsOf(t.operator, managerId);
    expect(managerTeams.body.items.map((i: { role: string; direct: boolean }) => [i.role, i.direct])).toEqual([['manager', true]]);
    // The manager sees Henry's teams in their branch only, and may add people there but not hand out team roles.
    const seen = await teamsOf(manager, henry);
    expect(seen.status).toBe(200);
    expect(
      seen.body.items.map((i: { team: { name: string }; can: { addPeople: boolean; manage: boolean } }) => [
        i.team.name,
        i.can.addPeople,
        i.can.manage,
      ]),
    ).toEqual([['EMEA', true, false]]);
    // And a person outside their teams, a learner asking, another organization's id: refused.
    const outsider = await invited(org.id, 'outsider@person.test');
    expect((await teamsOf(manager, outsider)).status).toBe(403);
    expect((await teamsOf(learnerClient, henry)).status).toBe(403);
    const elsewhere = await createOrg(t);
    expect((await t.operator.get(`/api/v1/orgs/${elsewhere.id}/members/${henry}/teams`)).status).toBe(404);

    // People answers carry what the caller may do with each person, from the same rules.
    const listed = await manager.get(`/api/v1/orgs/${org.id}/members`);
    const henryRow = listed.body.items.find((m: { id: string }) => m.id === henry);
    expect(henryRow.can).toEqual({ changeRole: true, remove: true, resend: true, cancel: true, reinvite: false, editNote: false });
    const managerRow = (await t.operator.get(`/api/v1/orgs/${org.id}/members/${managerId}`)).body;
    expect(managerRow.can).toMatchObject({ changeRole: true, remove: true, editNote: true });
    const own = (await manager.get(`/api/v1/orgs/${org.id}/members/${henry}`)).body;
    expect(own.can).toEqual(henryRow.can);
  });

  it('refuses people removed from the organization, and no longer counts them', async () => {
    const org = await createOrg(t);
    const crew = await team(org.id, 'Crew');
    const { membershipId: leaver } = await member(t, org.id, 'leaver@gone.test', 'learner');
    await add(org.id, crew, leaver);
    expect((await byName(org.id)).Crew?.memberCount).toBe(1);
    // Marked removed directly: whatever removal does with team rows, a removed membership must not count.
    await t.database.db.execute(sql`update memberships set status = 'removed', removed_at = now() where id = ${leaver}`);
    expect((await byName(org.id)).Crew?.memberCount).toBe(0);
    expect(await peopleOf(org.id, crew)).toEqual([]);
    const refused = await add(org.id, crew, leaver);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('removed from the organization');
    expect((await t.operator.delete(`${teamsUrl(org.id)}/${crew}`)).status).toBe(204);
  });

  it('takes the rows a deleted team put into its ancestors along with it', async () => {
    const org = await createOrg(t);
    const unit = await team(org.id, 'Unit');
    const cell = await team(org.id, 'Cell', unit);
    const { membershipId: leaver } = await member(t, org.id, 'leaver@cell.test', 'learner');
    await add(org.id, cell, leaver);
    await t.database.db.execute(sql`update memberships set status = 'removed', removed_at = now() where id = ${leaver}`);
    const origins = () => rows<{ team_id: string }>(sql`select team_id from team_members where origin_team_id = ${cell} order by team_id`);
    expect((await origins()).map((row) => row.team_id).sort()).toEqual([unit, cell].sort());
    expect((await t.operator.delete(`${teamsUrl(org.id)}/${cell}`)).status).toBe(204);
    // Neither the row in the team itself nor the one it put into "Unit" is left behind.
    expect(await origins()).toEqual([]);
    expect(await rows(sql`select 1 from team_members where membership_id = ${leaver}`)).toEqual([]);
  });

  it("answers 404 for another organization's teams and people on every teams route, and changes nothing", async () => {
    const mine = await createOrg(t);
    const theirs = await createOrg(t);
    const { client: admin } = await member(t, mine.id, 'admin@isolation-teams.test', 'admin');
    const myTeam = await team(mine.id, 'Mine');
    const myPerson = await invited(mine.id, 'mine@isolation-teams.test');
    const theirTeam = await team(theirs.id, 'Theirs');
    const theirPerson = await invited(theirs.id, 'theirs@isolation-teams.test');
    await add(theirs.id, theirTeam, theirPerson);
    const before = await snapshot(theirs.id);

    for (const client of [admin, t.operator]) {
      const base = teamsUrl(mine.id);
      const responses = [
        await client.post(base, { name: 'Child', parentId: theirTeam, visibility: 'public' }),
        await client.patch(`${base}/${theirTeam}`, { name: 'Taken' }),
        await client.patch(`${base}/${myTeam}`, { parentId: theirTeam }),
        await client.delete(`${base}/${theirTeam}`),
        await client.get(`${base}/${theirTeam}/members`),
        await client.post(`${base}/${theirTeam}/members`, { memberId: myPerson, role: 'learner' }),
        await client.post(`${base}/${myTeam}/members`, { memberId: theirPerson, role: 'learner' }),
        await client.post(`${base}/${myTeam}/members`, { memberId: theirPerson, role: 'manager' }),
        await client.delete(`${base}/${theirTeam}/members/${theirPerson}`),
        await client.delete(`${base}/${myTeam}/members/${theirPerson}`),
      ];
      expect(responses.map((r) => r.status)).toEqual(Array(responses.length).fill(404));
      expect(responses.every((r) => r.body.code === 'not_found')).toBe(true);
    }
    // A member of one organization calling another's routes learns nothing.
    const theirBase = teamsUrl(theirs.id);
    for (const response of [
      await admin.get(theirBase),
      await admin.post(theirBase, { name: 'Intruder', visibility: 'public' }),
      await admin.patch(`${theirBase}/${theirTeam}`, { name: 'Taken' }),
      await admin.delete(`${theirBase}/${theirTeam}`),
      await admin.get(`${theirBase}/${theirTeam}/members`),
      await admin.post(`${theirBase}/${theirTeam}/members`, { memberId: theirPerson, role: 'learner' }),
      await admin.delete(`${theirBase}/${theirTeam}/members/${theirPerson}`),
    ]) {
      expect(response.status).toBe(404);
    }
    expect(await snapshot(theirs.id)).toEqual(before);
    expect((await tree(mine.id)).map((item) => item.name)).toEqual(['Mine']);
  });

  describe('placement functions for other features', () => {
    const inTx = <T>(work: (tx: Db) => Promise<T>) => t.database.db.transaction((tx) => work(tx as unknown as Db));
    /** An organization id that holds nothing. */
    const NOWHERE = '00000000-0000-4000-8000-000000000000';

    it('places many people in many teams in one go, set-based and idempotent, within one organization', async () => {
      const org = await createOrg(t);
      const other = await createOrg(t);
      const root = await team(org.id, 'Root', null, 'private');
      const left = await team(org.id, 'Left', root);
      const right = await team(org.id, 'Right', root, 'private');
      const foreign = await team(other.id, 'Foreign');
      const people = [await invited(org.id, 'm1@set.test'), await invited(org.id, 'm2@set.test')];
      const stranger = await invited(other.id, 'm3@set.test');

      await inTx((tx) => placeInTeams(tx, { orgId: org.id, membershipIds: [...people, stranger], teamIds: [left, right, foreign, left] }));
      await inTx((tx) => placeInTeams(tx, { orgId: org.id, membershipIds: people, teamIds: [left, right] }));
      await inTx((tx) => placeInTeams(tx, { orgId: org.id, membershipIds: [], teamIds: [left] }));
      for (const id of people) expect(await placements(id)).toEqual(['Left<Left', 'Right<Right', 'Root<Left']);
      expect(await placements(stranger)).toEqual([]);
      expect(await rows(sql`select 1 from team_members where team_id = ${foreign}`)).toEqual([]);

      await expect(inTx((tx) => assertTeamsExist(tx, org.id, [left, root]))).resolves.toBeUndefined();
      await expect(inTx((tx) => assertTeamsExist(tx, org.id, [left, foreign]))).rejects.toMatchObject({
        code: 'not_found',
        message: `The team ${foreign} was not found.`,
      });
      await expect(inTx((tx) => assertTeamsExist(tx, org.id, ['Sales']))).rejects.toMatchObject({ code: 'not_found' });
    });

    it('undoes what an invitation placed, including through the links a reminder superseded', async () => {
      const org = await createOrg(t);
      const group = await team(org.id, 'Group');
      const sub = await team(org.id, 'Sub', group);
      const direct = await team(org.id, 'Direct', null, 'private');
      const response = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'inv@undo.test' });
      const { memberId, invitationId } = response.body.results[0] as { memberId: string; invitationId: string };
      await inTx((tx) => placeInTeams(tx, { orgId: org.id, membershipIds: [memberId], teamIds: [sub], invitationId }));
      await add(org.id, direct, memberId);
      const resent = await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${invitationId}/resend`, {});
      const newest = resent.body.invitationId as string;
      expect(newest).not.toBe(invitationId);
      expect(await placements(memberId)).toEqual(['Direct<Direct', 'Group<Sub', 'Sub<Sub']);

      expect(await inTx((tx) => removeInvitationPlacements(tx, NOWHERE, newest))).toBe(0);
      expect(await inTx((tx) => removeInvitationPlacements(tx, org.id, newest))).toBe(2);
      expect(await placements(memberId)).toEqual(['Direct<Direct']);
    });

    it('places people who each have their own invitation in one statement, and undoes each separately', async () => {
      const org = await createOrg(t);
      const top = await team(org.id, 'Top', null, 'private');
      const leaf = await team(org.id, 'Leaf', top);
      const response = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['one@bulk.test', 'two@bulk.test'] });
      const [one, two] = response.body.results as { memberId: string; invitationId: string }[];
      if (!one || !two) throw new Error('invite failed');
      const people = [one, two, { ...one, invitationId: two.invitationId }].map((r) => ({
        membershipId: r.memberId,
        invitationId: r.invitationId,
      }));
      await inTx((tx) => placeInvitedInTeams(tx, { orgId: org.id, teamIds: [leaf], people }));
      const marks = await rows<{ membership_id: string; invitation_id: string }>(
        sql`select membership_id, invitation_id from team_members where org_id = ${org.id} order by membership_id, team_id`,
      );
      expect(marks).toHaveLength(4);
      for (const row of marks) expect(row.invitation_id).toBe(row.membership_id === one.memberId ? one.invitationId : two.invitationId);
      expect(await inTx((tx) => removeInvitationPlacements(tx, org.id, one.invitationId))).toBe(2);
      expect(await placements(one.memberId)).toEqual([]);
      expect(await placements(two.memberId)).toEqual(['Leaf<Leaf', 'Top<Leaf']);
    });

    it('computes a scope: the teams of a role and everything below them, and who is placed in it', async () => {
      const org = await createOrg(t);
      const { membershipId: boss } = await member(t, org.id, 'boss@scope.test', 'manager');
      const a = await team(org.id, 'Aa');
      const a1 = await team(org.id, 'Aa1', a, 'private');
      const a11 = await team(org.id, 'Aa11', a1);
      const b = await team(org.id, 'Bb');
      const b1 = await team(org.id, 'Bb1', b);
      const inside = await invited(org.id, 'inside@scope.test');
      const outside = await invited(org.id, 'outside@scope.test');
      await add(org.id, a11, inside);
      await add(org.id, b1, outside);

      expect(await inTx((tx) => teamIdsInScope(tx, org.id, boss))).toEqual([]);
      await add(org.id, a1, boss, 'manager');
      await add(org.id, a11, boss, 'manager');
      expect((await inTx((tx) => teamIdsInScope(tx, org.id, boss))).sort()).toEqual([a1, a11].sort());
      expect(await inTx((tx) => membershipInScope(tx, org.id, boss, inside))).toBe(true);
      expect(await inTx((tx) => membershipInScope(tx, org.id, boss, outside))).toBe(false);
      // A role on B reaches B1 and the person placed there.
      await add(org.id, b, boss, 'manager');
      expect((await inTx((tx) => teamIdsInScope(tx, org.id, boss))).sort()).toEqual([a1, a11, b, b1].sort());
      expect(await inTx((tx) => membershipInScope(tx, org.id, boss, outside))).toBe(true);
      expect(await inTx((tx) => teamIdsInScope(tx, NOWHERE, boss))).toEqual([]);
    });
  });
});
