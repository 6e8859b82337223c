import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { writeEvents } from '../../src/features/audit/raise-events.js';
import { hashToken } from '../../src/lib/tokens.js';
import { createRoster, type Roster } from '../../src/roster.js';
import { type BenchClient, expectStatus } from '../client.js';
import { type Context, createPaidOrg } from '../fixtures.js';
import { now, runPool, type Summary, summarize } from '../measure.js';

export interface WebhookFigures {
  /** Events sent to one endpoint, one after another (per-endpoint order), queued all at once. */
  readonly burst: Summary;
  readonly burstEvents: number;
  /** The same events to several endpoints at once (one receiver): endpoints are sent to side by side. */
  readonly fanOut: Summary;
  readonly fanOutEndpoints: number;
  /** From the start of the request that made the change to the event's arrival at the receiver. */
  readonly commitToDelivery: Summary;
  /** The same requests' own duration, for comparison. */
  readonly requestOnly: Summary;
  readonly withKey: Summary;
  readonly withSession: Summary;
}

/** A receiver on 127.0.0.1 answering 204, noting when each event id arrived. */
interface BenchReceiver {
  readonly server: Server;
  readonly url: string;
  readonly arrivals: Map<string, number>;
  /** Until this many distinct events arrived. */
  waitFor(n: number): Promise<void>;
  /** Until this many requests arrived. */
  waitRequests(n: number): Promise<void>;
}

async function startReceiver(): Promise<BenchReceiver> {
  const arrivals = new Map<string, number>();
  let requests = 0;
  let waiting: { n: number; resolve: () => void } | null = null;
  let waitingRequests: { n: number; resolve: () => void } | null = null;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.set(String(req.headers['webhook-id']), now());
      requests += 1;
      res.writeHead(204).end();
      if (waiting && arrivals.size >= waiting.n) waiting.resolve();
      if (waitingRequests && requests >= waitingRequests.n) waitingRequests.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const waitFor = (n: number): Promise<void> =>
    arrivals.size >= n
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiting = { n, resolve };
        });
  const waitRequests = (n: number) =>
    requests >= n
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waitingRequests = { n, resolve };
        });
  return { server, url, arrivals, waitFor, waitRequests };
}

/** An active admin of the organization with a session, written straight into the database. */
async function adminSession(database: Database, orgId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await database.db.execute(sql`
    with a as (insert into accounts (email, first_name, last_name) values (${`bench-admin-${randomBytes(4).toString('hex')}@bench.local`}, 'Bench', 'Admin') returning id),
    m as (insert into memberships (org_id, account_id, email, role, status, activated_at)
          select ${orgId}::uuid, a.id, 'admin@bench.local', 'admin', 'active', now() from a returning account_id)
    insert into sessions (account_id, token_hash, expires_at) select account_id, ${hashToken(token)}, now() + interval '1 day' from m`);
  return token;
}

/**
 * Webhooks (R-39): deliveries per second to a local receiver, the time from a change to its
 * delivery, and requests per second with an API key against the same with a session.
 */
export async function measureWebhooks(
  roster: Roster,
  database: Database,
  config: Config,
  context: Context,
  sizes: { events: number; latencyEvents: number; requests: number },
  progress: (message: string) => void,
): Promise<WebhookFigures> {
  const client: BenchClient = context.client;
  const orgId = await createPaidOrg(context, 'webhooks');
  const receiver = await startReceiver();
  const created = await client.request(
    'POST',
    `/api/v1/orgs/${orgId}/webhooks`,
    { url: receiver.url, eventTypes: ['team.created', 'member.removed'] },
    { bearer: context.operatorToken },
  );
  expectStatus(created, 201, 'create webhook endpoint');
  const endpointId = (created.body as { id: string }).id;
  try {
    progress(`webhooks: ${sizes.events.toLocaleString('en-US')} events to one endpoint`);
    for (let start = 0; start < sizes.events; start += 1000) {
      const count = Math.min(1000, sizes.events - start);
      await database.db.transaction(async (tx) => {
        await writeEvents(
          tx as never,
          orgId,
          Array.from({ length: count }, (_, i) => ({ type: 'member.removed', data: { n: start + i, email: `p${start + i}@bench.local` } })),
          () => [endpointId],
        );
      });
    }
    const burstStart = now();
    await roster.webhookWorker.drain();
    await receiver.waitFor(sizes.events);
    const burstMs = now() - burstStart;
    const burst = summarize(
      Array.from({ length: sizes.events }, () => burstMs / sizes.events),
      burstMs,
    );

    const fanOutEndpoints = 8;
    progress(`webhooks: ${sizes.events.toLocaleString('en-US')} events to each of ${fanOutEndpoints} endpoints`);
    const fanOrg = await createPaidOrg(context, 'webhooks-fan-out');
    const endpointIds: string[] = [];
    for (let i = 0; i < fanOutEndpoints; i += 1) {
      const made = await client.request(
        'POST',
        `/api/v1/orgs/${fanOrg}/webhooks`,
        { url: `${receiver.url}?endpoint=${i}`, eventTypes: ['member.removed'] },
        { bearer: context.operatorToken },
      );
      expectStatus(made, 201, 'create webhook endpoint');
      endpointIds.push((made.body as { id: string }).id);
    }
    const fanBefore = receiver.arrivals.size;
    for (let start = 0; start < sizes.events; start += 1000) {
      const count = Math.min(1000, sizes.events - start);
      await database.db.transaction(async (tx) => {
        await writeEvents(
          tx as never,
          fanOrg,
          Array.from({ length: count }, (_, i) => ({ type: 'member.removed', data: { n: start + i } })),
          () => endpointIds,
        );
      });
    }
    const fanStart = now();
    await roster.webhookWorker.drain();
    // Each endpoint receives the same event ids: count requests, not ids.
    await receiver.waitRequests(fanBefore + sizes.events * fanOutEndpoints);
    const fanMs = now() - fanStart;
    const fanOut = summarize(
      Array.from({ length: sizes.events * fanOutEndpoints }, () => fanMs / (sizes.events * fanOutEndpoints)),
      fanMs,
    );

    progress(`webhooks: ${sizes.latencyEvents} changes one at a time, commit to delivery`);
    // A second instance on the same database with its workers running, as in production:
    // the commit wakes its webhook worker.
    const live = await createRoster({ config, database, operatorToken: context.operatorToken, runJobs: true });
    const latencies: number[] = [];
    const requestTimes: number[] = [];
    const errors: string[] = [];
    try {
      for (let i = 0; i < sizes.latencyEvents; i += 1) {
        const before = receiver.arrivals.size;
        const started = now();
        const response = await live.app.inject({
          method: 'POST',
          url: `/api/v1/orgs/${orgId}/teams`,
          headers: { authorization: `Bearer ${context.operatorToken}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ name: `Latency ${i}`, visibility: 'public' }),
        });
        requestTimes.push(now() - started);
        if (response.statusCode !== 201) {
          errors.push(`HTTP ${response.statusCode}`);
          continue;
        }
        await receiver.waitFor(before + 1);
        latencies.push(now() - started);
      }
    } finally {
      await live.close();
    }
    const commitToDelivery = summarize(
      latencies,
      latencies.reduce((a, b) => a + b, 0),
      errors,
    );
    const requestOnly = summarize(
      requestTimes,
      requestTimes.reduce((a, b) => a + b, 0),
    );

    progress(`api keys: ${sizes.requests} requests with a key, then with a session`);
    const key = await client.request(
      'POST',
      `/api/v1/orgs/${orgId}/api-keys`,
      { name: 'Bench', role: 'admin' },
      { bearer: context.operatorToken },
    );
    expectStatus(key, 201, 'create api key');
    const secret = (key.body as { secret: string }).secret;
    const session = await adminSession(database, orgId);
    const path = `/api/v1/orgs/${orgId}/teams`;
    const call = (options: { bearer?: string; session?: string }) => async () => {
      expectStatus(await client.request('GET', path, undefined, options), 200, 'list teams');
    };
    await runPool(20, context.concurrency, call({ bearer: secret }));
    await runPool(20, context.concurrency, call({ session }));
    const withKey = await runPool(sizes.requests, context.concurrency, call({ bearer: secret }));
    const withSession = await runPool(sizes.requests, context.concurrency, call({ session }));
    return { burst, burstEvents: sizes.events, fanOut, fanOutEndpoints, commitToDelivery, requestOnly, withKey, withSession };
  } finally {
    receiver.server.closeAllConnections();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  }
}
