import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows } from '../../db/sql.js';

/**
 * An upload cut off by a crash stays in 'reading' with some of its rows; nobody can preview or
 * confirm it, so it is dropped after a while. (A commit cut off is resumed, never dropped.)
 */
export async function dropAbandonedUploads(db: Db, olderThanMinutes: number): Promise<void> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from imports where status = 'reading' and created_at < now() - make_interval(mins => ${olderThanMinutes})`,
  );
  if (rows.length === 0) return;
  await db.execute(sql`delete from imports where id = any(${pgArray(rows.map((r) => r.id))}::uuid[])`);
}
