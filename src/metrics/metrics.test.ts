import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from '../../test/support/people.js';
import { createOrg, startTestRoster, type TestRoster } from '../../test/support/roster.js';

describe('/metrics (R-40)', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('gives Prometheus text to the operator: latencies by route, the job queue, emails, imports', async () => {
    const org = await createOrg(t);
    expect((await t.operator.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
    await t.operator.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'a@metrics.test, b@metrics.test' });
    const before = await t.operator.get<string>('/metrics');
    expect(before.status).toBe(200);
    expect(String(before.headers['content-type'])).toContain('text/plain');
    const text = before.body;
    // The route pattern, never the URL with its ids or tokens.
    expect(text).toMatch(/roster_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/orgs\/:orgId",status="200"\} 1/);
    expect(text).toMatch(/roster_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/orgs",status="201"\} 1/);
    expect(text).not.toContain(org.id);
    expect(text).toMatch(/roster_jobs_queued\{kind="send-email"\} 2/);
    expect(text).toMatch(/roster_jobs_oldest_queued_age_seconds\{kind="send-email"\} [0-9.e-]+/);
    expect(text).toMatch(/roster_emails\{status="queued"\} 2/);
    expect(text).toMatch(/roster_import_rows_per_second 0/);
    expect(text).toContain('roster_process_resident_memory_bytes');

    await t.drain();
    const after = (await t.operator.get<string>('/metrics')).body;
    expect(after).toMatch(/roster_emails\{status="sent"\} 2/);
    expect(after).not.toMatch(/roster_jobs_queued\{kind="send-email"\} [1-9]/);
  });

  it('refuses everyone but the operator', async () => {
    const org = await createOrg(t);
    const { client: admin } = await member(t, org.id, 'admin@metrics.test', 'admin');
    const anonymous = await t.anonymous().get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.detail).toBe('Metrics need the operator token (Authorization: Bearer …).');
    const forAdmin = await admin.get('/metrics');
    expect(forAdmin.status).toBe(403);
    expect(forAdmin.body.detail).toBe('Metrics are for the platform operator.');
    const wrongToken = await t.roster.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${'x'.repeat(43)}` },
    });
    expect(wrongToken.statusCode).toBe(401);
  });
});
