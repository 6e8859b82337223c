import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/database.js';
import type { Database } from '../db/client.js';
import { queryRows } from '../db/sql.js';
import { queueEmails } from './queue-email.js';

describe('queueing emails', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await freshDatabase());
  });
  afterAll(() => drop());

  it('queues more emails than one statement may carry, each with its job', async () => {
    const list = Array.from({ length: 9000 }, (_, i) => ({
      orgId: null,
      kind: 'test',
      to: `person${i}@example.com`,
      subject: 'Hello',
      html: '<p>Hello</p>',
      text: 'Hello',
    }));
    const ids = await queueEmails(database.db, list);
    expect(new Set(ids).size).toBe(9000);
    const [row] = await queryRows<{ emails: number; jobs: number }>(
      database.db,
      sql`select (select count(*)::int from emails) as emails, (select count(*)::int from jobs where kind = 'send-email') as jobs`,
    );
    expect(row).toEqual({ emails: 9000, jobs: 9000 });
  });
});
