import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pgArray } from '../../db/sql.js';

export interface ScimRequestEntry {
  readonly orgId: string;
  readonly keyId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly scimType: string | null;
  readonly detail: string | null;
  readonly durationMs: number;
}

/** The request log of one Roster: entries kept in memory for a moment, written together. */
export interface ScimRequestLog {
  add(entry: ScimRequestEntry): void;
  /** Writes what is kept; resolves once every entry added so far is in the table (or failed). */
  flush(): Promise<void>;
  /** Flushes and stops the timer (Roster closing); an entry added after it is written at once. */
  close(): Promise<void>;
}

interface LogOptions {
  /** A write that failed: the log is not worth failing a request for. */
  readonly onError: (error: unknown) => void;
  readonly flushAfterMs?: number;
  readonly maxRows?: number;
}

type Row = ScimRequestEntry & { readonly at: Date };

/**
 * One row per SCIM request, for the organization's settings page; never the body or the query.
 * Rows are not written one commit per request (an identity provider pushing thousands of Users
 * paid one more round trip and commit for each): they are kept here and written in one insert
 * every 250 ms, at 200 rows, when the settings page reads them and when Roster closes. A crash
 * loses at most the last fraction of a second of the log, which only shows the last requests.
 * Each row keeps the time it was answered. (An erasure scrubs the rows written: a refusal naming
 * an address erased within that same fraction of a second would keep its sentence.)
 */
export function createScimRequestLog(db: Db, options: LogOptions): ScimRequestLog {
  const flushAfterMs = options.flushAfterMs ?? 250;
  const maxRows = options.maxRows ?? 200;
  let rows: Row[] = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  // Writes go one after another: a flush resolves after every earlier one.
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = rows;
    rows = [];
    if (batch.length > 0) writing = writing.then(() => writeRows(db, batch).catch(options.onError));
    return writing;
  };

  return {
    add(entry) {
      rows.push({ ...entry, detail: entry.detail?.slice(0, 500) ?? null, at: new Date() });
      if (closed || rows.length >= maxRows) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushAfterMs);
        // Never what keeps the process alive.
        timer.unref();
      }
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}

/**
 * One insert for the batch. An organization deleted meanwhile takes its rows with it, and a key
 * deleted meanwhile leaves them without one, as the foreign keys would have done afterwards.
 */
async function writeRows(db: Db, batch: readonly Row[]): Promise<void> {
  const column = (pick: (row: Row) => string | number | null) =>
    pgArray(
      batch.map((row) => {
        const value = pick(row);
        return value === null ? null : String(value);
      }),
    );
  await db.execute(sql`
    insert into scim_requests (org_id, key_id, method, path, status, scim_type, detail, duration_ms, created_at)
    select u.org_id, k.id, u.method, u.path, u.status, u.scim_type, u.detail, u.duration_ms, u.created_at
      from unnest(${column((r) => r.orgId)}::uuid[], ${column((r) => r.keyId)}::uuid[], ${column((r) => r.method)}::text[],
                  ${column((r) => r.path)}::text[], ${column((r) => r.status)}::smallint[], ${column((r) => r.scimType)}::text[],
                  ${column((r) => r.detail)}::text[], ${column((r) => r.durationMs)}::int[], ${column((r) => r.at.toISOString())}::timestamptz[])
        with ordinality as u (org_id, key_id, method, path, status, scim_type, detail, duration_ms, created_at, n)
      join organizations o on o.id = u.org_id
      left join api_keys k on k.id = u.key_id
     -- In the order answered: ids follow it, and break ties of the time.
     order by u.n`);
}

/** Keeps a week of requests (the settings page shows the last ones). */
export async function pruneScimRequests(db: Db, days = 7): Promise<void> {
  await db.execute(sql`delete from scim_requests where created_at < now() - make_interval(days => ${days})`);
}
