import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
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

/**
 * Statements drizzle's query builder writes (quoted names) on one table, reading or writing
 * rows by equality only: an `insert … values`, or a `select`/`update`/`delete` whose filter is
 * a conjunction of `"table"."column" = $n`. No join, list, range, order or limit, so no plan
 * to choose between beyond the index the equalities name.
 */
const EQUALS = String.raw`\(?(?:"\w+"\."\w+" = \$\d+(?: and )?)+\)?`;
const BUILT = new RegExp(
  [
    String.raw`^(?:insert into "\w+" \([^)]*\) values \((?:default|\$\d+|, )*\)`,
    String.raw`select (?:"\w+", )*"\w+" from "\w+" where ${EQUALS}`,
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
  if (!text.startsWith(MARK) && !BUILT.test(text)) return undefined;
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

/**
 * pg's client, naming the statements marked with `prepared()`. The pool runs it in pipeline
 * mode, so statements sent together share a round trip: `commitWith` sends a transaction's
 * last statement and its COMMIT at once. The transaction's own COMMIT (or ROLLBACK, after a
 * failure) then finds it ended and is answered here, where PostgreSQL would only have warned;
 * any other statement in between is refused, as it would run outside the transaction.
 */
export class PreparingClient extends pg.Client {
  private endedEarly = false;

  // pg's overloads cannot be restated one by one: the arguments pass through untouched.
  override query(...args: unknown[]): never {
    const [config] = args;
    const c = config as QueryConfig | null;
    const text = c && typeof c === 'object' && typeof c.text === 'string' ? c.text : typeof config === 'string' ? config : null;
    if (this.endedEarly) {
      if (text === 'commit' || text === 'rollback') {
        this.endedEarly = false;
        return Promise.resolve({ command: text.toUpperCase(), rowCount: null, oid: 0, rows: [], fields: [] }) as never;
      }
      return Promise.reject(new Error('A statement was sent after commitWith() ended its transaction.')) as never;
    }
    if (text === COMMIT_WITH_LAST) this.endedEarly = true;
    else if (c && text !== null && typeof c === 'object' && !c.name) {
      const name = nameFor(text);
      if (name) args[0] = { ...(config as object), name };
    }
    return (super.query as (...a: unknown[]) => never).apply(this, args);
  }
}
