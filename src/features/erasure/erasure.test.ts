import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo, linkPath, tokenOf } from '../../../test/support/mail.js';
import { inviteToken, member, nextAddress, PASSWORD } from '../../../test/support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { sweepRetention } from './sweep-retention.js';

describe('retention and erasure (R-27)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query);

  /** Every text, varchar and JSON column of every table that holds one of the needles: "table.column". */
  async function whereFound(needles: readonly string[]): Promise<string[]> {
    const columns = await rows<{ table_name: string; column_name: string }>(
      sql`select c.table_name, c.column_name from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
          where c.table_schema = current_schema()
            and (c.data_type in ('text', 'character varying', 'json', 'jsonb') or c.udt_name in ('_text', '_varchar'))`,
    );
    expect(columns.length).toBeGreaterThan(40);
    const hits: string[] = [];
    for (const { table_name, column_name } of columns) {
      for (const needle of needles) {
        const [row] = await rows<{ n: number }>(
          sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ilike ${`%${needle}%`}`,
        );
        if (Number(row?.n) > 0) hits.push(`${table_name}.${column_name} has ${needle}`);
      }
    }
    return hits;
  }

  it('erases a person who was imported, invited, emailed, placed in teams and removed, and finds them nowhere after', async () => {
    const org = await createOrg(t, { seats: 10 });
    const { client: admin } = await member(t, org.id, 'admin@erase.test', 'admin');
    const team = await t.operator.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Ledger', visibility: 'private' });
    const uploaded = await admin.upload(
      `/api/v1/orgs/${org.id}/imports`,
      'people.csv',
      'email,first_name,last_name,teams\nzed.q@erase.test,Zedimport,Quillimport,Ledger\nkeep@erase.test,Keep,Me,Ledger\n',
    );
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect((await admin.post(`/api/v1/orgs/${org.id}/imports/${uploaded.body.id}/commit`)).status).toBe(202);
    await t.drainImports();
    await t.drain();
    const [mail] = await emailsTo(t, 'zed.q@erase.test');
    if (!mail) throw new Error('no invitation email');
    const zed = new Client(t.roster, null, nextAddress());
    const accepted = await zed.post(`/api/v1/invitations/${tokenOf(linkPath(mail.text))}/accept`, {
      firstName: 'Zedekiah',
      lastName: 'Quillfeather',
      password: PASSWORD,
      acceptTerms: true,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const memberId = accepted.body.membershipId as string;
    const placed = await rows<{ team_id: string }>(sql`select team_id from team_members where membership_id = ${memberId}`);
    expect(placed.map((row) => row.team_id)).toEqual([team.body.id]);
    // A reset request leaves a token, a rate-limit counter and one more email.
    await t.anonymous().post('/api/v1/auth/password-reset', { email: 'zed.q@erase.test' });
    await t.drain();
    expect((await admin.delete(`/api/v1/orgs/${org.id}/members/${memberId}`)).status).toBe(204);
    const needles = ['zed.q@erase.test', 'Zedekiah', 'Quillfeather', 'Zedimport', 'Quillimport'];
    expect((await whereFound(needles)).length).toBeGreaterThan(5);
    const [before] = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where org_id = ${org.id}`);

    const erased = await admin.post(`/api/v1/orgs/${org.id}/members/${memberId}/erase`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body.accountErased).toBe(true);
    const reference = erased.body.reference as string;
    expect(reference).toMatch(/^erased-[0-9a-f]{16}$/);

    expect(await whereFound(needles)).toEqual([]);
    // The history stays, anonymous: every entry is still there, one more records the erasure.
    const log = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log?limit=500`);
    expect(log.body.items).toHaveLength(Number(before?.n) + 1);
    const [erasure] = log.body.items;
    expect(erasure).toMatchObject({
      action: 'person.erased',
      actor: 'admin@erase.test',
      targetId: memberId,
      data: { reference, cause: 'request' },
    });
    const aboutThem = log.body.items
      .filter((entry: { targetId: string }) => entry.targetId === memberId)
      .map((e: { action: string }) => e.action);
    expect(aboutThem).toEqual(expect.arrayContaining(['member.removed', 'person.erased']));
    expect(JSON.stringify(log.body.items)).toContain(reference);
    // The membership is an anonymous removed row; the person who kept their data is untouched.
    const removed = await t.operator.get(`/api/v1/orgs/${org.id}/members?status=removed`);
    expect(removed.body.items).toEqual([expect.objectContaining({ id: memberId, email: null, firstName: null, lastName: null })]);
    expect((await whereFound(['keep@erase.test'])).length).toBeGreaterThan(0);
    // No way in with the old session or password.
    expect((await zed.get('/api/v1/auth/session')).body).toEqual({ authenticated: false });
    const signIn = await t.anonymous().post('/api/v1/auth/login', { login: 'zed.q@erase.test', password: PASSWORD });
    expect(signIn.status).toBe(401);

    // Invited again, they start anew (R-20): a new membership, a new account, no history.
    const again = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'zed.q@erase.test' });
    expect(again.body.results[0]).toMatchObject({ outcome: 'invited' });
    expect(again.body.results[0].memberId).not.toBe(memberId);
    // The erasure took every earlier email to the address: this is the new invitation.
    const [fresh] = await emailsTo(t, 'zed.q@erase.test');
    const newcomer = new Client(t.roster, null, nextAddress());
    const reaccepted = await newcomer.post(`/api/v1/invitations/${tokenOf(linkPath(fresh?.text ?? ''))}/accept`, {
      firstName: 'New',
      lastName: 'Start',
      password: PASSWORD,
      acceptTerms: true,
    });
    expect(reaccepted.status, JSON.stringify(reaccepted.body)).toBe(200);
    const person = await t.operator.get(`/api/v1/orgs/${org.id}/members/${reaccepted.body.membershipId}`);
    expect(person.body).toMatchObject({ status: 'active', firstName: 'New', email: 'zed.q@erase.test' });
    expect(person.body.accountId).not.toBeNull();
  });

  it('refuses active members, other roles, other organizations, a second erasure; the operator erases by address', async () => {
    const org = await createOrg(t, { seats: 10 });
    const { client: admin } = await member(t, org.id, 'admin@erase-refuse.test', 'admin');
    const { client: manager } = await member(t, org.id, 'manager@erase-refuse.test', 'manager');
    const { membershipId: activeId } = await member(t, org.id, 'active@erase-refuse.test');
    const active = await admin.post(`/api/v1/orgs/${org.id}/members/${activeId}/erase`);
    expect(active.status).toBe(409);
    expect(active.body.detail).toBe(
      'This person is still an active member. Remove them from the organization first, then erase their data.',
    );
    expect((await manager.post(`/api/v1/orgs/${org.id}/members/${activeId}/erase`)).body.detail).toBe(
      "Your role does not allow you to erase a person's data.",
    );
    const other = await createOrg(t);
    expect((await admin.post(`/api/v1/orgs/${other.id}/members/${activeId}/erase`)).status).toBe(404);
    expect((await t.operator.post(`/api/v1/orgs/${other.id}/members/${activeId}/erase`)).status).toBe(404);

    // A pending invitation is cancelled by the erasure itself.
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'pending@erase-refuse.test' });
    const pendingId = invited.body.results[0].memberId;
    expect((await admin.post(`/api/v1/orgs/${org.id}/members/${pendingId}/erase`)).status).toBe(200);
    const twice = await admin.post(`/api/v1/orgs/${org.id}/members/${pendingId}/erase`);
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe("This person's data was already erased.");
    const [invitation] = await rows<{ status: string; email: string }>(
      sql`select status, email from invitations where membership_id = ${pendingId}`,
    );
    expect(invitation?.status).toBe('cancelled');

    // The operator, across organizations, by address.
    expect((await admin.post('/api/v1/erasures', { email: 'active@erase-refuse.test' })).status).toBe(403);
    expect((await t.operator.post('/api/v1/erasures', { email: 'not an address' })).status).toBe(400);
    expect((await t.operator.post('/api/v1/erasures', { email: 'nobody@erase-refuse.test' })).status).toBe(404);
    const stillActive = await t.operator.post('/api/v1/erasures', { email: 'active@erase-refuse.test' });
    expect(stillActive.status).toBe(409);
    expect(stillActive.body.detail).toContain('is still an active member of 1 organization(s)');
    await t.operator.post(`/api/v1/orgs/${other.id}/invitations`, { emails: 'active@erase-refuse.test' });
    expect((await admin.delete(`/api/v1/orgs/${org.id}/members/${activeId}`)).status).toBe(204);
    const everywhere = await t.operator.post('/api/v1/erasures', { email: 'Active@Erase-Refuse.test' });
    expect(everywhere.status, JSON.stringify(everywhere.body)).toBe(200);
    expect(everywhere.body).toMatchObject({ organizations: 2, accountErased: true });
    expect(await whereFound(['active@erase-refuse.test'])).toEqual([]);
  });

  it('erases people removed longer ago than the retention period, keeping accounts other organizations still have', async () => {
    const kept = await createOrg(t, { seats: 10 });
    const swept = await createOrg(t, { seats: 10 });
    const never = await createOrg(t, { seats: 10 });
    const { client: admin } = await member(t, swept.id, 'admin@retention.test', 'admin');
    const patched = await admin.patch(`/api/v1/orgs/${swept.id}`, { retentionDays: 30 });
    expect(patched.status).toBe(200);
    expect(patched.body.retentionDays).toBe(30);
    expect((await admin.patch(`/api/v1/orgs/${swept.id}`, { retentionDays: 0 })).status).toBe(400);
    expect((await t.operator.patch(`/api/v1/orgs/${never.id}`, { retentionDays: null })).body.retentionDays).toBeNull();
    expect((await t.operator.get(`/api/v1/orgs/${kept.id}`)).body.retentionDays).toBe(365);

    const { membershipId: oldId } = await member(t, swept.id, 'old@retention.test', 'learner', { firstName: 'Oldred' });
    const { membershipId: recentId } = await member(t, swept.id, 'recent@retention.test');
    const { client: both, membershipId: twoOrgsId } = await member(t, swept.id, 'both@retention.test', 'learner', {
      firstName: 'Bothwell',
    });
    // The same account joins a second organization, signed in.
    const joined = await both.post(`/api/v1/invitations/${await inviteToken(t, kept.id, 'both@retention.test')}/accept`, {
      acceptTerms: true,
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const { membershipId: neverId } = await member(t, never.id, 'never@retention.test');
    for (const [orgId, id] of [
      [swept.id, oldId],
      [swept.id, recentId],
      [swept.id, twoOrgsId],
      [never.id, neverId],
    ] as const) {
      expect((await t.operator.delete(`/api/v1/orgs/${orgId}/members/${id}`)).status).toBe(204);
    }
    await t.database.db.execute(
      sql`update memberships set removed_at = now() - interval '31 days' where id in (${oldId}, ${twoOrgsId}, ${neverId})`,
    );

    expect(await sweepRetention(t.database.db)).toBe(2);
    expect(await sweepRetention(t.database.db)).toBe(0);
    const state = await rows<{ id: string; email: string | null; erased: boolean; account_id: string | null }>(
      sql`select id, email, erased_at is not null as erased, account_id from memberships where id in (${oldId}, ${recentId}, ${twoOrgsId}, ${neverId})`,
    );
    const byId = new Map(state.map((row) => [row.id, row]));
    expect(byId.get(oldId)).toMatchObject({ email: null, erased: true });
    expect(byId.get(recentId)).toMatchObject({ email: 'recent@retention.test', erased: false });
    expect(byId.get(neverId)).toMatchObject({ email: 'never@retention.test', erased: false });
    // Still a member elsewhere: this organization's traces go, the account stays for the other one.
    expect(byId.get(twoOrgsId)).toMatchObject({ email: null, erased: true, account_id: null });
    expect(await whereFound(['old@retention.test', 'Oldred'])).toEqual([]);
    const [account] = await rows<{ email: string }>(sql`select email from accounts where email = 'both@retention.test'`);
    expect(account?.email).toBe('both@retention.test');
    const log = await t.operator.get(`/api/v1/orgs/${swept.id}/audit-log?action=person.erased`);
    expect(log.body.items.map((entry: { actor: string; data: { cause: string } }) => [entry.actor, entry.data.cause])).toEqual([
      ['system', 'retention'],
      ['system', 'retention'],
    ]);
  });
});
