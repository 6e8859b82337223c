import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, startTestRoster, type TestRoster, uniqueSlug } from '../../../test/support/roster.js';

describe('organizations', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('lets the operator create an organization and read it back', async () => {
    const slug = uniqueSlug();
    const created = await t.operator.post('/api/v1/orgs', { name: ' Acme ', slug, kind: 'trial', seats: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme',
      slug,
      kind: 'trial',
      seats: 5,
      seatsUsed: 0,
      seatsFree: 5,
      invitationExpiryDays: 45,
    });
    const read = await t.operator.get(`/api/v1/orgs/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.slug).toBe(slug);
    const log = await t.operator.get(`/api/v1/orgs/${created.body.id}/audit-log`);
    expect(log.body.items.map((e: { action: string }) => e.action)).toContain('org.created');
  });

  it('refuses a taken slug with a conflict and creates nothing', async () => {
    const org = await createOrg(t);
    const again = await t.operator.post('/api/v1/orgs', { name: 'Other', slug: org.slug, kind: 'paid', seats: 1 });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toMatchObject({ code: 'conflict', status: 409 });
    expect(again.body.detail).toContain(org.slug);
  });

  it('rejects bad input with problem+json naming the field', async () => {
    const bad = await t.operator.post('/api/v1/orgs', { name: 'X', slug: 'Not A Slug', kind: 'paid', seats: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors[0].field).toBe('/slug');
    const malformed = await t.operator.request('POST', '/api/v1/orgs', '{"name":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_request');
    const negative = await t.operator.post('/api/v1/orgs', { name: 'X', slug: uniqueSlug(), kind: 'paid', seats: -1 });
    expect(negative.status).toBe(400);
    const extra = await t.operator.post('/api/v1/orgs', { name: 'X', slug: uniqueSlug(), kind: 'gold', seats: 1 });
    expect(extra.status).toBe(400);
  });

  it('refuses anyone but the operator', async () => {
    const anonymous = await t.anonymous().post('/api/v1/orgs', { name: 'X', slug: uniqueSlug(), kind: 'paid', seats: 1 });
    expect(anonymous.status).toBe(403);
    const wrongToken = await t
      .anonymous()
      .request('POST', '/api/v1/orgs', { name: 'X', slug: uniqueSlug(), kind: 'paid', seats: 1 }, { authorization: 'Bearer nope' });
    expect(wrongToken.status).toBe(401);
    expect(wrongToken.body.code).toBe('unauthenticated');
  });

  it('changes settings and plan, logs both, and never lets seats drop below use', async () => {
    const org = await createOrg(t, { seats: 3 });
    const changed = await t.operator.patch(`/api/v1/orgs/${org.id}`, { invitationExpiryDays: null, emailNote: 'Welcome!', seats: 7 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ invitationExpiryDays: null, emailNote: 'Welcome!', seats: 7 });
    const log = await t.operator.get(`/api/v1/orgs/${org.id}/audit-log`);
    const actions = log.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['org.settings_changed', 'org.plan_changed']));
    const empty = await t.operator.patch(`/api/v1/orgs/${org.id}`, {});
    expect(empty.status).toBe(400);
  });

  it('answers 404 for an unknown organization and 400 for a malformed id', async () => {
    expect((await t.operator.get('/api/v1/orgs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.operator.get('/api/v1/orgs/not-a-uuid')).status).toBe(400);
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await t.anonymous().get('/healthz')).status).toBe(200);
    expect((await t.anonymous().get('/readyz')).body).toEqual({ status: 'ready' });
    const doc = await t.anonymous().get('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/v1/orgs']).toBeDefined();
  });
});
