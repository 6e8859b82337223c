import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/sql.js';
import { onPostgres } from '../support/database.js';
import { PASSWORD } from '../support/people.js';
import { Client, createOrg, startTestRoster, type TestRoster } from '../support/roster.js';

/**
 * no operation may ever put more active members in than there are seats, under any
 * concurrency. On PostgreSQL the acceptances really race on a connection pool; on PGlite
 * they are serialized, and the same assertions hold.
 */
describe('seats under concurrent acceptances', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it(`takes exactly the free seats when 60 people accept at once (${onPostgres() ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const seats = 12;
    const people = 60;
    const org = await createOrg(t, { seats });
    // Two seats are already taken, leaving ten free.
    await t.database.db.execute(sql`update organizations set seats_used = 2 where id = ${org.id}`);
    const emails = Array.from({ length: people }, (_, i) => `racer${i}@race.test`);
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails });
    expect(invited.body.counts.invited).toBe(people);
    const tokens = (
      await queryRows<{ text: string }>(
        t.database.db,
        sql`select coalesce(text, body #>> '{action,url}') as text from emails where org_id = ${org.id}`,
      )
    ).map((row) => /\/invite\/([A-Za-z0-9_-]{43})/.exec(row.text)?.[1] ?? '');
    expect(tokens.filter(Boolean)).toHaveLength(people);

    const responses = await Promise.all(
      tokens.map((token, i) =>
        new Client(t.roster, null, `10.0.0.${i + 1}`).post(`/api/v1/invitations/${token}/accept`, {
          firstName: 'Racer',
          lastName: String(i),
          password: PASSWORD,
          acceptTerms: true,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(seats - 2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(people - (seats - 2));
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'no_seat')).toBe(true);

    const [state] = await queryRows<{ seats_used: number; active: number; accounts: number; billing: number }>(
      t.database.db,
      sql`select o.seats_used,
            (select count(*)::int from memberships where org_id = o.id and status = 'active') as active,
            (select count(*)::int from accounts where email like '%@race.test') as accounts,
            (select count(*)::int from billing_events where org_id = o.id and kind = 'start') as billing
          from organizations o where o.id = ${org.id}`,
    );
    expect(state).toEqual({ seats_used: seats, active: seats - 2, accounts: seats - 2, billing: seats - 2 });
  });

  it('never exceeds the seats, nor loses one, when set-ups, acceptances and removals race', async () => {
    const seats = 15;
    const org = await createOrg(t, { seats });
    // Ten members to remove, twenty invitations to accept, twenty set-ups: far more than the seats.
    const removable: string[] = [];
    for (let i = 0; i < 10; i++) {
      const made = await t.operator.post(`/api/v1/orgs/${org.id}/users`, {
        firstName: 'R',
        lastName: String(i),
        email: `leaver${i}@mix.test`,
        password: PASSWORD,
      });
      removable.push(made.body.member.id);
    }
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: Array.from({ length: 20 }, (_, i) => `joiner${i}@mix.test`),
    });
    expect(invited.body.counts.invited).toBe(20);
    const tokens = (
      await queryRows<{ text: string }>(
        t.database.db,
        sql`select coalesce(text, body #>> '{action,url}') as text from emails where org_id = ${org.id} and kind = 'invitation'`,
      )
    ).map((row) => /\/invite\/([A-Za-z0-9_-]{43})/.exec(row.text)?.[1] ?? '');

    const operations = [
      ...removable.map((id) => () => t.operator.delete(`/api/v1/orgs/${org.id}/members/${id}`)),
      ...tokens.map(
        (token, i) => () =>
          new Client(t.roster, null, `10.1.0.${i + 1}`).post(`/api/v1/invitations/${token}/accept`, {
            firstName: 'J',
            lastName: String(i),
            password: PASSWORD,
            acceptTerms: true,
          }),
      ),
      ...Array.from(
        { length: 20 },
        (_, i) => () =>
          t.operator.post(`/api/v1/orgs/${org.id}/users`, {
            firstName: 'S',
            lastName: String(i),
            email: `setup${i}@mix.test`,
            password: PASSWORD,
          }),
      ),
    ];
    const responses = await Promise.all(operations.map((run) => run()));
    expect(responses.filter((r) => ![200, 201, 204, 409].includes(r.status)).map((r) => [r.status, r.body])).toEqual([]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'no_seat')).toBe(true);

    const [state] = await queryRows<{ seats_used: number; active: number }>(
      t.database.db,
      sql`select o.seats_used, (select count(*)::int from memberships where org_id = o.id and status = 'active') as active
          from organizations o where o.id = ${org.id}`,
    );
    expect(state?.seats_used).toBe(state?.active);
    expect(state?.active).toBeLessThanOrEqual(seats);
    // Every removal went through, and every seat counted belongs to someone who got in.
    expect(responses.slice(0, 10).every((r) => r.status === 204)).toBe(true);
    const joined = responses.slice(10).filter((r) => r.status === 200 || r.status === 201).length;
    expect(state?.active).toBe(joined);
  });
});
