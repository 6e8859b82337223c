import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pgArray, queryRows } from '../db/sql.js';
import type { JobContext, PeriodicTask } from './define.js';
import type { WorkerLogger } from './worker.js';

export interface PeriodicRunner {
  /** Runs every task whose period has come and that no other instance claimed first; returns their names. */
  runDue(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface PeriodicOptions {
  readonly db: Db;
  readonly tasks: readonly PeriodicTask[];
  readonly context: JobContext;
  readonly logger: WorkerLogger;
  readonly instance: string;
  /** How often this instance looks for due tasks (default 5 s). */
  readonly checkEveryMs?: number;
  /** false: nothing runs but what runDue() is asked to (tests, CLI). */
  readonly autoStart?: boolean;
}

/**
 * Runs periodic tasks, each once per period across all instances: an instance takes its turn
 * by moving the task's `next_run_at` on in one conditional update, which only one of several
 * instances polling at the same moment can do. A task cut off by a crash runs again at its next
 * period; the tasks are idempotent, so a run repeated (or overlapping a slow one) is harmless.
 */
export function startPeriodicTasks(options: PeriodicOptions): PeriodicRunner {
  const { db, tasks, logger, instance } = options;
  let known: Promise<unknown> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> = Promise.resolve();

  const register = () => {
    known ??= db
      .execute(
        sql`insert into periodic_tasks (name) select unnest(${pgArray(tasks.map((task) => task.name))}::text[]) on conflict do nothing`,
      )
      .catch((error: unknown) => {
        known = null;
        throw error;
      });
    return known;
  };

  async function runOne(task: PeriodicTask): Promise<boolean> {
    const claimed = await queryRows(
      db,
      sql`update periodic_tasks set next_run_at = now() + make_interval(secs => ${task.everySeconds}),
            last_started_at = now(), last_run_by = ${instance}
          where name = ${task.name} and next_run_at <= now()
          returning name`,
    );
    if (claimed.length === 0) return false;
    let error: string | null = null;
    try {
      await task.run(options.context);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      logger.warn({ task: task.name, err: error }, 'periodic task failed');
    }
    await db.execute(
      sql`update periodic_tasks set last_finished_at = now(), last_error = ${error?.slice(0, 2000) ?? null} where name = ${task.name}`,
    );
    return true;
  }

  async function runDue(): Promise<string[]> {
    await register();
    const ran: string[] = [];
    for (const task of tasks) {
      if (stopped) break;
      if (await runOne(task)) ran.push(task.name);
    }
    return ran;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = runDue()
        .catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'periodic tasks failed'))
        .finally(schedule);
    }, options.checkEveryMs ?? 5000);
    timer.unref();
  };
  if (options.autoStart !== false) schedule();

  return {
    runDue,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
