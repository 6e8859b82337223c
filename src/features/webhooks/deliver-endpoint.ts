import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray, queryRows, texts } from '../../db/sql.js';
import { enqueue } from '../../jobs/queue.js';
import { queueEmails } from '../../mail/queue-email.js';
import { endpointDisabledEmail } from './disabled-email.js';
import type { Sender, SendResult } from './send-webhook.js';
import { signedHeaders } from './signing.js';

/** Deliveries read and recorded per round trip to the database. */
const BATCH = 100;
/** How long an instance holds an endpoint without news before another may take it over. */
const LEASE_SECONDS = 120;
/** A delivery is retried for about a day, then given up. */
export const RETRY_WINDOW_HOURS = 24;
/** An endpoint failing for this long is disabled and its administrators are emailed. */
export const DISABLE_AFTER_HOURS = 72;

/** Growing pauses after each failure in a row: 5 s, 10 s, 20 s … capped at an hour (about 30 tries in a day). */
export function retryPauseSeconds(failures: number): number {
  return Math.min(5 * 2 ** Math.max(0, failures - 1), 3600);
}

export interface DeliverDeps {
  readonly db: Db;
  readonly sender: Sender;
  readonly publicUrl: string;
  /** Called after a transaction queued mail (the disabled-endpoint notice). */
  readonly mailQueued?: () => void;
}

interface LeasedEndpoint {
  id: string;
  org_id: string;
  url: string;
  secret: string;
  previous_secret: string | null;
}

interface Pending {
  id: string;
  event_id: string;
  body: string;
  too_old: boolean;
}

/**
 * The job of one endpoint: sends its pending deliveries one after another, in the order the
 * changes happened, until none is left or one fails. One instance at a time holds the
 * endpoint (a lease, not a transaction: nothing is held open while a receiver answers). A
 * failure pauses the whole endpoint, so later events never overtake an earlier one; the job
 * comes back when the pause is over.
 */
export async function deliverEndpoint(deps: DeliverDeps, endpointId: string): Promise<void> {
  for (;;) {
    const endpoint = await takeLease(deps.db, endpointId);
    // Paused, disabled, gone, or another instance is sending: it goes on until nothing is due.
    if (!endpoint) return;
    let failed = false;
    try {
      failed = await sendPending(deps, endpoint);
    } finally {
      await deps.db.execute(sql`update webhook_endpoints set lease_until = null where id = ${endpointId}`);
    }
    if (failed) return;
    // A delivery written while the lease was held may have found the endpoint busy: look again
    // after letting go, so nothing is left behind.
    const [due] = await queryRows<{ due: boolean }>(
      deps.db,
      sql`select exists (select 1 from webhook_deliveries where endpoint_id = ${endpointId} and status = 'pending') as due`,
    );
    if (!due?.due) return;
  }
}

async function takeLease(db: Db, endpointId: string): Promise<LeasedEndpoint | null> {
  const [row] = await queryRows<LeasedEndpoint>(
    db,
    sql`
    update webhook_endpoints set lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id = ${endpointId} and status = 'active'
      and (lease_until is null or lease_until < now())
      and (next_attempt_at is null or next_attempt_at <= now())
    returning id, org_id, url, secret, case when previous_secret_until > now() then previous_secret end as previous_secret`,
  );
  return row ?? null;
}

/** Sends batches until none is left (false) or a delivery fails (true). */
async function sendPending(deps: DeliverDeps, endpoint: LeasedEndpoint): Promise<boolean> {
  const secrets = endpoint.previous_secret ? [endpoint.secret, endpoint.previous_secret] : [endpoint.secret];
  for (;;) {
    const batch = await queryRows<Pending>(
      deps.db,
      sql`
      select d.id, d.event_id, e.payload::text as body,
             d.created_at < now() - make_interval(hours => ${RETRY_WINDOW_HOURS}) as too_old
      from webhook_deliveries d join webhook_events e on e.id = d.event_id
      where d.endpoint_id = ${endpoint.id} and d.status = 'pending'
      order by d.id
      limit ${BATCH}`,
    );
    if (batch.length === 0) return false;
    const results: { delivery: Pending; result: SendResult; at: Date }[] = [];
    for (const delivery of batch) {
      const at = new Date();
      const headers = signedHeaders({ id: delivery.event_id, timestamp: at, body: delivery.body, secrets });
      const result = await deps.sender.send(endpoint.url, delivery.body, headers);
      results.push({ delivery, result, at });
      if (!result.ok) break;
    }
    const failed = results.at(-1)?.result.ok === false;
    await record(deps, endpoint, results, failed);
    if (failed) return true;
    if (batch.length < BATCH) return false;
  }
}

/** Writes a batch's attempts and outcomes, and the endpoint's health, in one transaction. */
async function record(
  deps: DeliverDeps,
  endpoint: LeasedEndpoint,
  results: readonly { delivery: Pending; result: SendResult; at: Date }[],
  failed: boolean,
): Promise<void> {
  const delivered = results.filter((r) => r.result.ok);
  const failure = failed ? results.at(-1) : undefined;
  let disabled = false;
  await deps.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await tx.execute(sql`
      insert into webhook_attempts (delivery_id, at, status_code, error, response_excerpt, duration_ms)
      select u.delivery_id, u.at, u.status_code, u.error, u.excerpt, u.duration_ms
      from unnest(${pgArray(results.map((r) => r.delivery.id))}::bigint[], ${pgArray(results.map((r) => r.at.toISOString()))}::timestamptz[],
                  ${pgArray(results.map((r) => (r.result.statusCode === null ? null : String(r.result.statusCode))))}::int[],
                  ${texts(results.map((r) => r.result.error))}, ${texts(results.map((r) => r.result.excerpt))},
                  ${pgArray(results.map((r) => String(r.result.durationMs)))}::int[])
        as u (delivery_id, at, status_code, error, excerpt, duration_ms)`);
    if (delivered.length > 0) {
      await tx.execute(sql`
        update webhook_deliveries set status = 'delivered', attempts = attempts + 1, last_attempt_at = now(), delivered_at = now()
        where id = any(${pgArray(delivered.map((r) => r.delivery.id))}::bigint[])`);
    }
    if (!failure) {
      await tx.execute(sql`
        update webhook_endpoints set consecutive_failures = 0, failing_since = null, next_attempt_at = null,
          lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
        where id = ${endpoint.id}`);
      return;
    }
    // Given up after about a day of tries; the endpoint goes on with the next one after its pause.
    await tx.execute(sql`
      update webhook_deliveries set attempts = attempts + 1, last_attempt_at = now(),
        status = case when ${failure.delivery.too_old} then 'failed' else 'pending' end
      where id = ${failure.delivery.id}`);
    const [health] = await queryRows<{ disabled: boolean; next: string }>(
      tx,
      sql`
      update webhook_endpoints set
        consecutive_failures = consecutive_failures + 1,
        failing_since = coalesce(failing_since, now()),
        -- retryPauseSeconds(failures in a row, this one included)
        next_attempt_at = now() + make_interval(secs => least(3600, 5 * power(2, least(consecutive_failures, 20)))),
        status = case when failing_since < now() - make_interval(hours => ${DISABLE_AFTER_HOURS}) then 'disabled' else status end,
        disabled_reason = case when failing_since < now() - make_interval(hours => ${DISABLE_AFTER_HOURS})
                          then 'Every delivery failed for three days.' else disabled_reason end
      where id = ${endpoint.id}
      returning status = 'disabled' as disabled, next_attempt_at as next`,
    );
    disabled = health?.disabled === true;
    if (disabled) {
      await notifyAdmins(tx, deps.publicUrl, endpoint);
    } else if (health) {
      await enqueue(tx, 'webhook-deliver', { endpointId: endpoint.id }, { runAt: new Date(health.next) });
    }
  });
  if (disabled) deps.mailQueued?.();
}

async function notifyAdmins(tx: Db, publicUrl: string, endpoint: LeasedEndpoint): Promise<void> {
  const admins = await queryRows<{ email: string; org_name: string; membership_id: string }>(
    tx,
    sql`
    select a.email, o.name as org_name, m.id as membership_id
    from memberships m join accounts a on a.id = m.account_id join organizations o on o.id = m.org_id
    where m.org_id = ${endpoint.org_id} and m.role = 'admin' and m.status = 'active' and a.email is not null`,
  );
  const first = admins[0];
  if (!first) return;
  const email = endpointDisabledEmail({
    orgName: first.org_name,
    url: endpoint.url,
    settingsUrl: `${publicUrl}/orgs/${endpoint.org_id}/settings/webhooks`,
  });
  await queueEmails(
    tx,
    admins.map((admin) => ({
      ...email,
      orgId: endpoint.org_id,
      membershipId: admin.membership_id,
      kind: 'webhook-disabled',
      to: admin.email,
    })),
  );
}
