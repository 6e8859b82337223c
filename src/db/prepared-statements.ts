import { createHash } from 'node:crypto';
import { is, type SQL, sql } from 'drizzle-orm';
import { NodePgDatabase, NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';

/**
 * Statements sent on every invitation, acceptance or set-up are prepared once per connection
 * (decision 0022): PostgreSQL then skips parsing them and, after five runs, planning them.
 * Measured on an invitation: parse and bind were 1.2 of its 3.2 ms of PostgreSQL time.
 *
 * Only statements marked with `prepared()` are: a prepared statement's plan is made once for
 * any parameters, and a plan that suits five small calls can be ruinous for a large one (the
 * invitation's lookup of 500 addresses went from 40 ms to 1.5 s as a generic plan). Mark
 * statements whose plan cannot depend on their parameters: inserts from `unnest`, upserts and
 * lookups by key. At most `LIMIT` texts are named, so a connection's statements stay bounded.
 */
const MARK = '/* prepared */ ';
const LIMIT = 500;
const names = new Map<string, string>();
/**
 * Every text this process has judged, named or not: the pattern below runs once per text, not
 * on every query. Bounded, as a text built with values in it would otherwise grow it forever.
 */
const verdicts = new Map<string, string | null>();
const VERDICTS = 5_000;

/** Marks a statement to be prepared once per connection. */
export const prepared = (query: SQL): SQL => sql`${sql.raw(MARK)}${query}`;

const GENERIC = `${MARK}/* generic plan */ `;

const WHOLE = '/* prepared: the whole statement */ ';

/**
 * `prepared()` for a statement drizzle's query builder writes, whose text cannot start with the
 * mark: put around a condition of its `where`, it marks the whole statement. Only for builder
 * queries, never for a condition of a statement whose plan may depend on its parameters.
 */
export const preparedWhere = (condition: SQL): SQL => sql`${sql.raw(WHOLE)}${condition}`;

/**
 * Marks a statement to be prepared once per connection and planned once: its generic plan
 * (`PreparingClient` switches `plan_cache_mode` around it). For inserts from `unnest` whose
 * custom plan PostgreSQL keeps choosing, because it knows the arrays' lengths and the generic
 * plan does not: the invitation's statement was planned at every call (0.5 ms of its 2.9).
 * Only for statements whose plan cannot depend on their values: rows from arrays, each looked
 * up by key.
 */
export const preparedGeneric = (query: SQL): SQL => sql`${sql.raw(GENERIC)}${query}`;

/** Sent by name around a `preparedGeneric` statement: extended protocol, pipelined with it. */
const PLAN_GENERIC = { name: 'r_plan_generic', text: "select set_config('plan_cache_mode', 'force_generic_plan', false)" };
const PLAN_AUTO = { name: 'r_plan_auto', text: "select set_config('plan_cache_mode', 'auto', false)" };

/**
 * Statements drizzle's query builder writes (quoted names) on one table, reading or writing
 * rows by equality only: an `insert … values`, or a `select`/`update`/`delete` whose filter is
 * a conjunction of `"table"."column" = $n` (a select may stop at a `limit`, which only cuts what
 * the equalities find). No join, list, range or order, so no plan to choose between beyond the
 * index the equalities name.
 */
const EQUALS = String.raw`\(?(?:"\w+"\."\w+" = \$\d+(?: and )?)+\)?`;
const BUILT = new RegExp(
  [
    String.raw`^(?:insert into "\w+" \([^)]*\) values \((?:default|\$\d+|, )*\)`,
    String.raw`select (?:"\w+", )*"\w+" from "\w+" where ${EQUALS}(?: limit \$\d+)?`,
    String.raw`update "\w+" set (?:"\w+" = (?:\$\d+|now\(\)|default)(?:, )?)+ where ${EQUALS}`,
    String.raw`delete from "\w+" where ${EQUALS})(?: for update)?(?: returning [^;]*)?$`,
  ].join('|'),
  's',
);

/** The name a statement is prepared under, or none (exported for its test). */
export function nameFor(text: string): string | undefined {
  const judged = verdicts.get(text);
  if (judged !== undefined) return judged ?? undefined;
  const name = judge(text);
  if (verdicts.size < VERDICTS) verdicts.set(text, name ?? null);
  return name;
}

function judge(text: string): string | undefined {
  const body = isAhead(text) ? text.slice(AHEAD_OF_BEGIN.length) : text;
  if (!body.startsWith(MARK) && !body.includes(WHOLE) && !BUILT.test(body)) return undefined;
  const known = names.get(text);
  if (known || names.size >= LIMIT) return known;
  const name = `r_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  names.set(text, name);
  return name;
}

interface QueryConfig {
  readonly text?: unknown;
  readonly name?: unknown;
  readonly values?: unknown;
}

/** The COMMIT `commitWith` sends behind a transaction's last statement. */
export const COMMIT_WITH_LAST = 'commit /* with the last statement */';

/** Marks a transaction's first statement to be run before its BEGIN, on its own (`aheadOfTransaction`). */
export const AHEAD_OF_BEGIN = '/* ahead of begin */ ';

const isAhead = (text: string | null): boolean => text?.startsWith(AHEAD_OF_BEGIN) ?? false;

/** Marks a transaction's first statement to run before its BEGIN, on its own (see `PreparingClient`). */
export const aheadOfTransaction = (query: SQL): SQL => sql`${sql.raw(AHEAD_OF_BEGIN)}${query}`;

/**
 * Whether `db` (the pool or one of its transactions) sends its statements through
 * `PreparingClient`, pipelined: PostgreSQL's pool does; PGlite, one connection in the process,
 * has no round trip to save. `commitWith` and `aheadOfTransaction` apply only there.
 */
export const pipelined = (db: unknown): boolean => is(db, NodePgDatabase) || is(db, NodePgTransaction);

/** What pg answers for a statement the client answers itself. */
const answered = (command: string) => Promise.resolve({ command, rowCount: null, oid: 0, rows: [], fields: [] });

/**
 * pg's client, naming the statements marked with `prepared()`, and sending statements together
 * where they can go together (decision 0023). On this kind of machine a write to PostgreSQL's
 * socket was a quarter of Roster's busy time (about 0.24 ms each, measured with --cpu-prof), so
 * the pool runs the client in pipeline mode, and the client:
 * - holds what it writes until the event loop's check phase, so that statements sent in one
 *   turn (`commitWith`'s statement and COMMIT, a `Promise.all`) leave in one write;
 * - answers a transaction's BEGIN at once and sends it with the transaction's first statement.
 *   BEGIN on an idle connection cannot fail but with the connection itself; if it ever does,
 *   the connection is closed, so the statement behind it fails too. A first statement marked
 *   `AHEAD_OF_BEGIN` goes before the BEGIN: it runs and commits on its own, in the same write;
 *   a transaction that ends before any statement sends nothing at all;
 * - after `commitWith` ended a transaction, answers the transaction's own COMMIT (or ROLLBACK,
 *   after a failure) itself, where PostgreSQL would only have warned, and refuses any other
 *   statement in between, which would run outside the transaction.
 */
export class PreparingClient extends pg.Client {
  private endedEarly = false;
  private holding = false;
  private beginHeld = false;

  // pg's overloads cannot be restated one by one: the arguments pass through untouched.
  override query(...args: unknown[]): never {
    const [config] = args;
    const c = config as QueryConfig | null;
    const text = c && typeof c === 'object' && typeof c.text === 'string' ? c.text : typeof config === 'string' ? config : null;
    const ends = text === 'commit' || text === 'rollback';
    if (this.endedEarly) {
      if (ends) {
        this.endedEarly = false;
        return answered(text.toUpperCase()) as never;
      }
      return Promise.reject(new Error('A statement was sent after commitWith() ended its transaction.')) as never;
    }
    if (text === COMMIT_WITH_LAST) this.endedEarly = true;
    else if (c && text !== null && typeof c === 'object' && !c.name) {
      const name = nameFor(text);
      if (name) args[0] = { ...(config as object), name };
    }
    if (!this.pipeline) return (super.query as (...a: unknown[]) => never).apply(this, args);
    this.holdWrites();
    const send = (...a: unknown[]) => (super.query as (...b: unknown[]) => Promise<unknown>).apply(this, a);
    if (text === 'begin') {
      this.beginHeld = true;
      return answered('BEGIN') as never;
    }
    if (isAhead(text) && !this.beginHeld) {
      return Promise.reject(new Error('A statement to run ahead of BEGIN must be its transaction’s first.')) as never;
    }
    // The setting is the session's, set and restored around the statement in the same write. In a
    // transaction that fails, PostgreSQL rolls the setting back with everything else.
    const sendPlanned = (...a: unknown[]) => {
      if (!text?.startsWith(GENERIC)) return send(...a);
      send(PLAN_GENERIC).catch(() => undefined);
      const sent = send(...a);
      send(PLAN_AUTO).catch(() => undefined);
      return sent;
    };
    if (!this.beginHeld) return sendPlanned(...args) as never;
    this.beginHeld = false;
    if (ends) return answered(text.toUpperCase()) as never;
    const ahead = isAhead(text) ? send(...args) : null;
    send('begin').catch(() => this.connection.stream.destroy());
    return (ahead ?? sendPlanned(...args)) as never;
  }

  private holdWrites(): void {
    if (this.holding) return;
    const stream = this.connection.stream;
    stream.cork();
    this.holding = true;
    setImmediate(() => {
      this.holding = false;
      stream.uncork();
    });
  }
}
