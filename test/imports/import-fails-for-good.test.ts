import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/sql.js';
import { STOPPED_SENTENCE, stopOrphanedImports } from '../../src/features/imports/run-import.js';
import { member } from '../support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../support/roster.js';

/**
 * An import whose job keeps hitting database errors ends "failed" with a sentence (never
 * "committing" for ever), and its uploader can confirm it again to carry on.
 */
describe('an import whose job fails for good', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster({}, { importChunkSize: 4 });
  });
  afterAll(() => t.close());

  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.database.db, query);
  const job = async (importId: string) =>
    (
      await rows<{ status: string; attempts: number; last_error: string | null }>(
        sql`select status, attempts, last_error from jobs where kind = 'import-commit' and payload->>'importId' = ${importId} order by id desc limit 1`,
      )
    )[0];

  it('retries a database error, then ends failed with a sentence, and is taken up again by its uploader', async () => {
    const org = await createOrg(t, { seats: 50 });
    const { client: uploader } = await member(t, org.id, 'uploader@example.com', 'admin');
    const { client: other } = await member(t, org.id, 'other.manager@example.com', 'manager');
    const people = Array.from({ length: 10 }, (_, i) => `retry${i}@example.com`);
    const preview = await uploader.upload(`/api/v1/orgs/${org.id}/imports`, 'people.csv', ['email', ...people].join('\n'));
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    const importId = preview.body.id as string;
    const path = `/api/v1/orgs/${org.id}/imports/${importId}`;
    expect((await uploader.post(`${path}/commit`)).status).toBe(202);

    // The database refuses the job's first read (the import's own row): it is retried, not
    // dropped as done with the import left "committing".
    await t.database.db.execute(sql`alter table imports rename to imports_away`);
    try {
      await t.drainImports();
    } finally {
      await t.database.db.execute(sql`alter table imports_away rename to imports`);
    }
    expect(await job(importId)).toMatchObject({ status: 'queued', attempts: 1, last_error: expect.stringMatching(/imports/) });
    expect((await uploader.get(path)).body.status).toBe('committing');

    // Its last attempt fails too (the rows it works from are unreadable): the import stops.
    await t.database.db.execute(sql`update jobs set run_at = now(), max_attempts = 2 where kind = 'import-commit'`);
    await t.database.db.execute(sql`alter table import_rows rename to import_rows_away`);
    try {
      await t.drainImports();
    } finally {
      await t.database.db.execute(sql`alter table import_rows_away rename to import_rows`);
    }
    expect(await job(importId)).toMatchObject({ status: 'failed', attempts: 2 });
    const failed = await uploader.get(path);
    expect(failed.body).toMatchObject({ status: 'failed', error: STOPPED_SENTENCE });
    expect(failed.body.progress.finishedAt).not.toBeNull();

    // Had that last step met the database away too, the periodic safety net would stop it.
    await t.database.db.execute(sql`update imports set status = 'committing', error = null where id = ${importId}`);
    await stopOrphanedImports(t.database.db);
    expect((await uploader.get(path)).body).toMatchObject({ status: 'failed', error: STOPPED_SENTENCE });

    // Someone who may not see it cannot retry it; its uploader can, and it carries on.
    expect((await other.post(`${path}/commit`)).status).toBe(403);
    const retried = await uploader.post(`${path}/commit`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body).toMatchObject({ status: 'committing', error: null });
    await t.drainImports();
    const done = await uploader.get(path);
    expect(done.body).toMatchObject({ status: 'done', error: null });
    expect(done.body.results.invited).toBe(10);
    const [counts] = await rows<{ invitations: number; emails: number }>(sql`
      select (select count(*)::int from invitations where org_id = ${org.id} and email like 'retry%') as invitations,
             (select count(*)::int from emails where org_id = ${org.id} and to_address like 'retry%') as emails`);
    expect(counts).toEqual({ invitations: 10, emails: 10 });

    // A finished import is not taken up again.
    const again = await uploader.post(`${path}/commit`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already been processed/);
  });
});
