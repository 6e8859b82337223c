import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared-statements.js';
import { pgArray, queryRows, texts, withCtes } from '../db/sql.js';
import { insertJobs } from '../jobs/queue.js';
import type { EmailBody, RenderedEmail } from './render.js';

/** Emails per insert statement. */
export const MAX_EMAILS_PER_STATEMENT = 5000;
const EMAILS_PER_STATEMENT = MAX_EMAILS_PER_STATEMENT;
/** Bulk mail goes in jobs of this many emails: an import writes 4,000 jobs, not 200,000. */
const BULK_EMAILS_PER_JOB = 50;

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
 * however many emails (per 5,000): the jobs are written by the same statement.
 */
export async function queueEmails(db: Db, list: readonly EmailToQueue[], options: { readonly bulk?: boolean } = {}): Promise<string[]> {
  const ids: string[] = [];
  // One parameter per column (unnest), not one per value: chunks bound the size of each statement.
  for (let start = 0; start < list.length; start += EMAILS_PER_STATEMENT) {
    ids.push(...(await insertEmails(db, emailRows(list.slice(start, start + EMAILS_PER_STATEMENT)), options.bulk ?? false)));
  }
  return ids;
}

/**
 * The same emails (at most one chunk) and their jobs as two CTEs, `e` and `j`, for a caller
 * that writes them in its own statement (an invitation writes its people, their invitations
 * and their emails in one).
 */
export function emailCtes(list: readonly EmailToQueue[]): SQL {
  if (list.length > EMAILS_PER_STATEMENT) throw new Error(`emailCtes: at most ${EMAILS_PER_STATEMENT} emails`);
  return emailsAndJobs(emailRows(list), false);
}

/** The rows of `list`, in the columns `insertEmails` writes. */
function emailRows(chunk: readonly EmailToQueue[]): SQL {
  return sql`
      select u.org_id, u.membership_id, u.kind, u.to_address, u.from_name, u.subject, u.html, u.text, nullif(u.body, 'null'::jsonb)
      from rows from (unnest(${pgArray(chunk.map((e) => e.orgId))}::uuid[], ${pgArray(chunk.map((e) => e.membershipId ?? null))}::uuid[],
                             ${texts(chunk.map((e) => e.kind))}, ${texts(chunk.map((e) => e.to))}, ${texts(chunk.map((e) => e.fromName ?? null))},
                             ${texts(chunk.map((e) => e.subject))}, ${texts(chunk.map((e) => ('html' in e ? e.html : null)))},
                             ${texts(chunk.map((e) => ('text' in e ? e.text : null)))}),
                      -- The words as one JSON array: no quoting of each document inside an array literal.
                      jsonb_array_elements(${JSON.stringify(chunk.map((e) => ('body' in e ? e.body : null)))}::jsonb))
        with ordinality as u (org_id, membership_id, kind, to_address, from_name, subject, html, text, body, n)
      order by u.n`;
}

/** What the emails of `queueLinkEmails` share. */
export interface SharedEmail {
  readonly orgId: string;
  readonly kind: string;
  readonly fromName: string | null;
  /** The words, whose action link each email replaces with its own. */
  readonly body: EmailBody;
}

/**
 * Bulk emails with the same words and each its own link (an import's invitations), and
 * optionally its own greeting (the first paragraph): the words go to the database once per
 * statement and each email's link and greeting are set there, rather than 5,000 copies of
 * the same text being serialized, sent and parsed. Kept as words (rendered when sent) and
 * queued as bulk mail.
 */
export async function queueLinkEmails(db: Db, shared: SharedEmail, each: readonly LinkEmail[]): Promise<void> {
  for (let start = 0; start < each.length; start += EMAILS_PER_STATEMENT) {
    await insertEmails(db, linkEmailRows(shared, each.slice(start, start + EMAILS_PER_STATEMENT)), true, false);
  }
}

/** One email of `queueLinkEmails`: its address, its link, and the greeting that opens it. */
export interface LinkEmail {
  readonly to: string;
  readonly membershipId: string | null;
  readonly url: string;
  readonly greeting?: string | null;
}

/**
 * The emails of `queueLinkEmails` (at most one chunk) as the CTEs of `emailCtes`, sent as mail
 * people wait for: an invitation of many addresses writes its words once, not each email's
 * rendered HTML (which went to the database escaped, address by address).
 */
export function linkEmailCtes(shared: SharedEmail, each: readonly LinkEmail[]): SQL {
  if (each.length > EMAILS_PER_STATEMENT) throw new Error(`linkEmailCtes: at most ${EMAILS_PER_STATEMENT} emails`);
  return emailsAndJobs(linkEmailRows(shared, each), false);
}

/** The rows of link emails, in the columns `insertEmails` writes: the words, each with its own link and greeting. */
function linkEmailRows(shared: SharedEmail, chunk: readonly LinkEmail[]): SQL {
  return sql`
      select ${shared.orgId}::uuid, u.membership_id, ${shared.kind}::text, u.to_address, ${shared.fromName}::text,
             ${shared.body.subject}::text, null::text, null::text,
             jsonb_set(case when u.greeting is null then b.words else jsonb_set(b.words, '{paragraphs,0}', to_jsonb(u.greeting)) end,
                       '{action,url}', to_jsonb(u.url))
      from (select ${JSON.stringify(shared.body)}::jsonb as words) b,
           unnest(${pgArray(chunk.map((e) => e.membershipId))}::uuid[], ${pgArray(chunk.map((e) => e.to))}::text[],
                  ${pgArray(chunk.map((e) => e.url))}::text[], ${pgArray(chunk.map((e) => e.greeting ?? null))}::text[])
        with ordinality as u (membership_id, to_address, url, greeting, n)
      order by u.n`;
}

/**
 * Inserts the emails `rows` selects (in the columns below) and their sending jobs, in one
 * statement: a job for each email, or for each fifty of bulk mail. Returns their ids when
 * asked (an import's thousands are not read back).
 */
async function insertEmails(db: Db, rows: SQL, bulk: boolean, returnIds = true): Promise<string[]> {
  const inserted = await queryRows<{ id: string }>(
    db,
    prepared(withCtes([emailsAndJobs(rows, bulk)], returnIds ? sql`select id from e` : sql`select count(*) from e`)),
  );
  return returnIds ? inserted.map((row) => row.id) : [];
}

/** CTEs `e` (the emails `rows` selects) and `j` (their sending jobs). */
function emailsAndJobs(rows: SQL, bulk: boolean): SQL {
  const payloads = bulk
    ? sql`select jsonb_build_object('emailIds', jsonb_agg(n.id order by n.n)) as p
          from (select e.id, row_number() over (order by e.id) - 1 as n from e) n
          group by n.n / ${BULK_EMAILS_PER_JOB}`
    : sql`select jsonb_build_object('emailId', e.id) as p from e`;
  return sql`e as (
          insert into emails (org_id, membership_id, kind, to_address, from_name, subject, html, text, body) ${rows}
          returning id
        ),
        j as (${insertJobs('send-email', payloads, { bulk })})`;
}

export async function queueEmail(db: Db, email: EmailToQueue): Promise<string> {
  const [id] = await queueEmails(db, [email]);
  if (!id) throw new Error('email insert returned nothing');
  return id;
}
