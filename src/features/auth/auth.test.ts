import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkPath, tokenOf } from '../../../test/support/mail.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { emails, passwordTokens } from '../../db/schema.js';
import { hashToken } from '../../lib/tokens.js';

const PASSWORD = 'correct horse battery';
const WRONG = 'incorrect horse battery';
const INVALID = 'The email/username or password is wrong.';

// Every request comes from its own address unless a test says otherwise, so the per-IP
// limits of one test never spill into another.
let ipCount = 0;
const freshIp = (): string => {
  ipCount += 1;
  return `10.1.${Math.floor(ipCount / 250)}.${(ipCount % 250) + 1}`;
};

describe('authentication', () => {
  let t: TestRoster;
  let org: { id: string; slug: string; name: string };

  beforeAll(async () => {
    t = await startTestRoster({ ROSTER_TRUST_PROXY: 'true' });
    org = await createOrg(t, { name: 'Acme Learning' });
  });
  afterAll(() => t.close());

  async function setUpPerson(fields: Record<string, unknown>): Promise<{ id: string; accountId: string }> {
    const response = await t.operator.post(`/api/v1/orgs/${org.id}/users`, { firstName: 'Test', lastName: 'Person', ...fields });
    if (response.status !== 201) throw new Error(`set-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.member;
  }

  async function login(loginName: string, password: string, ip = freshIp(), client: Client = t.anonymous()) {
    const response = await client.request('POST', '/api/v1/auth/login', { login: loginName, password }, { 'x-forwarded-for': ip });
    return { client, response };
  }

  async function resetRequest(email: string, ip = freshIp()) {
    return t.anonymous().request('POST', '/api/v1/auth/password-reset', { email }, { 'x-forwarded-for': ip });
  }

  async function resetEmailsTo(address: string) {
    return t.database.db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, address), eq(emails.kind, 'password-reset')));
  }

  it('signs in by email, sets a safe session cookie and describes the session', async () => {
    const member = await setUpPerson({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      password: PASSWORD,
      role: 'admin',
    });
    const { client, response } = await login('  ADA@Example.com ', PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      authenticated: true,
      operator: false,
      account: { id: member.accountId, email: 'ada@example.com', username: null, firstName: 'Ada', lastName: 'Lovelace' },
      memberships: [{ orgId: org.id, orgName: 'Acme Learning', orgSlug: org.slug, role: 'admin' }],
    });
    expect(response.body.csrfToken).toEqual(expect.any(String));
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^roster_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Expires=/);
    expect(cookie).not.toMatch(/Secure/i);

    const session = await client.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toEqual(response.body);
    // The cookie (and its CSRF token) work on the rest of the API.
    expect((await client.get(`/api/v1/orgs/${org.id}`)).body.myRole).toBe('admin');
    const renamed = await client.patch(`/api/v1/orgs/${org.id}`, { emailSenderName: 'Acme Academy' });
    expect(renamed.status).toBe(200);
  });

  it('describes anonymous and operator sessions', async () => {
    const anonymous = await t.anonymous().get('/api/v1/auth/session');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ authenticated: false });
    const operator = await t.operator.get('/api/v1/auth/session');
    expect(operator.body).toEqual({ authenticated: true, operator: true });
  });

  it('gives one answer to a wrong password, an unknown account and an account without a password yet', async () => {
    await setUpPerson({ email: 'ben@example.com', password: PASSWORD });
    await setUpPerson({ email: 'pending@example.com' }); // set-up link not used yet: no password
    const answers = await Promise.all([
      login('ben@example.com', WRONG),
      login('nobody@example.com', PASSWORD),
      login('nobody', PASSWORD),
      login('pending@example.com', PASSWORD),
    ]);
    for (const { response } of answers) {
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'invalid_credentials', detail: INVALID });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const bad = await t.anonymous().post('/api/v1/auth/login', { login: '', password: PASSWORD });
    expect(bad.status).toBe(400);
  });

  it('locks an account after 10 failed attempts, answers with Retry-After, and a success resets the count', async () => {
    await setUpPerson({ email: 'cleo@example.com', password: PASSWORD });
    for (let i = 0; i < 9; i++) expect((await login('cleo@example.com', WRONG)).response.status).toBe(401);
    expect((await login('cleo@example.com', PASSWORD)).response.status).toBe(200);
    // The success forgot the 9 failures: 10 more are allowed.
    for (let i = 0; i < 10; i++) expect((await login('CLEO@example.com', WRONG)).response.status).toBe(401);
    const locked = (await login('cleo@example.com', PASSWORD)).response;
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('rate_limited');
    const wait = Number(locked.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(300);
    expect(locked.headers['set-cookie']).toBeUndefined();
  });

  it('limits sign-in attempts per IP address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 30; i++) expect((await login(`guess-${i}@example.com`, WRONG, ip)).response.status).toBe(401);
    const blocked = (await login('guess-last@example.com', WRONG, ip)).response;
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('ada@example.com', PASSWORD)).response.status).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const signedIn = await t.roster.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'ada@example.com', password: PASSWORD },
      headers: { 'x-forwarded-for': freshIp() },
    });
    expect(signedIn.statusCode).toBe(200);
    const sessionCookie = signedIn.cookies.find((c) => c.name === 'roster_session')?.value ?? '';
    const csrfToken = signedIn.json().csrfToken as string;
    const cookie = `roster_session=${sessionCookie}`;

    const without = await t.roster.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const wrong = await t.roster.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.statusCode).toBe(403);
    const write = await t.roster.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${org.id}`,
      headers: { cookie, 'content-type': 'application/json' },
      payload: { emailNote: 'forged' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('csrf_failed');
    // Reads need no token.
    expect((await t.roster.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } })).json().authenticated).toBe(
      true,
    );

    const out = await t.roster.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    // The session is gone on the server, not only in the browser.
    const after = await t.roster.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    expect(after.json()).toEqual({ authenticated: false });
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const { client } = await login('ada@example.com', PASSWORD);
    expect((await client.get('/api/v1/auth/session')).body.authenticated).toBe(true);
    const out = await client.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^roster_session=;/);
    expect((await client.get('/api/v1/auth/session')).body).toEqual({ authenticated: false });
    expect((await client.get(`/api/v1/orgs/${org.id}`)).status).toBe(401);
    // Signing out without a session is not an error.
    expect((await t.anonymous().post('/api/v1/auth/logout')).status).toBe(204);
  });

  it('answers a reset request for an unknown address exactly like a known one, and sends nothing', async () => {
    const unknown = await resetRequest('stranger@example.com');
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ status: 'sent-if-known' });
    expect(await resetEmailsTo('stranger@example.com')).toHaveLength(0);
    const known = await resetRequest('ben@example.com');
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(await resetEmailsTo('ben@example.com')).toHaveLength(1);
    const malformed = await resetRequest('not-an-address');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('/email');
  });

  it('resets a password end to end with a link that works once', async () => {
    await setUpPerson({ firstName: 'Dora', email: 'dora@example.com', password: PASSWORD });
    const { client: oldBrowser } = await login('dora@example.com', PASSWORD);

    expect((await resetRequest('Dora@Example.com')).status).toBe(202);
    await t.drain();
    const [mail] = await resetEmailsTo('dora@example.com');
    expect(mail).toMatchObject({ status: 'sent', orgId: null, subject: 'Reset your Roster password' });
    const path = linkPath(mail?.text, '/reset-password/');
    expect(mail?.html).toContain(path);
    const token = tokenOf(path);

    const peek = await t.anonymous().get(`/api/v1/auth/password-tokens/${token}`);
    expect(peek.status).toBe(200);
    expect(peek.body).toEqual({ purpose: 'reset', email: 'dora@example.com', username: null, firstName: 'Dora' });

    const browser = t.anonymous();
    const weak = await browser.post('/api/v1/auth/password', { token, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'validation_failed', errors: [{ field: '/password' }] });
    const own = await browser.post('/api/v1/auth/password', { token, password: 'DORA@example.com' });
    expect(own.status).toBe(400);

    // A refused password did not use the link up.
    const NEW = 'a brand new passphrase';
    const chosen = await browser.post('/api/v1/auth/password', { token, password: NEW });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ authenticated: true, account: { email: 'dora@example.com' } });
    expect(String(chosen.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect((await browser.get('/api/v1/auth/session')).body.account.email).toBe('dora@example.com');
    // Every other session of the account ended.
    expect((await oldBrowser.get('/api/v1/auth/session')).body).toEqual({ authenticated: false });

    expect((await login('dora@example.com', PASSWORD)).response.status).toBe(401);
    expect((await login('dora@example.com', NEW)).response.status).toBe(200);

    const again = await t.anonymous().post('/api/v1/auth/password', { token, password: 'yet another passphrase' });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({
      code: 'token_invalid',
      detail: 'This link has already been used or has expired. Ask for a new one.',
    });
    expect((await t.anonymous().get(`/api/v1/auth/password-tokens/${token}`)).status).toBe(410);
  });

  it('ends every other link of the account once a password is chosen', async () => {
    await setUpPerson({ email: 'eve@example.com', password: PASSWORD });
    await resetRequest('eve@example.com');
    await resetRequest('eve@example.com');
    const tokens = (await resetEmailsTo('eve@example.com')).map((mail) => tokenOf(linkPath(mail.text, '/reset-password/')));
    expect(tokens).toHaveLength(2);
    expect((await t.anonymous().post('/api/v1/auth/password', { token: tokens[0], password: 'first new passphrase' })).status).toBe(200);
    expect((await t.anonymous().post('/api/v1/auth/password', { token: tokens[1], password: 'second new passphrase' })).status).toBe(410);
  });

  it('refuses unknown, malformed and expired links', async () => {
    const unknown = 'A'.repeat(43);
    expect((await t.anonymous().get(`/api/v1/auth/password-tokens/${unknown}`)).body.code).toBe('token_invalid');
    expect((await t.anonymous().post('/api/v1/auth/password', { token: unknown, password: PASSWORD })).status).toBe(410);
    expect((await t.anonymous().post('/api/v1/auth/password', { token: 'short', password: PASSWORD })).status).toBe(410);

    await setUpPerson({ email: 'fay@example.com', password: PASSWORD });
    await resetRequest('fay@example.com');
    const [mail] = await resetEmailsTo('fay@example.com');
    const token = tokenOf(linkPath(mail?.text, '/reset-password/'));
    await t.database.db
      .update(passwordTokens)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(passwordTokens.tokenHash, hashToken(token)));
    expect((await t.anonymous().get(`/api/v1/auth/password-tokens/${token}`)).status).toBe(410);
    expect((await t.anonymous().post('/api/v1/auth/password', { token, password: 'a brand new passphrase' })).status).toBe(410);
    expect((await login('fay@example.com', PASSWORD)).response.status).toBe(200);
  });

  it('limits reset requests per IP address and per address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) expect((await resetRequest(`someone-${i}@example.com`, ip)).status).toBe(202);
    const blocked = await resetRequest('someone-else@example.com', ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    for (let i = 0; i < 5; i++) expect((await resetRequest('flooded@example.com')).status).toBe(202);
    expect((await resetRequest('Flooded@example.com')).status).toBe(429);
  });

  it('publishes the password rules', async () => {
    const rules = await t.anonymous().get('/api/v1/auth/password-rules');
    expect(rules.status).toBe(200);
    expect(rules.body).toEqual({ minLength: 10, maxLength: 200, rules: expect.stringContaining('10 characters') });
  });

  it('marks the cookie Secure when Roster is served over HTTPS', async () => {
    const secure = await startTestRoster({ PUBLIC_URL: 'https://roster.example' });
    try {
      const other = await createOrg(secure);
      const setUp = await secure.operator.post(`/api/v1/orgs/${other.id}/users`, {
        firstName: 'Sam',
        lastName: 'Secure',
        username: 'sam',
        password: PASSWORD,
      });
      expect(setUp.status).toBe(201);
      const response = await secure.anonymous().post('/api/v1/auth/login', { login: 'SAM', password: PASSWORD });
      expect(response.status).toBe(200);
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/i);
    } finally {
      await secure.close();
    }
  });
});
