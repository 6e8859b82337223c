import pg from 'pg';

/**
 * Counts the SQL statements Roster sends to PostgreSQL, in bench mode only: pg's
 * `Client.prototype.query` is wrapped once, so BEGIN and COMMIT count like any other
 * statement. Read it around one operation run alone. (PGlite runs a transaction's statements
 * inside its own object, out of reach of such a wrapper: on PGlite nothing is counted.)
 */
let sent = 0;
let installed = false;

export function countStatements(): void {
  if (installed) return;
  installed = true;
  const wrap = (proto: Record<string, unknown>, name: string): void => {
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function counted(this: unknown, ...args: unknown[]) {
      sent += 1;
      return original.apply(this, args);
    };
  };
  wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query');
}

export const statementsSent = (): number => sent;

/** Statements sent while `operation` ran alone (nothing else may run meanwhile). */
export async function statementsOf(operation: () => Promise<void>): Promise<number> {
  const before = sent;
  await operation();
  return sent - before;
}
