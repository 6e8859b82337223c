import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { queryRows } from '../db/sql.js';
import { newId } from './ids.js';
import { randomBytesFromPool } from './random-pool.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered ids', () => {
  const database = useFreshDatabase();

  it('makes UUID version 7 with the time in front, so later ids sort later', () => {
    const early = newId(Date.UTC(2026, 0, 1));
    const late = newId(Date.UTC(2026, 0, 1) + 1);
    expect(early).toMatch(V7);
    expect(late).toMatch(V7);
    expect(early < late).toBe(true);
    expect(early.replaceAll('-', '').slice(0, 12)).toBe(Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
  });

  it('never repeats an id or random bytes from the pool', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId()));
    expect(ids.size).toBe(20_000);
    // More than the pool holds, so it is refilled along the way.
    const chunks = new Set(Array.from({ length: 2_000 }, () => randomBytesFromPool(32).toString('hex')));
    expect(chunks.size).toBe(2_000);
    expect(randomBytesFromPool(64 * 1024)).toHaveLength(64 * 1024);
  });

  it('has the database make the same kind by default, in time order', async () => {
    const rows = await queryRows<{ id: string; now: string }>(
      database().db,
      sql`select uuid_v7()::text as id, (extract(epoch from clock_timestamp()) * 1000)::bigint::text as now from generate_series(1, 3)`,
    );
    for (const row of rows) {
      expect(row.id).toMatch(V7);
      const millis = Number.parseInt(row.id.replaceAll('-', '').slice(0, 12), 16);
      expect(Math.abs(millis - Number(row.now))).toBeLessThan(1000);
    }
    const [org] = await queryRows<{ id: string }>(
      database().db,
      sql`insert into organizations (name, slug, kind, seats) values ('Ids', 'ids-test', 'paid', 1) returning id`,
    );
    expect(org?.id).toMatch(V7);
  });
});
