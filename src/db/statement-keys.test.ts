import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { newId } from '../lib/ids.js';
import type { Db } from './client.js';
import { queryRows } from './sql.js';

/** The error a statement failed with, or null. */
async function refusal(db: Db, statement: ReturnType<typeof sql>): Promise<{ code?: string; message: string } | null> {
  try {
    await db.execute(statement);
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message: string } }).cause ?? (error as { code?: string; message: string });
    return { code: cause.code, message: cause.message };
  }
}

const count = async (db: Db, table: string, column: string, value: string): Promise<number> => {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${value}`,
  );
  return row?.n ?? 0;
};

// Keys checked once per statement (decision 0011) keep what the foreign keys they replaced kept.
describe('keys checked per statement', () => {
  const database = useFreshDatabase();

  async function org(): Promise<string> {
    const id = newId();
    await database().db.execute(
      sql`insert into organizations (id, name, slug, kind, seats) values (${id}, 'Keys', ${`keys-${id}`}, 'paid', 10)`,
    );
    return id;
  }

  async function membership(orgId: string, email: string): Promise<string> {
    const id = newId();
    await database().db.execute(
      sql`insert into memberships (id, org_id, email, role, status) values (${id}, ${orgId}, ${email}, 'learner', 'invited')`,
    );
    return id;
  }

  it('refuse a whole statement when one of its rows names an organization that does not exist, and write none of it', async () => {
    const { db } = database();
    const orgId = await org();
    const ghost = newId();
    const failed = await refusal(
      db,
      sql`insert into memberships (org_id, email, role, status)
          values (${orgId}, 'one@keys.test', 'learner', 'invited'), (${ghost}, 'two@keys.test', 'learner', 'invited')`,
    );
    expect(failed?.code).toBe('23503');
    expect(failed?.message).toContain(ghost);
    expect(await count(db, 'memberships', 'org_id', orgId)).toBe(0);
  });

  it('refuse an invitation, a placement, an email or an audit entry naming a row that does not exist', async () => {
    const { db } = database();
    const orgId = await org();
    const ghost = newId();
    const checks = [
      sql`insert into invitations (org_id, membership_id, email, role, token_hash) values (${orgId}, ${ghost}, 'x@keys.test', 'learner', ${newId()})`,
      sql`insert into team_members (org_id, team_id, membership_id, origin_team_id) values (${orgId}, ${ghost}, ${ghost}, ${ghost})`,
      sql`insert into emails (org_id, kind, to_address, subject) values (${ghost}, 'invitation', 'x@keys.test', 'Hi')`,
      sql`insert into emails (org_id, membership_id, kind, to_address, subject) values (${orgId}, ${ghost}, 'invitation', 'x@keys.test', 'Hi')`,
      sql`insert into audit_log (org_id, actor_label, action) values (${ghost}, 'operator', 'test.ghost')`,
    ];
    for (const statement of checks) expect((await refusal(db, statement))?.code).toBe('23503');
    // A key left empty is no reference: system mail and installation-wide entries have none.
    expect(await refusal(db, sql`insert into emails (kind, to_address, subject) values ('sign-in', 'x@keys.test', 'Hi')`)).toBeNull();
  });

  it('refuse an update that points a row at a parent that does not exist', async () => {
    const { db } = database();
    const orgId = await org();
    const id = await membership(orgId, 'moved@keys.test');
    const failed = await refusal(db, sql`update memberships set org_id = ${newId()} where id = ${id}`);
    expect(failed?.code).toBe('23503');
    expect(await count(db, 'memberships', 'org_id', orgId)).toBe(1);
  });

  it('cascade as the foreign keys did: an organization takes its people, mail and log; a membership its invitations; a team its placements', async () => {
    const { db } = database();
    const orgId = await org();
    const kept = await org();
    const id = await membership(orgId, 'gone@keys.test');
    const other = await membership(kept, 'stays@keys.test');
    const teamId = newId();
    await db.execute(sql`insert into teams (id, org_id, name, visibility) values (${teamId}, ${kept}, 'Team', 'public')`);
    await db.execute(
      sql`insert into team_members (org_id, team_id, membership_id, origin_team_id) values (${kept}, ${teamId}, ${other}, ${teamId})`,
    );
    await db.execute(
      sql`insert into invitations (org_id, membership_id, email, role, token_hash) values (${kept}, ${other}, 'stays@keys.test', 'learner', ${newId()})`,
    );
    await db.execute(
      sql`insert into emails (org_id, membership_id, kind, to_address, subject) values (${kept}, ${other}, 'invitation', 'stays@keys.test', 'Hi')`,
    );
    await db.execute(
      sql`insert into emails (org_id, membership_id, kind, to_address, subject) values (${orgId}, ${id}, 'invitation', 'gone@keys.test', 'Hi')`,
    );
    await db.execute(sql`insert into audit_log (org_id, actor_label, action) values (${orgId}, 'operator', 'test.entry')`);

    await db.execute(sql`delete from organizations where id = ${orgId}`);
    expect(await count(db, 'memberships', 'org_id', orgId)).toBe(0);
    expect(await count(db, 'emails', 'org_id', orgId)).toBe(0);
    expect(await count(db, 'audit_log', 'org_id', orgId)).toBe(0);

    await db.execute(sql`delete from teams where id = ${teamId}`);
    expect(await count(db, 'team_members', 'team_id', teamId)).toBe(0);

    await db.execute(sql`delete from memberships where id = ${other}`);
    expect(await count(db, 'invitations', 'membership_id', other)).toBe(0);
    // The email stays as a record of what was sent, without its membership.
    expect(await count(db, 'emails', 'to_address', 'stays@keys.test')).toBe(1);
    expect(await count(db, 'emails', 'membership_id', other)).toBe(0);
  });
});
