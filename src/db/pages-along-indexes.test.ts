import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { planOf, sortsInPlan } from '../../test/support/plans.js';
import { auditPage } from '../features/audit/list-audit.js';
import { outboxPage } from '../features/outbox/repository.js';
import { recentScimRequests } from '../features/scim/scim-overview.js';
import { usersInIdOrder } from '../features/scim/user-records.js';
import { deliveriesPage } from '../features/webhooks/list-deliveries.js';

const ORG = '00000000-0000-7000-8000-000000000001';
const ENDPOINT = '00000000-0000-7000-8000-000000000002';
const LAST = { sort: '-created', value: '2026-12-01T00:00:00.000000Z', id: '00000000-0000-7000-8000-000000000003' };

/**
 * The lists that grow without bound (every email, audit entry, webhook delivery, SCIM
 * request and SCIM User) read a page off an index in the page's order. Indexes declared with `.desc()` are
 * DESC NULLS LAST; an ORDER BY that says only DESC cannot use them, and each page then read
 * and sorted all the rows (decision 0030).
 */
describe('pages of growing lists come in an index’s order', () => {
  const database = useFreshDatabase();

  it('the outbox, first page and next', async () => {
    expect(await sortsInPlan(database().db, outboxPage({ after: null, limit: 51 }))).toEqual([]);
    expect(await sortsInPlan(database().db, outboxPage({ after: LAST, limit: 51 }))).toEqual([]);
  });

  it("the audit log, first page, next page and a period, along the organization's own index", async () => {
    // Along the organization's index: the log's key alone gave the order too, but walked every
    // organization's newer entries to find this one's (44.6 ms for a page, decision 0030).
    const period = { from: '2026-11-01T00:00:00Z', to: '2026-11-30T23:59:59Z' };
    for (const query of [{ after: null }, { after: { id: 42 } }, { ...period, after: null }]) {
      const plan = await planOf(database().db, auditPage(database().db, ORG, { ...query, limit: 51 }));
      expect(plan.sorts).toEqual([]);
      expect(plan.indexes).toContain('audit_log_org_created_idx');
    }
  });

  it("a webhook endpoint's deliveries, first page and next", async () => {
    expect(await sortsInPlan(database().db, deliveriesPage(ORG, ENDPOINT, { limit: 51 }))).toEqual([]);
    expect(await sortsInPlan(database().db, deliveriesPage(ORG, ENDPOINT, { before: '1000', limit: 51 }))).toEqual([]);
  });

  it("SCIM's Users in id order, as providers page through them, along the index of Users", async () => {
    for (const descending of [false, true]) {
      const plan = await planOf(database().db, usersInIdOrder(ORG, 180_000, 100, descending));
      expect(plan.sorts).toEqual([]);
      expect(plan.indexes).toContain('memberships_org_scim_users_idx');
    }
  });

  it('the last SCIM requests', async () => {
    expect(await sortsInPlan(database().db, recentScimRequests(ORG, 50))).toEqual([]);
  });
});
