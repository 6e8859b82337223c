import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailsTo } from '../../../test/support/mail.js';
import { member } from '../../../test/support/people.js';
import { type Client, createOrg, startTestRoster, type TestRoster } from '../../../test/support/roster.js';
import { queryRows } from '../../db/sql.js';
import { expireInvitations } from '../invitations/expire-invitations.js';
import { createSender } from './send-webhook.js';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A webhook receiver on 127.0.0.1 that records what it gets and answers as told. */
class Receiver {
  readonly received: Received[] = [];
  answer: (res: ServerResponse) => void = (res) => res.writeHead(204).end();
  private server: Server | null = null;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.answer(res);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  types(): string[] {
    return this.received.map((r) => JSON.parse(r.body).type);
  }
}

describe('webhooks (R-16, R-39)', () => {
  let t: TestRoster;
  let org: { id: string };
  let admin: Client;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  const base = () => `/api/v1/orgs/${org.id}/webhooks`;
  const addEndpoint = async (url: string, eventTypes: string[] = ['invitation.created', 'team.created']) => {
    const created = await admin.post(base(), { url, eventTypes });
    if (created.status !== 201) throw new Error(`endpoint: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body as { id: string; secret: string };
  };
  /** Lets the paused endpoints try again now, instead of after their pause. */
  const endPauses = async () => {
    await t.database.db.execute(sql`update webhook_endpoints set next_attempt_at = now() where next_attempt_at is not null`);
    await t.database.db.execute(sql`update jobs set run_at = now() where kind = 'webhook-deliver' and status = 'queued'`);
  };
  const deliveries = async (endpointId: string) => (await admin.get(`${base()}/${endpointId}/deliveries`)).body.items;

  beforeAll(async () => {
    t = await startTestRoster({ ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true', ROSTER_WEBHOOK_TIMEOUT_SECONDS: '1' });
    org = await createOrg(t, { name: 'Hooks Ltd' });
    admin = (await member(t, org.id, 'admin@hooks.test', 'admin')).client;
  });
  beforeEach(async () => {
    // Each test watches its own endpoints.
    await t.database.db.execute(sql`delete from webhook_endpoints`);
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await t.close();
  });

  it('signs each event as Standard Webhooks says, verified by its library, with only the types subscribed', async () => {
    const r = await receiver();
    const endpoint = await addEndpoint(r.url);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await admin.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'ann@hooks.test' });
    await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Signed team', visibility: 'public' });
    await admin.patch(`/api/v1/orgs/${org.id}`, { name: 'Hooks Ltd (renamed)' });
    await t.drainWebhooks();
    expect(r.types()).toEqual(['invitation.created', 'team.created']);
    const verifier = new Webhook(endpoint.secret);
    for (const { headers, body } of r.received) {
      const verified = verifier.verify(body, headers as Record<string, string>) as { type: string; id: string };
      expect(verified.id).toBe(headers['webhook-id']);
    }
    const event = JSON.parse(r.received[0]?.body ?? '{}');
    expect(Object.keys(event).sort()).toEqual(['data', 'id', 'timestamp', 'type']);
    expect(event.data).toMatchObject({ object: 'invitation', email: 'ann@hooks.test', actor: 'admin@hooks.test' });
    // A body changed on the way is refused by the receiver's library.
    const first = r.received[0];
    expect(() => verifier.verify(`${first?.body} `, first?.headers as Record<string, string>)).toThrow();
    const log = await deliveries(endpoint.id);
    expect(log.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
    expect(log[0].lastAttempts[0]).toMatchObject({ statusCode: 204, error: null });
  });

  it('raises invitation.expired from the expiry sweep, and the invitation, member and license events of a person', async () => {
    const r = await receiver();
    await addEndpoint(r.url, ['invitation.expired', 'invitation.accepted', 'member.joined', 'member.activated', 'member.removed']);
    await admin.post(`/api/v1/orgs/${org.id}/invitations`, { emails: 'late@hooks.test' });
    await t.database.db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where email = 'late@hooks.test'`);
    expect(await expireInvitations(t.database.db)).toBe(1);
    const joined = await member(t, org.id, 'joiner@hooks.test');
    expect((await admin.delete(`/api/v1/orgs/${org.id}/members/${joined.membershipId}`)).status).toBeLessThan(300);
    await t.drainWebhooks();
    expect(r.types()).toEqual(['invitation.expired', 'invitation.accepted', 'member.joined', 'member.activated', 'member.removed']);
    const [expired, , join] = r.received.map((x) => JSON.parse(x.body));
    expect(expired.data).toMatchObject({ email: 'late@hooks.test', actor: 'system' });
    expect(join.data).toMatchObject({ wayIn: 'invitation', memberId: joined.membershipId, email: 'joiner@hooks.test' });
  });

  it('keeps events for a receiver that is down, then sends them all, in order, once it is back', async () => {
    const r = await receiver();
    const port = r.port;
    const endpoint = await addEndpoint(r.url, ['team.created']);
    await r.stop();
    for (const name of ['First', 'Second', 'Third']) await admin.post(`/api/v1/orgs/${org.id}/teams`, { name, visibility: 'public' });
    await t.drainWebhooks();
    let log = await deliveries(endpoint.id);
    expect(log.map((d: { status: string }) => d.status)).toEqual(['pending', 'pending', 'pending']);
    // Only the oldest was tried: later events never overtake it.
    expect(log.map((d: { attempts: number }) => d.attempts)).toEqual([0, 0, 1]);
    expect(log[2].lastAttempts[0]).toMatchObject({ statusCode: null, error: 'Connection refused.' });
    const paused = (await admin.get(`${base()}/${endpoint.id}`)).body;
    expect(paused.failingSince).not.toBeNull();
    expect(Date.parse(paused.nextAttemptAt)).toBeGreaterThan(Date.now());
    await endPauses();
    await t.drainWebhooks();
    expect((await deliveries(endpoint.id))[2].attempts).toBe(2);

    await r.start(port);
    await endPauses();
    await t.drainWebhooks();
    expect(r.received.map((x) => JSON.parse(x.body).data.name)).toEqual(['First', 'Second', 'Third']);
    log = await deliveries(endpoint.id);
    expect(log.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(log[2].lastAttempts.map((a: { error: string | null }) => a.error)).toEqual([null, 'Connection refused.', 'Connection refused.']);
    expect((await admin.get(`${base()}/${endpoint.id}`)).body).toMatchObject({ failingSince: null, nextAttemptAt: null, pending: 0 });
  });

  it('gives up on a receiver that answers too slowly, and delivers once it is quick again', async () => {
    const r = await receiver();
    const endpoint = await addEndpoint(r.url, ['team.created']);
    r.answer = (res) => {
      setTimeout(() => res.writeHead(200).end('late'), 1500);
    };
    await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Slow team', visibility: 'public' });
    await t.drainWebhooks();
    const [slow] = await deliveries(endpoint.id);
    expect(slow.status).toBe('pending');
    expect(slow.lastAttempts[0].error).toBe('No complete answer within 1 seconds.');
    expect(slow.lastAttempts[0].durationMs).toBeGreaterThanOrEqual(900);
    r.answer = (res) => res.writeHead(200).end('{"ok":true}');
    await endPauses();
    await t.drainWebhooks();
    const [done] = await deliveries(endpoint.id);
    expect(done.status).toBe('delivered');
    expect(done.lastAttempts[0]).toMatchObject({ statusCode: 200, responseExcerpt: '{"ok":true}' });
  });

  it('follows no redirect: a 3xx is a failure and the other address gets nothing', async () => {
    const elsewhere = await receiver();
    const r = await receiver();
    r.answer = (res) => res.writeHead(302, { location: elsewhere.url }).end();
    const endpoint = await addEndpoint(r.url, ['team.created']);
    await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Redirected', visibility: 'public' });
    await t.drainWebhooks();
    expect(r.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
    const [attempt] = (await deliveries(endpoint.id))[0].lastAttempts;
    expect(attempt).toMatchObject({ statusCode: 302, error: `Answered 302 (a redirect to ${elsewhere.url}): redirects are not followed.` });
  });

  it('rotates the secret: for a day, each request is signed by both, so either verifies', async () => {
    const r = await receiver();
    const endpoint = await addEndpoint(r.url, ['team.created']);
    const rotated = await admin.post(`${base()}/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previousSecretValidUntil)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Rotated', visibility: 'public' });
    await t.drainWebhooks();
    const [request] = r.received;
    expect(String(request?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [endpoint.secret, rotated.body.secret]) {
      expect(() => new Webhook(secret).verify(request?.body ?? '', request?.headers as Record<string, string>)).not.toThrow();
    }
    const listed = JSON.stringify((await admin.get(base())).body);
    expect(listed).not.toContain(rotated.body.secret);
    expect(listed).not.toContain(endpoint.secret);
  });

  it('sends a test event, and redelivers one event by hand with the same id', async () => {
    const r = await receiver();
    const endpoint = await addEndpoint(r.url, ['member.removed']);
    const test = await admin.post(`${base()}/${endpoint.id}/test`);
    expect(test.status).toBe(202);
    await t.drainWebhooks();
    expect(r.types()).toEqual(['webhook.test']);
    const [delivery] = await deliveries(endpoint.id);
    const again = await admin.post(`${base()}/${endpoint.id}/deliveries/${delivery.id}/redeliver`);
    expect(again.status).toBe(202);
    await t.drainWebhooks();
    expect(r.received.map((x) => x.headers['webhook-id'])).toEqual([test.body.eventId, test.body.eventId]);
    expect((await admin.post(`${base()}/${endpoint.id}/deliveries/999999/redeliver`)).status).toBe(404);
  });

  it('gives a delivery up after a day of tries, and disables an endpoint failing for days, emailing the admins', async () => {
    const r = await receiver();
    const endpoint = await addEndpoint(r.url, ['team.created']);
    r.answer = (res) => res.writeHead(500).end('broken');
    await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Old news', visibility: 'public' });
    await t.database.db.execute(
      sql`update webhook_deliveries set created_at = now() - interval '25 hours' where endpoint_id = ${endpoint.id}`,
    );
    await t.drainWebhooks();
    const [given] = await deliveries(endpoint.id);
    expect(given).toMatchObject({ status: 'failed', attempts: 1 });
    expect(given.lastAttempts[0]).toMatchObject({ statusCode: 500, error: 'Answered 500.', responseExcerpt: 'broken' });

    await admin.post(`/api/v1/orgs/${org.id}/teams`, { name: 'Still failing', visibility: 'public' });
    await t.database.db.execute(sql`update webhook_endpoints set failing_since = now() - interval '73 hours' where id = ${endpoint.id}`);
    await endPauses();
    await t.drainWebhooks();
    const disabled = (await admin.get(`${base()}/${endpoint.id}`)).body;
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'Every delivery failed for three days.' });
    const [mail] = await emailsTo(t, 'admin@hooks.test', 'webhook-disabled');
    expect(mail?.subject).toBe('A webhook endpoint of Hooks Ltd (renamed) was disabled');
    expect(mail?.text).toContain(r.url);
    const refused = await admin.post(`${base()}/${endpoint.id}/test`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('This endpoint is disabled: enable it first, then send a test event.');
    // Enabled again, it sends what waited.
    r.answer = (res) => res.writeHead(204).end();
    expect((await admin.patch(`${base()}/${endpoint.id}`, { enabled: true })).body.status).toBe('active');
    await t.drainWebhooks();
    expect(r.received.at(-1)?.body).toContain('Still failing');
  });

  it('refuses what it must: other roles, another organization, bad URLs and event types', async () => {
    const manager = await member(t, org.id, 'manager@hooks.test', 'manager');
    const refused = await manager.client.post(base(), { url: 'https://hooks.example.com/x', eventTypes: ['team.created'] });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('Your role does not allow you to add webhook endpoints.');
    const other = await createOrg(t, { name: 'Elsewhere' });
    expect((await admin.get(`/api/v1/orgs/${other.id}/webhooks`)).status).toBe(404);
    const endpoint = await addEndpoint('https://hooks.example.com/x');
    expect((await t.operator.get(`/api/v1/orgs/${other.id}/webhooks/${endpoint.id}`)).status).toBe(404);
    const unknownType = await admin.post(base(), { url: 'https://hooks.example.com/x', eventTypes: ['member.sneezed'] });
    expect(unknownType.status).toBe(400);
    const plain = await admin.post(base(), { url: 'http://hooks.example.com/x', eventTypes: ['team.created'] });
    expect(plain.body.detail).toBe('Plain http is allowed only to this machine (localhost, 127.0.0.1, [::1]); use https.');
    const credentials = await admin.post(base(), { url: 'https://user:pw@hooks.example.com/x', eventTypes: ['team.created'] });
    expect(credentials.body.detail).toBe('The URL must not carry a user name or password: use the signing secret to trust Roster.');
    const [count] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from webhook_endpoints`);
    expect(count?.n).toBe(1);
  });
});

describe('webhook destinations (SSRF)', () => {
  let t: TestRoster;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestRoster();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  it('refuses private, loopback and link-local addresses, and plain http, when the operator has not allowed them', async () => {
    for (const [url, detail] of [
      ['https://127.0.0.1/hook', '127.0.0.1 is a private, loopback or link-local address: webhooks go to public addresses only.'],
      ['https://10.1.2.3/hook', '10.1.2.3 is a private, loopback or link-local address: webhooks go to public addresses only.'],
      ['https://192.168.0.10/hook', '192.168.0.10 is a private, loopback or link-local address: webhooks go to public addresses only.'],
      ['https://172.20.0.1/hook', '172.20.0.1 is a private, loopback or link-local address: webhooks go to public addresses only.'],
      [
        'https://169.254.169.254/latest',
        '169.254.169.254 is a private, loopback or link-local address: webhooks go to public addresses only.',
      ],
      ['https://[::1]/hook', '::1 is a private, loopback or link-local address: webhooks go to public addresses only.'],
      [
        'https://[::ffff:10.0.0.1]/hook',
        '::ffff:a00:1 is a private, loopback or link-local address: webhooks go to public addresses only.',
      ],
      ['https://2130706433/hook', '127.0.0.1 is a private, loopback or link-local address: webhooks go to public addresses only.'],
      ['https://localhost/hook', 'localhost is a private, loopback or link-local address: webhooks go to public addresses only.'],
      ['http://127.0.0.1:8080/hook', 'The URL must start with https://: webhooks carry personal data.'],
    ]) {
      const response = await t.operator.post(`/api/v1/orgs/${org.id}/webhooks`, { url, eventTypes: ['team.created'] });
      expect.soft(response.status, url).toBe(400);
      expect.soft(response.body.detail, url).toBe(detail);
    }
  });

  it('checks the addresses a name resolves to, right before connecting, and never connects to a private one', async () => {
    let connections = 0;
    const server = createServer((_req, res) => {
      connections += 1;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const sender = createSender({ allowPrivate: false, timeoutMs: 2000 });
    try {
      const byName = await sender.send(`https://localhost:${port}/hook`, '{}', {});
      expect(byName).toMatchObject({ ok: false, statusCode: null });
      expect(byName.error).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address: not sent\.$/);
      const literal = await sender.send(`http://127.0.0.1:${port}/hook`, '{}', {});
      expect(literal.error).toBe('127.0.0.1 is a private, loopback or link-local address: not sent.');
      const privateRange = await sender.send('https://10.20.30.40/hook', '{}', {});
      expect(privateRange.error).toBe('10.20.30.40 is a private, loopback or link-local address: not sent.');
      const mapped = await sender.send('https://[::ffff:192.168.1.1]/hook', '{}', {});
      expect(mapped.error).toBe('::ffff:c0a8:101 is a private, loopback or link-local address: not sent.');
      expect(connections).toBe(0);
      // The same server is reached once the operator allows private destinations.
      const allowed = createSender({ allowPrivate: true, timeoutMs: 2000 });
      expect((await allowed.send(`http://localhost:${port}/hook`, '{}', {})).ok).toBe(true);
      allowed.close();
      expect(connections).toBe(1);
    } finally {
      sender.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
