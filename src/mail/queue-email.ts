import type { Db } from '../db/client.js';
import { emails } from '../db/schema.js';
import { enqueue } from '../jobs/queue.js';
import type { RenderedEmail } from './render.js';

export interface EmailToQueue extends RenderedEmail {
  readonly orgId: string | null;
  readonly membershipId?: string | null;
  /** What the mail is for: invitation, reminder, setup, password-reset. */
  readonly kind: string;
  readonly to: string;
  readonly fromName?: string | null;
}

/**
 * Stores the email and its sending job in the caller's transaction, so mail goes out only
 * for work that committed, and survives a mail server that is down.
 */
export async function queueEmail(db: Db, email: EmailToQueue): Promise<string> {
  const [row] = await db
    .insert(emails)
    .values({
      orgId: email.orgId,
      membershipId: email.membershipId ?? null,
      kind: email.kind,
      toAddress: email.to,
      fromName: email.fromName ?? null,
      subject: email.subject,
      html: email.html,
      text: email.text,
    })
    .returning({ id: emails.id });
  if (!row) throw new Error('email insert returned nothing');
  await enqueue(db, 'send-email', { emailId: row.id }, { maxAttempts: 12 });
  return row.id;
}
