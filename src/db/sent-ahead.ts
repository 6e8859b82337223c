/**
 * A statement sent now and awaited later, so that it travels with the statements sent after it
 * (one round trip, the pool's clients being pipelined: decision 0023). If the caller throws
 * before awaiting it, its outcome no longer matters (the transaction rolls back): it is then
 * not reported as an unhandled rejection. Whoever awaits it still gets its error.
 */
export function sentAhead<T>(statement: Promise<T>): Promise<T> {
  statement.catch(() => undefined);
  return statement;
}
