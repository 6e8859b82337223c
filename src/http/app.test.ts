import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, startTestRoster, type TestRoster } from '../../test/support/roster.js';
import { redactUrl } from './app.js';

describe('HTTP edge cases', () => {
  let t: TestRoster;
  beforeAll(async () => {
    t = await startTestRoster();
  });
  afterAll(() => t.close());

  it('refuses an oversized body with 413 problem+json and changes nothing', async () => {
    const org = await createOrg(t);
    const huge = 'a'.repeat(1024 * 1024 + 10);
    const response = await t.operator.request('POST', `/api/v1/orgs/${org.id}/invitations`, JSON.stringify({ emails: huge }), {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
    expect((await t.operator.get(`/api/v1/orgs/${org.id}/invitations`)).body.items).toHaveLength(0);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const org = await createOrg(t);
    const response = await t.operator.request('POST', `/api/v1/orgs/${org.id}/invitations`, 'emails=a@b.c', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
  });

  it('answers unknown API paths with a problem, never the web app', async () => {
    const response = await t.anonymous().get('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('sends the security headers on answers and refusals alike', async () => {
    for (const response of [await t.anonymous().get('/api/v1/nothing-here'), await t.operator.get('/api/v1/orgs')]) {
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("frame-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toContain('max-age=');
    }
  });

  it('masks tokens in URLs written to logs', () => {
    const token = 'A'.repeat(43);
    expect(redactUrl(`/api/v1/invitations/${token}/accept`)).toBe('/api/v1/invitations/[token]/accept');
    expect(redactUrl(`/invite/${token}?x=1`)).toBe('/invite/[token]?x=1');
    expect(redactUrl('/api/v1/orgs/0d6c1a8e-9a3b-4c1e-8f55-2f2a6c3f4b1d')).toBe('/api/v1/orgs/0d6c1a8e-9a3b-4c1e-8f55-2f2a6c3f4b1d');
  });

  it('limits acceptance attempts per address', async () => {
    const visitor = t.anonymous();
    let last = 0;
    for (let i = 0; i < 31; i++) {
      last = (await visitor.post(`/api/v1/invitations/${'B'.repeat(43)}/accept`, { acceptTerms: true })).status;
    }
    expect(last).toBe(429);
    const limited = await visitor.post(`/api/v1/invitations/${'B'.repeat(43)}/accept`, { acceptTerms: true });
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
