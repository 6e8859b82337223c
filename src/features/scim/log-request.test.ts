import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { createScimRequestLog, type ScimRequestEntry } from './log-request.js';

describe('the SCIM request log', () => {
  let t: TestRoster;
  let orgId: string;
  let keyId: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    t = await startTestRoster();
    orgId = (await createOrg(t)).id;
    const key = await t.operator.post(`/api/v1/orgs/${orgId}/api-keys`, { name: 'IdP', role: 'admin', scopes: ['scim'] });
    keyId = key.body.id;
  });
  afterAll(() => t.close());

  const entry = (path: string, extra: Partial<ScimRequestEntry> = {}): ScimRequestEntry => ({
    orgId,
    keyId,
    method: 'POST',
    path,
    status: 201,
    scimType: null,
    detail: null,
    durationMs: 3,
    ...extra,
  });
  const stored = (prefix: string) =>
    queryRows<{ path: string; key_id: string | null; status: number; detail: string | null; created_at: Date | string }>(
      t.database.db,
      sql`select path, key_id, status, detail, created_at from scim_requests where org_id = ${orgId} and path like ${`${prefix}%`}
          order by path`,
    );

  it('keeps requests in memory and writes them together on flush, each at the time it was answered', async () => {
    const log = createScimRequestLog(t.database.db, { onError: (e) => errors.push(e), flushAfterMs: 60_000 });
    const before = Date.now();
    log.add(entry('/flush/1'));
    log.add(entry('/flush/2', { status: 409, scimType: 'uniqueness', detail: 'x'.repeat(600) }));
    expect(await stored('/flush/')).toEqual([]);
    await log.flush();
    const rows = await stored('/flush/');
    expect(rows.map((r) => [r.path, Number(r.status), r.key_id])).toEqual([
      ['/flush/1', 201, keyId],
      ['/flush/2', 409, keyId],
    ]);
    expect(rows[1]?.detail).toHaveLength(500);
    expect(new Date(rows[0]?.created_at ?? 0).getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(new Date(rows[0]?.created_at ?? 0).getTime()).toBeLessThanOrEqual(Date.now() + 1);
    await log.close();
    expect(errors).toEqual([]);
  });

  it('writes on its own after a moment, or as soon as it holds its most rows', async () => {
    const timed = createScimRequestLog(t.database.db, { onError: (e) => errors.push(e), flushAfterMs: 20 });
    timed.add(entry('/timed/1'));
    await expect.poll(async () => (await stored('/timed/')).length).toBe(1);
    await timed.close();

    const capped = createScimRequestLog(t.database.db, { onError: (e) => errors.push(e), flushAfterMs: 60_000, maxRows: 3 });
    capped.add(entry('/capped/1'));
    capped.add(entry('/capped/2'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stored('/capped/')).toEqual([]);
    capped.add(entry('/capped/3'));
    await expect.poll(async () => (await stored('/capped/')).length).toBe(3);
    await capped.close();
    expect(errors).toEqual([]);
  });

  it('writes what it keeps on close, and anything later at once', async () => {
    const log = createScimRequestLog(t.database.db, { onError: (e) => errors.push(e), flushAfterMs: 60_000 });
    log.add(entry('/close/1'));
    await log.close();
    expect((await stored('/close/')).map((r) => r.path)).toEqual(['/close/1']);
    log.add(entry('/close/2'));
    await expect.poll(async () => (await stored('/close/')).length).toBe(2);
    expect(errors).toEqual([]);
  });

  it('drops the rows of an organization gone meanwhile, and a deleted key becomes none, without losing the others', async () => {
    const log = createScimRequestLog(t.database.db, { onError: (e) => errors.push(e), flushAfterMs: 60_000 });
    log.add(entry('/gone/org', { orgId: randomUUID() }));
    log.add(entry('/gone/key', { keyId: randomUUID() }));
    log.add(entry('/gone/kept'));
    await log.close();
    const rows = await stored('/gone/');
    expect(rows.map((r) => [r.path, r.key_id])).toEqual([
      ['/gone/kept', keyId],
      ['/gone/key', null],
    ]);
    const elsewhere = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from scim_requests where path = '/gone/org'`,
    );
    expect(elsewhere[0]?.n).toBe(0);
    expect(errors).toEqual([]);
  });
});
