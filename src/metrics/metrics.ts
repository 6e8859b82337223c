import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/sql.js';

/**
 * What an operator's Prometheus scrapes. Request latencies are observed as requests
 * end; everything kept in the database (the job queue, emails, imports) is read at scrape
 * time, so every instance reports the same installation-wide figures from one place of truth.
 * A registry per Roster (not prom-client's global one): tests start several in one process.
 */
export interface Metrics {
  readonly registry: Registry;
  /** The text exposition, every gauge read afresh. */
  render(): Promise<string>;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
}

/** Counts scrapes, so that gauges fed by one query share it within a scrape. */
let scrapes = 0;

/** The same answer for every caller within one scrape: one query per scrape. */
function onePerScrape<T>(load: () => Promise<T>): () => Promise<T> {
  let last: { scrape: number; value: Promise<T> } | null = null;
  return () => {
    if (last?.scrape !== scrapes) last = { scrape: scrapes, value: load() };
    return last.value;
  };
}

export function createMetrics(db: Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'roster_' });
  const requests = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'HTTP request latency by route (the route pattern, never the URL: tokens stay out).',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // One read of the queue per scrape, shared by its three gauges (the registry collects them side by side).
  const jobFigures = onePerScrape(() =>
    queryRows<{ kind: string; n: number; age: number | null; running: number }>(
      db,
      sql`select kind, count(*) filter (where status = 'queued')::int as n,
            coalesce(extract(epoch from now() - min(run_at) filter (where status = 'queued' and run_at <= now())), 0)::float8 as age,
            count(*) filter (where status = 'running')::int as running
          from jobs where status in ('queued', 'running') group by kind`,
    ),
  );
  const jobGauge = (name: string, help: string, value: (row: { n: number; age: number | null; running: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['kind'] as const,
      registers: [registry],
      async collect() {
        const rows = await jobFigures();
        this.reset();
        for (const row of rows) this.set({ kind: row.kind }, Number(value(row) ?? 0));
      },
    });
  jobGauge('roster_jobs_queued', 'Jobs waiting in the queue, by kind.', (row) => row.n);
  jobGauge('roster_jobs_oldest_queued_age_seconds', 'How long the oldest due job of each kind has waited.', (row) => row.age ?? 0);
  jobGauge('roster_jobs_running', 'Jobs being worked, by kind.', (row) => row.running);
  new Gauge({
    name: 'roster_emails',
    help: 'Emails in the outbox by delivery state (queued, sent, failed).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from emails group by status`);
      this.reset();
      for (const status of ['queued', 'sent', 'failed']) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
    },
  });
  const importFigures = onePerScrape(async () => {
    const [row] = await queryRows<{ rate: number; n: number }>(
      db,
      sql`select coalesce(sum(rows_done / greatest(extract(epoch from now() - started_at), 1)), 0)::float8 as rate, count(*)::int as n
          from imports where status = 'committing' and started_at is not null`,
    );
    return { rate: Number(row?.rate ?? 0), n: Number(row?.n ?? 0) };
  });
  new Gauge({
    name: 'roster_import_rows_per_second',
    help: 'Rows per second of the imports being committed now, summed (0 when none is).',
    registers: [registry],
    async collect() {
      this.set((await importFigures()).rate);
    },
  });
  new Gauge({
    name: 'roster_imports_committing',
    help: 'Imports being committed now.',
    registers: [registry],
    async collect() {
      this.set((await importFigures()).n);
    },
  });
  return {
    registry,
    render() {
      scrapes += 1;
      return registry.metrics();
    },
    observeRequest: (labels, seconds) => requests.observe({ ...labels, status: String(labels.status) }, seconds),
  };
}
