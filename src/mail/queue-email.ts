import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pgArray, queryRows } from '../db/sql.js';
import { enqueueMany } from '../jobs/queue.js';
import type { EmailBody, RenderedEmail } from './render.js';

/** About a day of retries with the queue's backoff before an email is given up as failed. */
const EMAIL_ATTEMPTS = 30;
const EMAILS_PER_STATEMENT = 5000;

/** Rendered now, or (bulk sends) kept as its words and rendered when it is sent. */
export type EmailContent = RenderedEmail | { readonly subject: string; readonly body: EmailBody };

export type EmailToQueue = EmailContent & EmailMeta;

interface EmailMeta {
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
export async function queueEmails(db: Db, list: readonly EmailToQueue[], options: { readonly bulk?: boolean } = {}): Promise<string[]> {
  const ids: string[] = [];
  const texts = (values: readonly (string | null)[]) => sql`${pgArray(values)}::text[]`;
  // One parameter per column (unnest), not one per value: an import queues 5,000 emails a
  // statement without building 40,000 parameters. Chunks bound the size of each statement.
  for (let start = 0; start < list.length; start += EMAILS_PER_STATEMENT) {
    const chunk = list.slice(start, start + EMAILS_PER_STATEMENT);
    const rows = await queryRows<{ id: string }>(
      db,
      sql`insert into emails (org_id, membership_id, kind, to_address, from_name, subject, html, text, body)
          select u.org_id, u.membership_id, u.kind, u.to_address, u.from_name, u.subject, u.html, u.text, u.body
          from unnest(${pgArray(chunk.map((e) => e.orgId))}::uuid[], ${pgArray(chunk.map((e) => e.membershipId ?? null))}::uuid[],
                               ${texts(chunk.map((e) => e.kind))}, ${texts(chunk.map((e) => e.to))}, ${texts(chunk.map((e) => e.fromName ?? null))},
                               ${texts(chunk.map((e) => e.subject))}, ${texts(chunk.map((e) => ('html' in e ? e.html : null)))},
                               ${texts(chunk.map((e) => ('text' in e ? e.text : null)))},
                               ${pgArray(chunk.map((e) => ('body' in e ? JSON.stringify(e.body) : null)))}::jsonb[])
          with ordinality as u (org_id, membership_id, kind, to_address, from_name, subject, html, text, body, n)
          order by u.n
          returning id`,
    );
    await enqueueMany(
      db,
      'send-email',
      rows.map((row) => ({ emailId: row.id })),
      { maxAttempts: EMAIL_ATTEMPTS, bulk: options.bulk ?? false },
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
