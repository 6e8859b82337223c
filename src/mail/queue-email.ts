import type { Db } from '../db/client.js';
import { emails } from '../db/schema.js';
import { enqueueMany } from '../jobs/queue.js';
import type { RenderedEmail } from './render.js';

/** About a day of retries with the queue's backoff before an email is given up as failed. */
const EMAIL_ATTEMPTS = 30;
const EMAILS_PER_STATEMENT = 5000;

export interface EmailToQueue extends RenderedEmail {
  readonly orgId: string | null;
  readonly membershipId?: string | null;
  /** What the mail is for: invitation, reminder, setup, password-reset. */
  readonly kind: string;
  readonly to: string;
  readonly fromName?: string | null;
}

/**
 * Stores the emails and their sending jobs in the caller's transaction, so mail goes out
 * only for work that committed, and survives a mail server that is down. One statement
 * for each table, however many emails.
 */
export async function queueEmails(db: Db, list: readonly EmailToQueue[]): Promise<string[]> {
  const ids: string[] = [];
  // Chunks keep each INSERT well under PostgreSQL's 65,535 parameters (8 per email).
  for (let start = 0; start < list.length; start += EMAILS_PER_STATEMENT) {
    const chunk = list.slice(start, start + EMAILS_PER_STATEMENT);
    const rows = await db
      .insert(emails)
      .values(
        chunk.map((email) => ({
          orgId: email.orgId,
          membershipId: email.membershipId ?? null,
          kind: email.kind,
          toAddress: email.to,
          fromName: email.fromName ?? null,
          subject: email.subject,
          html: email.html,
          text: email.text,
        })),
      )
      .returning({ id: emails.id });
    await enqueueMany(
      db,
      'send-email',
      rows.map((row) => ({ emailId: row.id })),
      { maxAttempts: EMAIL_ATTEMPTS },
    );
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

export async function queueEmail(db: Db, email: EmailToQueue): Promise<string> {
  const [id] = await queueEmails(db, [email]);
  if (!id) throw new Error('email insert returned nothing');
  return id;
}
