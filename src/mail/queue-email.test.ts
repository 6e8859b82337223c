import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { queryRows } from '../db/sql.js';
import { queueEmails } from './queue-email.js';

describe('queueing emails', () => {
  const database = useFreshDatabase();

  it('queues more emails than one statement may carry, each with its job', async () => {
    const list = Array.from({ length: 9000 }, (_, i) => ({
      orgId: null,
      kind: 'test',
      to: `person${i}@example.com`,
      subject: 'Hello',
      html: '<p>Hello</p>',
      text: 'Hello',
    }));
    const ids = await queueEmails(database().db, list);
    expect(new Set(ids).size).toBe(9000);
    const [row] = await queryRows<{ emails: number; jobs: number }>(
      database().db,
      sql`select (select count(*)::int from emails) as emails, (select count(*)::int from jobs where kind = 'send-email') as jobs`,
    );
    expect(row).toEqual({ emails: 9000, jobs: 9000 });
  });
});
