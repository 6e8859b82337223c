import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { emails } from '../db/schema.js';
import { pgArray } from '../db/sql.js';
import type { JobPayloads } from '../jobs/queue.js';
import { type BatchJobHandler, PermanentJobError } from '../jobs/worker.js';
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

interface Attempt {
  readonly error: Error | null;
  /** Delivered now, with the server's message id. */
  readonly sent?: { readonly emailId: string; readonly messageId: string | null; readonly attempts: number; readonly billable: boolean };
  /** Refused by the server: recorded on the row, then retried with backoff. */
  readonly refused?: { readonly emailId: string; readonly attempts: number; readonly final: boolean; readonly reason: string };
}

/** The emails a job sends: its one, or a bulk job's batch. */
const emailIdsOf = (payload: JobPayloads['send-email']): readonly string[] =>
  'emailIds' in payload ? payload.emailIds : [payload.emailId];

/**
 * The outcome of a job from those of its emails: done when each was sent (or can never be: a
 * bulk job does not fail fifty emails for one that was deleted), else the first failure, and
 * the queue retries the job with backoff; its emails already sent are skipped then.
 */
function jobOutcome(errors: readonly (Error | null)[]): Error | null {
  if (errors.length === 1) return errors[0] ?? null;
  return errors.find((error) => error !== null && !(error instanceof PermanentJobError)) ?? null;
}

/**
 * Delivers a claimed batch of queued emails (the worker hands over up to fifty at a time, or
 * one bulk job of fifty): one read for the batch, the messages sent side by side over the
 * pooled transport, and one transaction recording every delivery, so an import's 200,000
 * emails cost a few statements per fifty. Each row says "queued", "sent" or "failed" with the
 * server's own words; a failure is returned so the queue retries that email's job with backoff.
 */
export function sendEmailJob(db: Db, transport: MailTransport, mailFrom: string): BatchJobHandler<'send-email'> {
  // Once delivered over SMTP the body (with its single-use link) is not kept; the local
  // outbox keeps it, since it is the mailbox people read in embedded mode. An email stored as
  // its words stays so and is rendered again when read: writing 200,000 rendered bodies back
  // would cost an import's mail a few kilobytes of writes each.
  const keepBody = transport.name === 'outbox';
  return {
    async batch(jobs) {
      const perJob = jobs.map(({ payload, job }) => emailIdsOf(payload).map((emailId) => ({ emailId, job })));
      const items = perJob.flat();
      const wanted = items.map((item) => item.emailId);
      const rows = await db
        .select()
        .from(emails)
        .where(sql`${emails.id} = any(${pgArray(wanted)}::uuid[])`);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const attempts = await Promise.all(
        items.map(async ({ emailId, job }): Promise<Attempt> => {
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
            // A set-up member is billable from the moment their notification is sent.
            const billable = email.kind === SETUP_EMAIL_KIND && email.orgId !== null && email.membershipId !== null;
            return { error: null, sent: { emailId: email.id, messageId: messageId ?? null, attempts: job.attempts, billable } };
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            return {
              error: error instanceof Error ? error : new Error(reason),
              refused: { emailId: email.id, attempts: job.attempts, final: job.attempts >= job.maxAttempts, reason },
            };
          }
        }),
      );
      const sent = attempts.flatMap((a) => (a.sent ? [a.sent] : []));
      if (sent.length > 0) {
        await db.transaction(async (tx) => {
          await tx.execute(sql`
            update emails e set status = 'sent', attempts = u.attempts, last_error = null, sent_at = now(),
              transport = ${transport.name}, message_id = u.message_id,
              html = case when ${keepBody} then e.html end, text = case when ${keepBody} then e.text end,
              body = case when ${keepBody} then e.body end
            from unnest(${pgArray(sent.map((s) => s.emailId))}::uuid[], ${pgArray(sent.map((s) => String(s.attempts)))}::int[],
                        ${pgArray(sent.map((s) => s.messageId))}::text[]) as u (id, attempts, message_id)
            where e.id = u.id`);
          const billable = sent.filter((s) => s.billable).map((s) => s.emailId);
          if (billable.length > 0) {
            await tx.execute(sql`
              insert into billing_events (org_id, membership_id, kind, reason)
              select org_id, membership_id, 'start', 'setup-notified' from emails where id = any(${pgArray(billable)}::uuid[])`);
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
