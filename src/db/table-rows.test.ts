import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, startTestRoster, type TestRoster } from '../../test/support/roster.js';
import { invitations, organizations } from './schema.js';
import { queryRows } from './sql.js';
import { tableRows } from './table-rows.js';

describe('whole rows read with raw SQL', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('come back as drizzle’s select returns them: keys, dates, nulls, numbers and booleans', async () => {
    const org = await createOrg(t, { invitationExpiryDays: 7 });
    const invited = await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: ['rows@example.test'], message: 'Welcome' });
    expect(invited.status).toBe(200);
    const db = t.database.db;
    for (const [table, alias, where, raw] of [
      [organizations, 'o', eq(organizations.id, org.id), sql`o.id = ${org.id}`],
      [invitations, 'i', eq(invitations.orgId, org.id), sql`i.org_id = ${org.id}`],
    ] as const) {
      const rows = tableRows(table, alias);
      const [expected] = await db.select().from(table).where(where);
      const [found] = await queryRows<Record<string, unknown>>(db, sql`select ${rows.list} from ${table} ${sql.raw(alias)} where ${raw}`);
      expect(expected).toBeDefined();
      expect(rows.map(found ?? {})).toEqual(expected);
    }
    // The fields that need mapping are there to be mapped.
    const invitationRows = tableRows(invitations, 'i');
    const [raw] = await queryRows<Record<string, unknown>>(
      db,
      sql`select ${invitationRows.list} from invitations i where i.org_id = ${org.id}`,
    );
    const invitation = invitationRows.map(raw ?? {});
    expect(invitation.expiresAt).toBeInstanceOf(Date);
    expect(invitation.createdAt).toBeInstanceOf(Date);
    expect(invitation.cancelledAt).toBeNull();
    expect(invitation.holdsSeat).toBe(false);
  });
});
