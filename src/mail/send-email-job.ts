import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { emails } from '../db/schema.js';
import { pgArray } from '../db/sql.js';
import type { BatchJobHandler } from '../jobs/define.js';
import type { ClaimedJob } from '../jobs/queue.js';
import { PermanentJobError } from '../jobs/worker.js';
import { storedEmailParts } from './render.js';
import type { MailTransport } from './transport.js';

/** The kind of email that announces a set-up account. */
export const SETUP_EMAIL_KIND = 'account-setup';

/** Builds the From header: the organization's sender name with the installation's address. */
export function fromHeader(mailFrom: string, senderName: string | null): string {
  if (!senderName) return mailFrom;
  const address = /<([^>]+)>$/.exec(mailFrom)?.[1] ?? mailFrom;
  return `"${senderName.replace(/["\\\r\n]/g, '')}" <${address}>`;
}

interface Sent {
  readonly emailId: string;
  readonly messageId: string | null;
  readonly attempts: number;
}

interface Attempt {
  readonly error: Error | null;
  /** Delivered now, with the server's message id. */
  readonly sent?: Sent;
  /** Refused by the server: recorded on the row, then retried with backoff. */
  readonly refused?: { readonly emailId: string; readonly attempts: number; readonly final: boolean; readonly reason: string };
}

/** One email, or a batch of bulk mail (an import's: fifty to a job). Checked against its schema in `jobs/definitions.ts`. */
export type SendEmailPayload = { readonly emailId: string } | { readonly emailIds: readonly string[] };

/** The emails a job sends: its one, or a bulk job's batch. */
const emailIdsOf = (payload: SendEmailPayload): readonly string[] => ('emailIds' in payload ? payload.emailIds : [payload.emailId]);

/**
 * The outcome of a job from those of its emails: done when each was sent (or can never be: a
 * bulk job does not fail fifty emails for one that was deleted), else the first failure, and
 * the queue retries the job with backoff; its emails already sent are skipped then.
 */
function jobOutcome(errors: readonly (Error | null)[]): Error | null {
  if (errors.length === 1) return errors[0] ?? null;
  return errors.find((error) => error !== null && !(error instanceof PermanentJobError)) ?? null;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the results in order. */
async function eachAtMost<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * Delivers a claimed batch of queued emails (the worker hands over up to fifty at a time, or
 * one bulk job of fifty): one read for the batch, then over SMTP at most as many messages at
 * once as the pool has connections, each recorded "sent" as soon as the server accepted it. A
 * crash (even `kill -9`) therefore sends again at most those few: the job is taken over and
 * skips every email already recorded (decision 0002). The local outbox records a batch at once,
 * since its "delivery" is the stored row itself. Each row says "queued", "sent" or "failed" with
 * the server's own words; a failure is returned so the queue retries that email's job with backoff.
 */
export function sendEmailJob(db: Db, transport: MailTransport, mailFrom: string): BatchJobHandler<SendEmailPayload> {
  // Once delivered over SMTP the body (with its single-use link) is not kept; the local
  // outbox keeps it, since it is the mailbox people read in embedded mode. An email stored as
  // its words stays so and is rendered again when read: writing 200,000 rendered bodies back
  // would cost an import's mail a few kilobytes of writes each.
  const keepBody = transport.name === 'outbox';
  const record = (sent: readonly Sent[]) => recordSent(db, sent, transport.name, keepBody);
  return {
    async batch(jobs) {
      const perJob = jobs.map(({ payload, job }) => emailIdsOf(payload).map((emailId) => ({ emailId, job })));
      const items = perJob.flat();
      const rows = await db
        .select()
        .from(emails)
        .where(sql`${emails.id} = any(${pgArray(items.map((item) => item.emailId))}::uuid[])`);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const deliver = async ({ emailId, job }: { emailId: string; job: ClaimedJob }): Promise<Attempt> => {
        const email = byId.get(emailId);
        if (!email) return { error: new PermanentJobError(`email ${emailId} no longer exists`) };
        if (email.status === 'sent') return { error: null };
        const rendered = storedEmailParts(email);
        if (rendered === null) return { error: new PermanentJobError('email has no body') };
        try {
          const { messageId } = await transport.send({
            from: fromHeader(mailFrom, email.fromName),
            to: email.toAddress,
            subject: email.subject,
            html: rendered.html,
            text: rendered.text,
          });
          return { error: null, sent: { emailId: email.id, messageId: messageId ?? null, attempts: job.attempts } };
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          return {
            error: error instanceof Error ? error : new Error(reason),
            refused: { emailId: email.id, attempts: job.attempts, final: job.attempts >= job.maxAttempts, reason },
          };
        }
      };
      let attempts: Attempt[];
      if (transport.connections === undefined) {
        attempts = await Promise.all(items.map(deliver));
        await record(attempts.flatMap((a) => (a.sent ? [a.sent] : [])));
      } else {
        attempts = await eachAtMost(items, transport.connections, async (item) => {
          const attempt = await deliver(item);
          if (!attempt.sent) return attempt;
          // Accepted by the server: recorded before this lane hands the pool another message.
          try {
            await record([attempt.sent]);
            return attempt;
          } catch (error) {
            return { error: error instanceof Error ? error : new Error(String(error)) };
          }
        });
      }
      for (const { refused } of attempts) {
        if (!refused) continue;
        await db
          .update(emails)
          .set({
            status: refused.final ? 'failed' : 'queued',
            attempts: refused.attempts,
            lastError: refused.reason.slice(0, 1000),
            transport: transport.name,
          })
          .where(eq(emails.id, refused.emailId));
      }
      // `attempts` follows `items`, which lists each job's emails in turn.
      let start = 0;
      return perJob.map((own) => {
        start += own.length;
        return jobOutcome(attempts.slice(start - own.length, start).map((a) => a.error));
      });
    },
  };
}

/**
 * Marks emails sent, in one statement: the delivery and, for a set-up notice, the start of the
 * member's billing, which begins the moment it is sent. An email already marked (by an
 * instance that took the job over) is not billed twice.
 */
async function recordSent(db: Db, sent: readonly Sent[], transportName: string, keepBody: boolean): Promise<void> {
  if (sent.length === 0) return;
  await db.execute(sql`
    with marked as (
      update emails e set status = 'sent', attempts = u.attempts, last_error = null, sent_at = now(),
        transport = ${transportName}, message_id = u.message_id,
        html = case when ${keepBody} then e.html end, text = case when ${keepBody} then e.text end,
        body = case when ${keepBody} then e.body end
      from unnest(${pgArray(sent.map((s) => s.emailId))}::uuid[], ${pgArray(sent.map((s) => String(s.attempts)))}::int[],
                  ${pgArray(sent.map((s) => s.messageId))}::text[]) as u (id, attempts, message_id)
      where e.id = u.id and e.status <> 'sent'
      returning e.org_id, e.membership_id, e.kind)
    insert into billing_events (org_id, membership_id, kind, reason)
    select org_id, membership_id, 'start', 'setup-notified' from marked
    where kind = ${SETUP_EMAIL_KIND} and org_id is not null and membership_id is not null`);
}
