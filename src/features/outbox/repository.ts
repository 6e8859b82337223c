import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { EmailStatus } from '../../db/schema.js';
import { queryRows } from '../../db/sql.js';
import type { EmailBody } from '../../mail/render.js';
import type { Keyset } from '../members/keyset.js';

type At = Date | string | null;

export interface OutboxRecord {
  readonly id: string;
  readonly org_id: string | null;
  readonly kind: string;
  readonly to_address: string;
  readonly subject: string;
  readonly status: EmailStatus;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly created_at: At;
  readonly sent_at: At;
  /** created_at as exact UTC text, for the next page's cursor. */
  readonly created_key: string;
}

export interface OutboxMessage extends OutboxRecord {
  readonly from_name: string | null;
  readonly html: string | null;
  readonly text: string | null;
  /** A bulk email's words before it is sent (rendered for display). */
  readonly body: EmailBody | null;
}

const COLUMNS = sql`id, org_id, kind, to_address, subject, status, attempts, last_error, created_at, sent_at,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`;

export interface OutboxQuery {
  readonly to?: string;
  readonly kind?: string;
  readonly status?: EmailStatus;
  readonly after: Keyset | null;
  readonly limit: number;
}

export async function listOutboxRecords(db: Db, query: OutboxQuery): Promise<OutboxRecord[]> {
  return queryRows<OutboxRecord>(db, outboxPage(query));
}

/** Newest first across every organization, along the emails_created_idx index. */
export function outboxPage(query: OutboxQuery): SQL {
  const conditions: SQL[] = [sql`true`];
  if (query.to) conditions.push(sql`to_address = ${query.to}`);
  // Kind and state narrow the same newest-first walk: the outbox is the operator's tool, and
  // an index per filter would cost every bulk email of an import a write.
  if (query.kind) conditions.push(sql`kind = ${query.kind}`);
  if (query.status) conditions.push(sql`status = ${query.status}`);
  if (query.after) conditions.push(sql`(created_at, id) < (${query.after.value}::timestamptz, ${query.after.id}::uuid)`);
  return sql`select ${COLUMNS} from emails where ${sql.join(conditions, sql` and `)}
    order by created_at desc nulls last, id desc nulls last limit ${query.limit}`;
}

export async function findOutboxMessage(db: Db, id: string): Promise<OutboxMessage | null> {
  const [row] = await queryRows<OutboxMessage>(db, sql`select ${COLUMNS}, from_name, html, text, body from emails where id = ${id}`);
  return row ?? null;
}
