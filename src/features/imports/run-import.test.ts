import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { importCommitJob } from './run-import.js';

/**
 * The commit job itself, with two lanes, on whichever database the suite runs on (on the
 * embedded one the lanes' transactions take turns, but the queue and the lock decisions are
 * the same code).
 */
describe('committing an import in lanes', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query);
  async function confirmed(orgId: string, csv: string, by: Client = t.operator): Promise<string> {
    const preview = await by.upload(`/api/v1/orgs/${orgId}/imports`, 'people.csv', csv);
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    const committed = await by.post(`/api/v1/orgs/${orgId}/imports/${preview.body.id}/commit`);
    expect(committed.status, JSON.stringify(committed.body)).toBe(202);
    return preview.body.id as string;
  }

  async function run(orgId: string, importId: string): Promise<void> {
    const handler = importCommitJob({
      db: t.database.db,
      publicUrl: 'http://roster.test',
      chunkSize: 4,
      lanes: 2,
      mailQueued: () => undefined,
    });
    const [queued] = await rows<{ id: number }>(
      sql`select id from jobs where kind = 'import-commit' and payload->>'importId' = ${importId}`,
    );
    await handler({ importId, orgId }, { id: Number(queued?.id), kind: 'import-commit', payload: {}, attempts: 1, maxAttempts: 5 });
  }

  const outcomes = (importId: string) =>
    rows<{ row_number: number; outcome: string }>(
      sql`select row_number, outcome from import_rows where import_id = ${importId} order by row_number`,
    );

  it('does every row exactly once when chunks run side by side', async () => {
    const org = await createOrg(t, { seats: 100 });
    const people = Array.from({ length: 37 }, (_, i) => `lane${i + 1}@example.com`);
    const importId = await confirmed(org.id, ['email', ...people].join('\n'));
    await run(org.id, importId);

    const done = await outcomes(importId);
    expect(done).toHaveLength(37);
    expect(done.every((row) => row.outcome === 'invited')).toBe(true);
    const [counts] = await rows<{ memberships: number; invitations: number; emails: number; audit: number }>(sql`
      select (select count(*)::int from memberships where org_id = ${org.id}) as memberships,
             (select count(*)::int from invitations where org_id = ${org.id}) as invitations,
             (select count(*)::int from emails where org_id = ${org.id}) as emails,
             (select count(*)::int from audit_log where org_id = ${org.id} and action = 'invitation.sent') as audit`);
    expect(counts).toEqual({ memberships: 37, invitations: 37, emails: 37, audit: 37 });
    const [record] = await rows<{ status: string; rows_done: number }>(sql`select status, rows_done from imports where id = ${importId}`);
    expect(record).toEqual({ status: 'done', rows_done: 37 });
  });

  it('goes back to one chunk at a time, in file order, when seats could run out', async () => {
    // 9 seats for 14 set-ups: side by side, a later chunk could take a seat before an earlier
    // one. The job sees it and commits in turn, so the first nine rows get the seats.
    const org = await createOrg(t, { seats: 9 });
    const csv = [
      'email,first_name,last_name,mode',
      ...Array.from({ length: 14 }, (_, i) => `seat${i + 1}@example.com,Sam,Seat${i + 1},setup`),
    ].join('\n');
    const importId = await confirmed(org.id, csv);
    await run(org.id, importId);

    const done = await outcomes(importId);
    expect(done.map((row) => row.outcome)).toEqual([...Array(9).fill('set_up'), ...Array(5).fill('not_allowed')]);
    const [seats] = await rows<{ seats_used: number }>(sql`select seats_used from organizations where id = ${org.id}`);
    expect(seats?.seats_used).toBe(9);
  });

  it('leaves rows another run already did alone when it resumes', async () => {
    const org = await createOrg(t, { seats: 100 });
    const importId = await confirmed(org.id, ['email', ...Array.from({ length: 10 }, (_, i) => `again${i + 1}@example.com`)].join('\n'));
    await run(org.id, importId);
    // A second run of the same job (a retry, or another instance after a lapsed lease) finds nothing to do.
    await rows(sql`update imports set status = 'committing' where id = ${importId}`);
    await run(org.id, importId);
    const [counts] = await rows<{ invitations: number; emails: number }>(sql`
      select (select count(*)::int from invitations where org_id = ${org.id}) as invitations,
             (select count(*)::int from emails where org_id = ${org.id}) as emails`);
    expect(counts).toEqual({ invitations: 10, emails: 10 });
  });
});
