import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, teamOf } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { type UserLine, userLines } from './user-rows.js';

async function collect(walk: AsyncIterable<UserLine[]>): Promise<{ pages: number; lines: UserLine[] }> {
  const lines: UserLine[] = [];
  let pages = 0;
  for await (const page of walk) {
    pages += 1;
    lines.push(...page);
  }
  return { pages, lines };
}

describe('download users (R-29)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const path = (orgId: string, format: 'csv' | 'xlsx', query = '') =>
    `/api/v1/orgs/${orgId}/exports/users.${format}${query ? `?${query}` : ''}`;

  /** The CSV as records keyed by column, after checking the byte-order mark. */
  async function csvOf(orgId: string, query = '', by: Client = t.operator) {
    const response = await by.get<string>(path(orgId, 'csv', query));
    expect(response.status, String(response.body)).toBe(200);
    expect(String(response.headers['content-type'])).toContain('text/csv');
    expect(String(response.headers['content-disposition'])).toMatch(/attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(response.body.slice(1), { header: true, skipEmptyLines: true });
    return parsed.data;
  }

  /** A download as text, whatever its type (the test client would parse "application/jsonl" as JSON). */
  async function textOf(url: string) {
    const response = await t.roster.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.operatorToken}` } });
    return { status: response.statusCode, body: response.body, headers: response.headers };
  }

  /** The XLSX's first sheet as records, and the sheet's XML (to look for formulas). */
  async function xlsxOf(orgId: string, query = '', token = t.operatorToken) {
    const response = await t.roster.app.inject({
      method: 'GET',
      url: path(orgId, 'xlsx', query),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(String(response.headers['content-type'])).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const records: Record<string, string>[] = [];
    const formulas: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const record: Record<string, string> = {};
      header.forEach((name, i) => {
        const cell = row.getCell(i + 1);
        if (cell.formula) formulas.push(cell.formula);
        record[name] = cell.value === null || cell.value === undefined ? '' : String(cell.value);
      });
      records.push(record);
    });
    return { records, formulas };
  }

  it('downloads every person the view shows, with profile only for people who accepted, teams as paths and add-ons', async () => {
    const org = await createOrg(t, { seats: 20 });
    const { membershipId: annId } = await member(t, org.id, 'ann@export.test', 'learner', { firstName: 'Ann', lastName: 'Andersen' });
    const sales = await t.operator.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Sales', visibility: 'private' });
    const emea = await t.operator.post(`/api/v1/orgs/${org.id}/teams`, { name: 'EMEA', visibility: 'public', parentId: sales.body.id });
    expect(emea.status).toBe(201);
    expect(
      (await t.operator.post(`/api/v1/orgs/${org.id}/teams/${emea.body.id}/members`, { memberId: annId, role: 'learner' })).status,
    ).toBe(201);
    const addOn = await t.operator.post(`/api/v1/orgs/${org.id}/licenses/add-ons`, { name: 'Certification', total: 5, transferable: true });
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/members/${annId}/add-ons`, { addOnId: addOn.body.id })).status).toBeLessThan(300);
    // An existing account invited elsewhere: the organization must not see its name (R-6).
    const other = await createOrg(t);
    await member(t, other.id, 'known@export.test', 'learner', { firstName: 'Secret', lastName: 'Profile' });
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'known@export.test, new@export.test' });
    expect(invited.status).toBe(200);
    const { membershipId: goneId } = await member(t, org.id, 'gone@export.test', 'learner', { firstName: 'Gus', lastName: 'Gone' });
    expect((await t.operator.delete(`/api/v1/orgs/${org.id}/members/${goneId}`)).status).toBe(204);
    await t.drain();

    const rows = await csvOf(org.id, 'sort=email');
    expect(rows.map((row) => row.email)).toEqual(['ann@export.test', 'gone@export.test', 'known@export.test', 'new@export.test']);
    const [ann, gone, known] = rows;
    expect(ann).toMatchObject({
      first_name: 'Ann',
      last_name: 'Andersen',
      status: 'active',
      role: 'learner',
      teams: 'Sales/EMEA',
      invited_by: 'operator',
      add_on_licenses: 'Certification',
      removed_at: '',
    });
    expect(ann?.accepted_or_set_up_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(ann?.last_email).toMatch(/^sent \(/);
    expect(gone).toMatchObject({ status: 'removed', first_name: 'Gus' });
    expect(gone?.removed_at).toMatch(/^\d{4}-/);
    expect(known).toMatchObject({ status: 'pending', first_name: '', last_name: '', username: '', accepted_or_set_up_at: '' });
    expect(known?.last_email).toMatch(/^sent \(invitation\)/);

    // The same filters as the members view.
    expect((await csvOf(org.id, 'status=pending')).map((row) => row.email).sort()).toEqual(['known@export.test', 'new@export.test']);
    expect((await csvOf(org.id, `team=${sales.body.id}`)).map((row) => row.email)).toEqual(['ann@export.test']);
    expect((await csvOf(org.id, 'q=andersen')).map((row) => row.email)).toEqual(['ann@export.test']);
    expect(await csvOf(org.id, 'role=admin')).toEqual([]);
    // How they came in (R-36), as the members view filters it.
    const byInvitation = (await t.operator.get(`/api/v1/orgs/${org.id}/members?source=invitation&limit=200`)).body.items.map(
      (item: { email: string }) => item.email,
    );
    expect(byInvitation.length).toBeGreaterThan(0);
    expect((await csvOf(org.id, 'source=invitation')).map((row) => row.email).sort()).toEqual([...byInvitation].sort());
    expect(await csvOf(org.id, 'source=link')).toEqual([]);

    const xlsx = await xlsxOf(org.id, 'sort=email');
    expect(xlsx.records.map((row) => row.email)).toEqual(rows.map((row) => row.email));
    expect(xlsx.records[0]).toMatchObject({ first_name: 'Ann', teams: 'Sales/EMEA', status: 'active' });
    expect(xlsx.records[2]).toMatchObject({ first_name: '', last_name: '' });
    const text = JSON.stringify(xlsx.records) + JSON.stringify(rows);
    expect(text).not.toContain('Secret');
    expect(text).not.toContain('Profile');

    // Who downloaded what (R-30).
    const log = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=export`);
    expect(log.body.items.length).toBeGreaterThanOrEqual(6);
    expect(log.body.items[0]).toMatchObject({
      action: 'export.users',
      actor: 'operator',
      data: { format: 'xlsx', filters: { sort: 'email' } },
    });
  });

  it('defuses cells that a spreadsheet would run as a formula, in CSV and XLSX', async () => {
    const org = await createOrg(t);
    const names = ['=HYPERLINK("http://evil.test","x")', '+1+2', '-2+3', '@SUM(A1)', '\tTab', '\rReturn', 'Plain'];
    for (const [i, name] of names.entries()) {
      await member(t, org.id, `f${i}@formula.test`, 'learner', { firstName: name, lastName: i === 0 ? '=1+1' : 'Safe' });
    }
    // The acceptance form trims names; a leading tab or carriage return can still come from elsewhere (SCIM, an old system).
    for (const i of [4, 5]) {
      await t.database.db.execute(sql`update accounts set first_name = ${names[i] ?? ''} where email = ${`f${i}@formula.test`}`);
    }
    const csv = await csvOf(org.id, 'sort=email');
    const xlsx = await xlsxOf(org.id, 'sort=email');
    expect(xlsx.formulas).toEqual([]);
    for (const records of [csv, xlsx.records]) {
      // XML reads a lone carriage return back as a line feed: compare them as one.
      expect(records.map((row) => row.first_name?.replace('\r', '\n'))).toEqual([
        `'=HYPERLINK("http://evil.test","x")`,
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTab",
        "'\nReturn",
        'Plain',
      ]);
      expect(records[0]?.last_name).toBe("'=1+1");
      // A date or an address that merely contains the characters is left alone.
      expect(records[1]?.email).toBe('f1@formula.test');
    }
  });

  it('walks in batches (a cursor on PostgreSQL, keyset pages on PGlite) to the same lines, in the sort asked for', async () => {
    const org = await createOrg(t, { seats: 20 });
    await member(t, org.id, 'walk-a@batches.test', 'learner', { firstName: 'Åsa', lastName: 'Öberg' });
    await member(t, org.id, 'walk-b@batches.test', 'learner', { firstName: 'Bo', lastName: 'Berg' });
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: 'walk-c@batches.test, walk-d@batches.test, walk-e@batches.test',
    });
    expect(invited.status).toBe(200);
    await t.drain();
    for (const sort of ['email', '-email', 'created', '-created'] as const) {
      const whole = await collect(userLines(t.database.db, org.id, { sort }, 1000));
      const inTwos = await collect(userLines(t.database.db, org.id, { sort }, 2));
      expect(whole.pages).toBe(1);
      expect(inTwos.pages).toBe(3);
      expect(inTwos.lines).toEqual(whole.lines);
      expect(whole.lines.length).toBe(5);
      const emails = whole.lines.map((line) => line[0] ?? '');
      if (sort === 'email') expect(emails).toEqual([...emails].sort());
      if (sort === '-email') expect(emails).toEqual([...emails].sort().reverse());
    }
    // The API's own order: the members view's, one page.
    const view = await t.operator.get(`/api/v1/orgs/${org.id}/members?sort=created&limit=50`);
    const lines = await collect(userLines(t.database.db, org.id, { sort: 'created' }, 2));
    expect(lines.lines.map((line) => line[0])).toEqual(view.body.items.map((item: { email: string }) => item.email));
    expect(lines.lines.find((line) => line[0] === 'walk-a@batches.test')?.slice(2, 4)).toEqual(['Åsa', 'Öberg']);
  });

  it('writes text XML cannot hold as such into the XLSX and reads it back, and a reader who leaves stops the walk', async () => {
    const org = await createOrg(t);
    const awkward = 'A & B <tag> "quoted" \u000b vertical tab  ';
    await member(t, org.id, 'xml@escape.test', 'learner', { firstName: 'Zoë', lastName: 'Plain' });
    await t.database.db.execute(sql`update accounts set last_name = ${awkward} where email = 'xml@escape.test'`);
    const xlsx = await xlsxOf(org.id, 'q=escape');
    expect(xlsx.records).toHaveLength(1);
    // The vertical tab, which XML cannot carry, is written in OOXML's own escape (ST_Xstring), which
    // Excel and LibreOffice read back as the character; exceljs shows the escape as it is.
    expect(xlsx.records[0]).toMatchObject({ first_name: 'Zoë', last_name: awkward.replace('\u000b', '_x000B_') });
    const csv = await csvOf(org.id, 'q=escape');
    expect(csv[0]).toMatchObject({ first_name: 'Zoë', last_name: awkward });

    expect((await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'second@escape.test' })).status).toBe(200);
    // Leaving after the first batch ends the walk (on PostgreSQL the cursor's transaction is
    // ended and its connection given back); the next download works as usual.
    for (let i = 0; i < 3; i++) {
      for await (const page of userLines(t.database.db, org.id, { sort: 'email' }, 1)) {
        expect(page).toHaveLength(1);
        break;
      }
    }
    expect(await csvOf(org.id, 'sort=email')).toHaveLength(2);
  });

  it('gives managers their own branch only', async () => {
    const org = await createOrg(t, { seats: 20 });
    const { client: manager, membershipId: managerId } = await member(t, org.id, 'boss@branch.test', 'manager');
    const { membershipId: insideId } = await member(t, org.id, 'inside@branch.test');
    await member(t, org.id, 'outside@branch.test');
    await teamOf(t, org.id, { managers: [managerId], learners: [insideId] });
    const seen = (await csvOf(org.id, 'sort=email', manager)).map((row) => row.email);
    expect(seen).toContain('inside@branch.test');
    expect(seen).not.toContain('outside@branch.test');
    const log = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?action=export.users`);
    expect(log.body.items[0]).toMatchObject({ actor: 'boss@branch.test', data: { scope: 'own teams' } });
  });

  it('refuses learners, strangers, other organizations and bad filters, before any byte of a file', async () => {
    const org = await createOrg(t);
    const { client: learner } = await member(t, org.id, 'learner@refuse.test');
    const other = await createOrg(t);
    const { client: stranger } = await member(t, other.id, 'admin@other.test', 'admin');

    const forLearner = await learner.get(path(org.id, 'csv'));
    expect(forLearner.status).toBe(403);
    expect(forLearner.body).toMatchObject({ code: 'forbidden', detail: 'Your role does not allow you to download the list of members.' });
    expect((await learner.get(path(org.id, 'xlsx'))).status).toBe(403);
    expect((await stranger.get(path(org.id, 'csv'))).body.code).toBe('not_found');
    expect((await t.anonymous().get(path(org.id, 'csv'))).status).toBe(401);
    const badStatus = await t.operator.get(path(org.id, 'csv', 'status=gone'));
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.code).toBe('validation_failed');
    expect((await t.operator.get(path(org.id, 'xlsx', 'team=not-a-uuid'))).status).toBe(400);
    expect((await t.operator.get(path(org.id, 'csv', 'sort=name'))).status).toBe(400);
    // Refusals record nothing.
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where org_id = ${org.id} and action = 'export.users'`,
    );
    expect(Number(row?.n)).toBe(0);
  });

  it('exports the audit log as CSV and JSON Lines with its filters, and records uploads, starts and the export itself', async () => {
    const org = await createOrg(t, { seats: 20 });
    const { client: manager } = await member(t, org.id, 'manager@audit-export.test', 'manager');
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'a@audit-export.test, b@audit-export.test' });
    const uploaded = await t.operator.upload(`/api/v1/orgs/${org.id}/imports`, 'people.csv', 'email\nc@audit-export.test\n');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect((await t.operator.post(`/api/v1/orgs/${org.id}/imports/${uploaded.body.id}/commit`)).status).toBe(202);
    await t.drainImports();

    const jsonl = await textOf(`/api/v1/orgs/${org.id}/exports/audit-log.jsonl?action=import`);
    expect(jsonl.status).toBe(200);
    expect(String(jsonl.headers['content-type'])).toContain('application/jsonl');
    const entries = jsonl.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries.map((entry) => entry.action)).toEqual(['import.completed', 'import.started', 'import.uploaded']);
    expect(entries[2]).toMatchObject({
      actor: 'operator',
      targetType: 'import',
      targetId: uploaded.body.id,
      data: { fileName: 'people.csv' },
    });

    const csv = await t.operator.get<string>(`/api/v1/orgs/${org.id}/exports/audit-log.csv?action=invitation.sent`);
    expect(csv.status).toBe(200);
    const rows = Papa.parse<Record<string, string>>(csv.body.slice(1), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBe(4); // the manager's invitation and the two above, and the one the import queued
    expect(rows.every((row) => row.action === 'invitation.sent')).toBe(true);
    expect(JSON.parse(rows[0]?.data ?? '{}')).toHaveProperty('email');

    // Every export is in the log, with its filters: the JSON export is seen by the CSV one.
    const exports = await textOf(`/api/v1/orgs/${org.id}/exports/audit-log.jsonl?action=export`);
    const exported = exports.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(exported.map((entry) => [entry.action, entry.data.format, entry.data.filters.action])).toEqual([
      ['export.audit_log', 'jsonl', 'export'],
      ['export.audit_log', 'csv', 'invitation.sent'],
      ['export.audit_log', 'jsonl', 'import'],
    ]);

    const refused = await manager.get(`/api/v1/orgs/${org.id}/exports/audit-log.csv`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Your role does not allow you to download the audit log.');
    const backwards = await t.operator.get(
      `/api/v1/orgs/${org.id}/exports/audit-log.jsonl?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.detail).toBe('"from" must be before "to".');
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/exports/audit-log.jsonl?from=yesterday`)).status).toBe(400);
  });
});
