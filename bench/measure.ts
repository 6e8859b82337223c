/** Timing helpers: a bounded pool of concurrent operations and the figures drawn from it. */

export interface Summary {
  /** Operations that succeeded (their latencies are the samples). */
  readonly count: number;
  readonly errors: number;
  readonly firstError: string | null;
  /** Wall-clock time of the whole run. */
  readonly wallMs: number;
  /** Operations per second over the wall-clock time (successful ones). */
  readonly perSecond: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(samples: readonly number[], wallMs: number, errors: readonly string[] = []): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    errors: errors.length,
    firstError: errors[0] ?? null,
    wallMs,
    perSecond: wallMs > 0 ? (sorted.length * 1000) / wallMs : Number.NaN,
    meanMs: sorted.length > 0 ? total / sorted.length : Number.NaN,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

export const now = (): number => performance.now();

/** Times one async call. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = now();
  const value = await fn();
  return { value, ms: now() - start };
}

/**
 * Runs `total` operations, at most `concurrency` at a time, and times each. An operation
 * reports failure by throwing; the message is kept and the run goes on.
 */
export async function runPool(total: number, concurrency: number, operation: (index: number) => Promise<void>): Promise<Summary> {
  const samples: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next;
      next += 1;
      const start = now();
      try {
        await operation(index);
        samples.push(now() - start);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, worker));
  return summarize(samples, now() - start, errors);
}
