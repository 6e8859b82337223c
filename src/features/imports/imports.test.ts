import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo, lastEmailTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { member, teamOf } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { dropAbandonedUploads } from './drop-abandoned-uploads.js';
import { handMadeWorkbook, inlineRow } from './sheet/test-fixtures.js';

describe('spreadsheet imports (R-15)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster({}, { importChunkSize: 3 });
  });
  afterAll(() => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query);
  const url = (orgId: string) => `/api/v1/orgs/${orgId}/imports`;
  const upload = (orgId: string, csv: string | Buffer, by: Client = t.operator, query = '', name = 'people.csv') =>
    by.upload(`${url(orgId)}${query}`, name, csv);
  async function team(orgId: string, name: string, parentId: string | null = null) {
    const response = await t.operator.post(`/api/v1/orgs/${orgId}/teams`, { name, parentId, visibility: 'public' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  }
  const membershipCount = async (orgId: string) =>
    Number((await rows<{ n: number }>(sql`select count(*)::int as n from memberships where org_id = ${orgId}`))[0]?.n);
  const importRowCount = async () => Number((await rows<{ n: number }>(sql`select count(*)::int as n from import_rows`))[0]?.n);
  async function commitAndRun(orgId: string, importId: string, by: Client = t.operator) {
    const committed = await by.post(`${url(orgId)}/${importId}/commit`);
    expect(committed.status, JSON.stringify(committed.body)).toBe(202);
    expect(committed.body.status).toBe('committing');
    await t.drainImports();
    const done = await by.get(`${url(orgId)}/${importId}`);
    expect(done.body.status).toBe('done');
    return done.body;
  }

  it('offers a template as CSV and as XLSX', async () => {
    const org = await createOrg(t);
    const csv = await t.operator.get(`${url(org.id)}/template.csv`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-disposition'])).toContain('roster-import-template.csv');
    expect(
      String(csv.body)
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0],
    ).toBe('email,first_name,last_name,username,teams,role,mode');
    const xlsx = await t.operator.get(`${url(org.id)}/template.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
  });

  it('previews every row without changing anything, then commits in the background and reports each row', async () => {
    const org = await createOrg(t, { seats: 50 });
    const sales = await team(org.id, 'Sales');
    const emea = await team(org.id, 'EMEA', sales);
    const support = await team(org.id, 'Support');
    await team(org.id, 'EMEA', support);
    const { membershipId: existing } = await member(t, org.id, 'old.hand@example.com');
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'waiting@example.com' });
    const before = await membershipCount(org.id);

    const csv = [
      'E-mail;First Name;Surname;Teams;Role;Mode;Shoe size',
      'ada@example.com;Ada;Lovelace;Sales/EMEA;learner;;42',
      'grace@example.com;Grace;Hopper;Sales;Manager;setup;',
      'waiting@example.com;;;;;;',
      'OLD.HAND@example.com;;;Sales/EMEA;;;',
      'not-an-address;;;;;;',
      ';;;;;;',
      'alan@example.com;;;Marketing;;;',
      'kurt@example.com;;;EMEA;;;',
      'edsger@example.com;;;;wizard;;',
      'ada@example.com;Ada;Again;;;;',
      '"barbara@example.com";"Barbara";"Liskov; PhD";"Support";;;',
    ].join('\r\n');
    const preview = await upload(org.id, csv);
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(preview.body).toMatchObject({
      status: 'previewed',
      format: 'csv',
      rowCount: 10,
      unknownColumns: ['Shoe size'],
      preview: { invite: 2, setup: 1, join_teams: 1, already_invited: 1, already_member: 0, invalid: 5, not_allowed: 0 },
    });
    const problems = Object.fromEntries(
      (preview.body.problems as { rowNumber: number; reason: string }[]).map((p) => [p.rowNumber, p.reason]),
    );
    expect(problems[6]).toMatch(/^Bad address "not-an-address"/);
    expect(problems[8]).toBe('There is no team "Marketing" in this organization.');
    expect(problems[9]).toMatch(/"EMEA" names 2 teams; write its path instead/);
    expect(problems[10]).toMatch(/^Unknown role "wizard"/);
    expect(problems[11]).toBe('Duplicate of row 2: the same address appears twice.');
    // Row 7 is blank: skipped, not counted, not reported.
    expect(problems[7]).toBeUndefined();
    expect(await membershipCount(org.id)).toBe(before);

    const done = await commitAndRun(org.id, preview.body.id);
    expect(done.results).toMatchObject({ invited: 2, set_up: 1, already_invited: 1, added_to_teams: 1, invalid: 5 });
    expect(done.progress).toMatchObject({ rowsDone: 10, rowCount: 10, percent: 100 });
    expect(await membershipCount(org.id)).toBe(before + 3);

    // Invited people are placed in their teams through propagation, with an email each.
    const placed = await rows<{ email: string; team: string }>(
      sql`select m.email, t.name as team from team_members tm join memberships m on m.id = tm.membership_id
          join teams t on t.id = tm.team_id where tm.org_id = ${org.id} order by 1, 2`,
    );
    expect(placed.filter((p) => p.email === 'ada@example.com').map((p) => p.team)).toEqual(['EMEA', 'Sales']);
    expect(placed.filter((p) => p.email === 'barbara@example.com').map((p) => p.team)).toEqual(['Support']);
    // The invitation is stored as its words, rendered when it is sent (and when the outbox
    // shows it), never written out in full; its link works.
    const stored = () =>
      rows<{ status: string; html: string | null; body: { action: { url: string } } | null }>(
        sql`select status, html, body from emails where to_address = 'ada@example.com' and kind = 'invitation'`,
      );
    expect(await stored()).toMatchObject([
      { status: 'queued', html: null, body: { action: { url: expect.stringMatching(/\/invite\//) } } },
    ]);
    await t.drain();
    expect(await stored()).toMatchObject([{ status: 'sent', html: null, body: { action: { url: expect.stringMatching(/\/invite\//) } } }]);
    const [sent] = await emailsTo(t, 'ada@example.com', 'invitation');
    const token = tokenOf(linkPath(sent?.text));
    const peek = await t.anonymous().get(`/api/v1/invitations/${token}`);
    expect(peek.status, JSON.stringify(peek.body)).toBe(200);
    // The name in the file is offered on the acceptance form.
    expect(peek.body).toMatchObject({ email: 'ada@example.com', accountExists: false, firstName: 'Ada', lastName: 'Lovelace' });
    const [setup] = await emailsTo(t, 'grace@example.com', 'account-setup');
    expect(setup?.text).toContain('/set-password/');
    const grace = await rows<{ role: string; status: string; first_name: string }>(
      sql`select m.role, m.status, a.first_name from memberships m join accounts a on a.id = m.account_id where a.email = 'grace@example.com'`,
    );
    expect(grace).toEqual([{ role: 'manager', status: 'active', first_name: 'Grace' }]);
    const seats = await t.operator.get(`/api/v1/orgs/${org.id}`);
    expect(seats.body.seatsUsed).toBe(2);
    // The existing member joined the new team; nothing else about them changed.
    const oldHand = await rows<{ team: string }>(
      sql`select t.name as team from team_members tm join teams t on t.id = tm.team_id where tm.membership_id = ${existing} order by 1`,
    );
    expect(oldHand.map((r) => r.team)).toEqual(['EMEA', 'Sales']);
    expect(placed.length).toBeGreaterThan(0);
    void emea;

    const report = await t.operator.get(`${url(org.id)}/${preview.body.id}/report.csv`);
    expect(report.status).toBe(200);
    const lines = String(report.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('row,email,username,first_name,last_name,teams,role,mode,result,reason');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toBe('2,ada@example.com,,Ada,Lovelace,Sales/EMEA,learner,invite,invited,');
    expect(lines.find((l) => l.startsWith('12,'))).toBe('12,barbara@example.com,,Barbara,"Liskov; PhD",Support,learner,invite,invited,');

    const audit = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=import.completed`);
    expect(audit.body.items).toHaveLength(1);

    // The same file again duplicates nobody.
    const again = await upload(org.id, csv);
    expect(again.body.preview).toMatchObject({ invite: 0, setup: 0, join_teams: 0, already_invited: 3, already_member: 2, invalid: 5 });
    const history = await t.operator.get(url(org.id));
    expect(history.body.items.map((i: { id: string }) => i.id)).toEqual([again.body.id, preview.body.id]);
    await commitAndRun(org.id, again.body.id);
    expect(await membershipCount(org.id)).toBe(before + 3);
  });

  it('gives seats to rows in file order and refuses the rest as not allowed', async () => {
    const org = await createOrg(t, { seats: 2 });
    const csv = ['email,first_name,last_name,mode', ...[1, 2, 3, 4].map((n) => `p${n}@example.com,P,${n},setup`)].join('\n');
    const preview = await upload(org.id, csv);
    expect(preview.body.preview).toMatchObject({ setup: 2, not_allowed: 2 });
    expect(preview.body.problems.map((p: { rowNumber: number }) => p.rowNumber)).toEqual([4, 5]);
    expect(preview.body.problems[0].reason).toMatch(/No seat is free/);
    // The rows that would be skipped, with their reasons, as a file to correct and upload again.
    const problems = await t.operator.get(`${url(org.id)}/${preview.body.id}/report.csv?verdict=invalid&verdict=not_allowed`);
    expect(problems.status).toBe(200);
    expect(problems.headers['content-disposition']).toMatch(/-problems\.csv"$/);
    const problemLines = String(problems.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(problemLines.map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      'row,email',
      '4,p3@example.com',
      '5,p4@example.com',
    ]);
    expect(problemLines[1]).toMatch(/,not_allowed,.*No seat is free/);
    const unknown = await t.operator.get(`${url(org.id)}/${preview.body.id}/report.csv?verdict=sideways`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('validation_failed');
    const elsewhere = await createOrg(t);
    expect((await t.operator.get(`${url(elsewhere.id)}/${preview.body.id}/report.csv?verdict=invalid`)).status).toBe(404);
    // A seat freed by someone else between preview and commit is used: rows are checked again.
    const done = await commitAndRun(org.id, preview.body.id);
    expect(done.results).toMatchObject({ set_up: 2, not_allowed: 2 });
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).body.seatsUsed).toBe(2);
  });

  it("enrols people set up into their teams' sessions, inviting them by bulk mail", async () => {
    const org = await createOrg(t);
    const crew = await team(org.id, 'Crew');
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const session = await t.operator.post(`/api/v1/orgs/${org.id}/teams/${crew}/trainings`, {
      kind: 'session',
      title: 'Safety day',
      startsAt,
    });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    const preview = await upload(
      org.id,
      'email,first_name,last_name,teams,mode\nada@crew.test,Ada,Ng,Crew,setup\nbob@crew.test,Bob,Ng,Crew,setup\n',
    );
    expect(preview.body.preview).toMatchObject({ setup: 2 });
    await commitAndRun(org.id, preview.body.id);
    const invitations = await rows<{ to_address: string; priority: number }>(sql`
      select e.to_address, j.priority from emails e
      join jobs j on j.kind = 'send-email' and (j.payload->>'emailId' = e.id::text or j.payload->'emailIds' ? e.id::text)
      where e.org_id = ${org.id} and e.kind = 'session-invitation' order by e.to_address`);
    // After any mail someone is waiting for, like the rest of an import's mail (decision 0009).
    expect(invitations).toEqual([
      { to_address: 'ada@crew.test', priority: 1 },
      { to_address: 'bob@crew.test', priority: 1 },
    ]);
  });

  it('sets up people without an email address by username and password (R-33)', async () => {
    const org = await createOrg(t);
    const csv =
      'username,first_name,last_name,password,mode\nfloor.worker1,Sam,Doe,long enough password,setup\nfloor.worker2,Kim,Doe,,setup\n';
    const preview = await upload(org.id, csv);
    expect(preview.body.preview).toMatchObject({ setup: 1, invalid: 1 });
    expect(preview.body.problems[0].reason).toMatch(/needs a password/);
    const stored = await rows<{ password_hash: string | null }>(
      sql`select password_hash from import_rows where username = 'floor.worker1'`,
    );
    expect(stored[0]?.password_hash).toMatch(/^\$argon2id\$/);
    await commitAndRun(org.id, preview.body.id);
    const signIn = await t.anonymous().post('/api/v1/auth/login', { login: 'floor.worker1', password: 'long enough password' });
    expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
    const left = await rows<{ password_hash: string | null }>(sql`select password_hash from import_rows where username = 'floor.worker1'`);
    expect(left[0]?.password_hash).toBeNull();
  });

  it('invites former people again on their own membership, and replaces a lapsed link (R-20)', async () => {
    const org = await createOrg(t);
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['back@former.test', 'lapsed@former.test'] });
    const idOf = (email: string) => invited.body.results.find((result: { email: string }) => result.email === email).memberId as string;
    expect((await t.operator.delete(`/api/v1/orgs/${org.id}/members/${idOf('back@former.test')}`)).status).toBe(204);
    const [old] = await rows<{ id: string }>(
      sql`update invitations set expires_at = now() - interval '1 day' where org_id = ${org.id} and email = 'lapsed@former.test'
          returning id`,
    );

    const preview = await upload(org.id, 'email\nback@former.test\nlapsed@former.test\nnew@former.test\n');
    expect(preview.body.preview).toMatchObject({ invite: 3, already_invited: 0, already_member: 0 });
    expect((await commitAndRun(org.id, preview.body.id)).results).toMatchObject({ invited: 3, already_invited: 0 });

    const people = await rows<{ id: string; email: string; status: string; invitation_status: string; invitation_member: string }>(
      sql`select m.id, m.email, m.status, i.status as invitation_status, i.membership_id as invitation_member
          from memberships m join invitations i on i.id = m.current_invitation_id
          where m.org_id = ${org.id} order by m.email`,
    );
    expect(people.map((p) => [p.email, p.status, p.invitation_status, p.invitation_member === p.id])).toEqual([
      ['back@former.test', 'invited', 'pending', true],
      ['lapsed@former.test', 'invited', 'pending', true],
      ['new@former.test', 'invited', 'pending', true],
    ]);
    expect(people.find((p) => p.email === 'back@former.test')?.id).toBe(idOf('back@former.test'));
    expect(people.find((p) => p.email === 'lapsed@former.test')?.id).toBe(idOf('lapsed@former.test'));
    expect((await rows<{ status: string }>(sql`select status from invitations where id = ${old?.id}`))[0]?.status).toBe('expired');

    await t.drain();
    const [mail] = await emailsTo(t, 'lapsed@former.test', 'invitation');
    const peek = await t.anonymous().get(`/api/v1/invitations/${tokenOf(linkPath(mail?.text))}`);
    expect(peek.status).toBe(200);
    expect(peek.body).toMatchObject({ email: 'lapsed@former.test', firstName: null, lastName: null });
  });

  it('keeps the name from the file for the acceptance form, through a reminder, and not for an existing account', async () => {
    const org = await createOrg(t);
    await member(t, (await createOrg(t)).id, 'known@names.test');
    const preview = await upload(org.id, 'email,first_name,last_name\nnamed@names.test,Mary,Somerville\nknown@names.test,Known,Person\n');
    await commitAndRun(org.id, preview.body.id);
    const peekOf = async (email: string) => {
      await t.drain();
      const [mail] = await emailsTo(t, email);
      return (await t.anonymous().get(`/api/v1/invitations/${tokenOf(linkPath(mail?.text))}`)).body;
    };
    expect(await peekOf('named@names.test')).toMatchObject({ firstName: 'Mary', lastName: 'Somerville', accountExists: false });
    // The email greets them by the name the file gave; without one, plainly.
    expect((await lastEmailTo(t, 'named@names.test')).text).toMatch(/^Hello Mary,\n/);
    // Someone who already has an account signs in: their own name stands.
    expect(await peekOf('known@names.test')).toMatchObject({ firstName: null, lastName: null, accountExists: true });

    const [invitation] = await rows<{ id: string }>(sql`select id from invitations where email = 'named@names.test'`);
    const resent = await t.operator.post(`/api/v1/orgs/${org.id}/invitations/${invitation?.id}/resend`, {});
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    expect(await peekOf('named@names.test')).toMatchObject({ firstName: 'Mary', lastName: 'Somerville' });
    const reminder = await lastEmailTo(t, 'named@names.test');
    expect(reminder.subject).toMatch(/^Reminder:/);
    expect(reminder.text).toMatch(/^Hello Mary,\n/);
    // Invited again by address, through the invite dialog: the same greeting.
    const again = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'named@names.test' });
    expect(again.body.results[0].outcome).toBe('already_invited');
    const third = await lastEmailTo(t, 'named@names.test');
    expect(third.id).not.toBe(reminder.id);
    expect(third.text).toMatch(/^Hello Mary,\n/);
  });

  it('limits a manager to their own branch and their own rank', async () => {
    const org = await createOrg(t);
    const { client: manager, membershipId } = await member(t, org.id, 'boss@example.com', 'manager');
    const mine = await teamOf(t, org.id, { managers: [membershipId], name: 'Mine' });
    await teamOf(t, org.id, { name: 'Theirs' });
    const csv = [
      'email,first_name,last_name,teams,role,mode',
      'a@example.com,,,Mine,,',
      'b@example.com,,,Theirs,,',
      'c@example.com,,,,,',
      'd@example.com,,,Mine,admin,',
      'e@example.com,Eve,E,Mine,,setup',
    ].join('\n');
    const preview = await upload(org.id, csv, manager);
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    expect(preview.body.preview).toMatchObject({ invite: 1, setup: 0, not_allowed: 2, invalid: 2 });
    const reasons = Object.fromEntries(preview.body.problems.map((p: { rowNumber: number; reason: string }) => [p.rowNumber, p.reason]));
    expect(reasons[3]).toMatch(/outside the teams you manage/);
    expect(reasons[4]).toMatch(/name one of your teams/);
    expect(reasons[5]).toMatch(/above what yours may grant/);
    // Managers invite; setting up accounts is for administrators and user admins.
    expect(reasons[6]).toMatch(/does not allow you to set up accounts/);
    await commitAndRun(org.id, preview.body.id, manager);
    const placed = await rows<{ email: string }>(
      sql`select m.email from team_members tm join memberships m on m.id = tm.membership_id where tm.team_id = ${mine}`,
    );
    expect(placed.map((p) => p.email)).toContain('a@example.com');
    expect(await rows(sql`select 1 from memberships where org_id = ${org.id} and email = 'b@example.com'`)).toEqual([]);
    // A learner may not import at all; another organization's admin sees nothing.
    const { client: learner } = await member(t, org.id, 'learner@example.com');
    expect((await upload(org.id, 'email\nx@example.com\n', learner)).status).toBe(403);
    expect((await learner.get(`${url(org.id)}/${preview.body.id}`)).status).toBe(403);
  });

  it('creates the teams its file names that do not exist yet, where the uploader may, and lists them first', async () => {
    const org = await createOrg(t, { seats: 20 });
    const sales = await team(org.id, 'Sales');
    await team(org.id, 'Support');
    const { client: manager, membershipId } = await member(t, org.id, 'mia@teams.test', 'manager');
    await t.operator.post(`/api/v1/orgs/${org.id}/teams/${sales}/members`, { memberId: membershipId, role: 'manager' });
    const csv = [
      'email,teams',
      'a@teams.test,Sales/Nordics',
      'b@teams.test,sales/nordics/Oslo',
      'c@teams.test,Marketing',
      'd@teams.test,Support/Helpdesk',
      'e@teams.test,Sales',
    ].join('\n');

    // Without asking, an unknown team is a bad row, as before.
    const plain = await upload(org.id, csv);
    expect(plain.body.newTeams).toEqual([]);
    expect(plain.body.preview).toMatchObject({ invite: 1, invalid: 4 });

    // A manager: new teams under the branch they manage only; never at the top level.
    const byManager = await upload(org.id, csv, manager, '?createTeams=true');
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(201);
    expect(byManager.body.newTeams).toEqual(['Sales/Nordics', 'Sales/Nordics/Oslo']);
    expect(byManager.body.preview).toMatchObject({ invite: 3, not_allowed: 2, invalid: 0 });
    const reasons = Object.fromEntries(byManager.body.problems.map((p: { rowNumber: number; reason: string }) => [p.rowNumber, p.reason]));
    expect(reasons[4]).toBe(
      'There is no team "Marketing" in this organization. Only administrators can create teams at the top level; pick a parent team you manage.',
    );
    expect(reasons[5]).toBe(
      'There is no team "Support/Helpdesk" in this organization. You can only create teams under teams you manage; "Support" is not one of them.',
    );
    // Nothing is made before the import is confirmed.
    expect(await rows(sql`select 1 from teams where org_id = ${org.id} and name = 'Nordics'`)).toEqual([]);

    // Meanwhile someone makes "Nordics" by hand: the import uses it instead of a second one.
    const nordics = await team(org.id, 'NORDICS', sales);
    const done = await commitAndRun(org.id, byManager.body.id, manager);
    expect(done.results).toMatchObject({ invited: 3 });
    const tree = await rows<{ path: string; owner: string | null }>(
      sql`with recursive tree(id, path, owner) as (
            select id, name, owner_membership_id from teams where org_id = ${org.id} and parent_id is null
            union all select c.id, tree.path || '/' || c.name, c.owner_membership_id from teams c join tree on c.parent_id = tree.id)
          select path, owner from tree order by path`,
    );
    expect(tree.map((row) => row.path)).toEqual(['Sales', 'Sales/NORDICS', 'Sales/NORDICS/Oslo', 'Support']);
    expect(tree.find((row) => row.path === 'Sales/NORDICS/Oslo')?.owner).toBe(membershipId);
    const placed = await rows<{ email: string; team: string }>(
      sql`select m.email, t.name as team from team_members tm join memberships m on m.id = tm.membership_id
          join teams t on t.id = tm.team_id where tm.org_id = ${org.id} and tm.origin_team_id = tm.team_id order by 1, 2`,
    );
    expect(placed.filter((p) => p.email !== 'mia@teams.test')).toEqual([
      { email: 'a@teams.test', team: 'NORDICS' },
      { email: 'b@teams.test', team: 'Oslo' },
      { email: 'e@teams.test', team: 'Sales' },
    ]);
    void nordics;
    const created = (await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=team.created`)).body.items as {
      actor: string;
      data: { path: string; importId?: string };
    }[];
    expect(created.filter((entry) => entry.data.importId).map((entry) => [entry.actor, entry.data.path])).toEqual([
      ['mia@teams.test', 'Sales/Nordics/Oslo'],
    ]);

    // An administrator may make them anywhere, top level included.
    const byAdmin = await upload(org.id, csv, t.operator, '?createTeams=true');
    expect(byAdmin.body.newTeams).toEqual(['Marketing', 'Support/Helpdesk']);
    expect(byAdmin.body.preview).toMatchObject({ invalid: 0, not_allowed: 0 });
    await commitAndRun(org.id, byAdmin.body.id);
    expect((await rows(sql`select name from teams where org_id = ${org.id} order by name`)).length).toBe(6);
  });

  it('creates each invitation once when two imports of the same addresses run at once', async () => {
    const org = await createOrg(t, { seats: 100 });
    const csv = ['email', ...Array.from({ length: 12 }, (_, i) => `same${i}@example.com`)].join('\n');
    const first = await upload(org.id, csv);
    const second = await upload(org.id, csv);
    expect(first.body.preview.invite).toBe(12);
    expect(second.body.preview.invite).toBe(12);
    await t.operator.post(`${url(org.id)}/${first.body.id}/commit`);
    await t.operator.post(`${url(org.id)}/${second.body.id}/commit`);
    await t.drainImports();
    const a = (await t.operator.get(`${url(org.id)}/${first.body.id}`)).body.results;
    const b = (await t.operator.get(`${url(org.id)}/${second.body.id}`)).body.results;
    expect(a.invited + b.invited).toBe(12);
    expect(a.already_invited + b.already_invited).toBe(12);
    const invitations = await rows<{ n: number }>(sql`select count(*)::int as n from invitations where org_id = ${org.id}`);
    expect(invitations[0]?.n).toBe(12);
  });

  it('drops uploads cut off while being read, once they are an hour old, and nothing else', async () => {
    const org = await createOrg(t);
    const [old, recent] = await rows<{ id: string }>(
      sql`insert into imports (org_id, created_by_label, file_name, default_mode, status, created_at)
          values (${org.id}, 'operator', 'old.csv', 'invite', 'reading', now() - interval '2 hours'),
                 (${org.id}, 'operator', 'recent.csv', 'invite', 'reading', now())
          returning id`,
    );
    const done = await upload(org.id, 'email\nkept@example.com\n');
    await t.database.db.execute(sql`update imports set created_at = now() - interval '2 hours' where id = ${done.body.id}`);
    await dropAbandonedUploads(t.database.db, 60);
    const left = await rows<{ id: string }>(sql`select id from imports where org_id = ${org.id}`);
    expect(left.map((r) => r.id).sort()).toEqual([recent?.id, done.body.id].sort());
    expect(left.map((r) => r.id)).not.toContain(old?.id);
  });

  it('refuses a committed import a second time', async () => {
    const org = await createOrg(t);
    const preview = await upload(org.id, 'email\none@example.com\n');
    await commitAndRun(org.id, preview.body.id);
    const again = await t.operator.post(`${url(org.id)}/${preview.body.id}/commit`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already been processed/);
  });

  describe('refuses files it cannot read, with one sentence, creating nothing', () => {
    const cases: [string, string | Buffer, number, RegExp][] = [
      ['an empty file', '', 400, /empty/i],
      ['a header without rows', 'email,first_name\n', 400, /no rows/i],
      ['a file in another encoding', Buffer.from('email,first_name\nzoe@example.com,Zo\xe9\n', 'latin1'), 400, /UTF-8/],
      ['a file without an email or username column', 'name,team\nZoe,Sales\n', 400, /email|username/i],
      ['a binary file', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x00, 0x01, 0x02]), 415, /spreadsheet|CSV|XLSX/i],
    ];
    for (const [what, content, status, message] of cases) {
      it(what, async () => {
        const org = await createOrg(t);
        const rowsBefore = await importRowCount();
        const response = await upload(org.id, content);
        expect(response.status, JSON.stringify(response.body)).toBe(status);
        expect(response.body.detail).toMatch(message);
        expect((await t.operator.get(url(org.id))).body.items).toEqual([]);
        expect(await importRowCount()).toBe(rowsBefore);
      });
    }

    it('a request that is not a file upload', async () => {
      const org = await createOrg(t);
      const response = await t.operator.post(url(org.id), { file: 'email\nx@example.com' });
      expect(response.status).toBe(415);
    });
  });
});

describe('import limits', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster({ ROSTER_IMPORT_MAX_ROWS: '3', ROSTER_IMPORT_MAX_MB: '1' });
  });
  afterAll(() => t.close());

  it('refuses more rows than configured, and a file over the size limit', async () => {
    const org = await createOrg(t);
    const many = await t.operator.upload(`/api/v1/orgs/${org.id}/imports`, 'many.csv', 'email\na@x.io\nb@x.io\nc@x.io\nd@x.io\n');
    expect(many.status).toBe(400);
    expect(many.body.detail).toMatch(/more than 3 rows/);
    const big = `email,first_name\n${'someone@example.com,Someone\n'.repeat(40_000)}`;
    const large = await t.operator.upload(`/api/v1/orgs/${org.id}/imports`, 'big.csv', big);
    expect(large.status).toBe(413);
    expect(large.body.detail).toMatch(/1 MB/);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/imports`)).body.items).toEqual([]);
  });

  it('refuses a small workbook that unpacks to far more than its size, and one with a cell of megabytes', async () => {
    const org = await createOrg(t);
    const header = inlineRow(1, ['email']);
    // About 25 KB uploaded, 25 MB unpacked: past 20 times the 1 MB limit.
    const bomb = handMadeWorkbook(header + '<row/>'.repeat(4_200_000));
    const unpacked = await t.operator.upload(`/api/v1/orgs/${org.id}/imports`, 'bomb.xlsx', bomb);
    expect(unpacked.status).toBe(413);
    expect(unpacked.body.detail).toMatch(/^The workbook unpacks to more than 20 MB, /);
    const giant = handMadeWorkbook(header + inlineRow(2, ['x'.repeat(2 * 1024 * 1024)]));
    const cell = await t.operator.upload(`/api/v1/orgs/${org.id}/imports`, 'giant.xlsx', giant);
    expect(cell.status).toBe(400);
    expect(cell.body.detail).toMatch(/a cell or a part that no spreadsheet program writes/);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/imports`)).body.items).toEqual([]);
  });
});
