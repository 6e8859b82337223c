import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { emails } from '../db/schema.js';
import { recordBilling } from '../features/billing/record-billing.js';
import type { ClaimedJob } from '../jobs/queue.js';
import { PermanentJobError } from '../jobs/worker.js';
import type { MailTransport } from './transport.js';

/** The kind of email that announces a set-up account. */
export const SETUP_EMAIL_KIND = 'account-setup';

/** Builds the From header: the organization's sender name with the installation's address. */
export function fromHeader(mailFrom: string, senderName: string | null): string {
  if (!senderName) return mailFrom;
  const address = /<([^>]+)>$/.exec(mailFrom)?.[1] ?? mailFrom;
  return `"${senderName.replace(/["\\\r\n]/g, '')}" <${address}>`;
}

/**
 * Delivers one queued email and records the outcome on its row, so an admin can see
 * "queued", "sent", or "failed" with the server's own words. A failure is rethrown so the
 * queue retries it with backoff; the row keeps saying why until a retry succeeds.
 */
export function sendEmailJob(db: Db, transport: MailTransport, mailFrom: string) {
  return async (payload: { emailId: string }, job: ClaimedJob): Promise<void> => {
    const [email] = await db.select().from(emails).where(eq(emails.id, payload.emailId));
    if (!email) throw new PermanentJobError(`email ${payload.emailId} no longer exists`);
    if (email.status === 'sent') return;
    if (email.html === null || email.text === null) throw new PermanentJobError('email has no body');
    try {
      const { messageId } = await transport.send({
        from: fromHeader(mailFrom, email.fromName),
        to: email.toAddress,
        subject: email.subject,
        html: email.html,
        text: email.text,
      });
      // Once delivered over SMTP the body (with its single-use link) is not kept; the
      // local outbox keeps it, since it is the mailbox people read in embedded mode.
      const keepBody = transport.name === 'outbox';
      await db.transaction(async (tx) => {
        await tx
          .update(emails)
          .set({
            status: 'sent',
            attempts: job.attempts,
            lastError: null,
            sentAt: sql`now()`,
            transport: transport.name,
            messageId,
            ...(keepBody ? {} : { html: null, text: null }),
          })
          .where(eq(emails.id, email.id));
        // A set-up member is billable from the moment their notification is sent.
        if (email.kind === SETUP_EMAIL_KIND && email.orgId && email.membershipId) {
          await recordBilling(tx as unknown as Db, {
            orgId: email.orgId,
            membershipId: email.membershipId,
            kind: 'start',
            reason: 'setup-notified',
          });
        }
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const final = job.attempts >= job.maxAttempts;
      await db
        .update(emails)
        .set({ status: final ? 'failed' : 'queued', attempts: job.attempts, lastError: reason.slice(0, 1000), transport: transport.name })
        .where(eq(emails.id, email.id));
      throw error;
    }
  };
}
