import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { onPostgres, useFreshDatabase } from '../../test/support/database.js';
import { nameFor, prepared, preparedWhere } from './prepared-statements.js';
import { queryRows } from './sql.js';

describe('prepared statements', () => {
  it('names only marked statements, each text always under the same name', () => {
    const text = `/* prepared */ select $1::int as n -- ${Math.random()}`;
    const name = nameFor(text);
    expect(name).toMatch(/^r_[\w-]{20}$/);
    expect(nameFor(text)).toBe(name);
    expect(nameFor(`${text} `)).not.toBe(name);
    expect(nameFor('select $1::int as n')).toBeUndefined();
  });

  it("names a builder's statement whose condition is marked with preparedWhere", () => {
    const condition = new PgDialect().sqlToQuery(preparedWhere(sql`"memberships"."id" in (select id from teams where name = ${'x'})`)).sql;
    const text = `select "id" from "memberships" where ${condition} for update`;
    expect(nameFor(text)).toMatch(/^r_[\w-]{20}$/);
    expect(nameFor(text.replace('/* prepared: the whole statement */ ', ''))).toBeUndefined();
  });

  it.each([
    ['select "id", "name" from "organizations" where "organizations"."id" = $1', true],
    ['select "id" from "memberships" where ("memberships"."org_id" = $1 and "memberships"."account_id" = $2) for update', true],
    ['insert into "accounts" ("id", "email") values (default, $1) returning "id", "email"', true],
    ['update "invitations" set "status" = $1, "accepted_at" = now() where ("invitations"."org_id" = $2 and "invitations"."id" = $3)', true],
    ['delete from "sessions" where "sessions"."token_hash" = $1', true],
    ['select "id" from "memberships" where "memberships"."org_id" = $1 order by "memberships"."created_at" desc limit $2', false],
    ['select "id", "name" from "organizations" where "organizations"."id" = $1 limit $2', true],
    ['select "id" from "memberships" where "memberships"."id" in ($1, $2)', false],
    ['select "a"."id" from "a" left join "b" on "a"."id" = "b"."a_id" where "a"."id" = $1', false],
    ['insert into "x" ("a") select "a" from "y"', false],
    ['update "x" set "n" = "n" + $1 where "x"."id" = $2', false],
    ['select m.id from memberships m where m.id = $1', false],
  ])('prepares what the query builder writes by key only: %s', (text, prepares) => {
    expect(nameFor(text) !== undefined).toBe(prepares);
  });

  const database = useFreshDatabase();
  it.skipIf(!onPostgres())('prepares a marked statement once on the connection and answers it right each time (PostgreSQL)', async () => {
    const { db } = database();
    const answers: number[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < 8; i++) {
        const [row] = await queryRows<{ n: number }>(tx, prepared(sql`select ${i}::int + 1 as n, 'marked'::text as marker`));
        answers.push(Number(row?.n));
        await queryRows(tx, sql`select ${i}::int as n, 'unmarked'::text as marker`);
      }
      const statements = await queryRows<{ statement: string }>(tx, sql`select statement from pg_prepared_statements`);
      expect(statements.filter((s) => s.statement.includes("'marked'"))).toHaveLength(1);
      expect(statements.filter((s) => s.statement.includes("'unmarked'"))).toHaveLength(0);
    });
    expect(answers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
