import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { testJobContext } from '../../test/support/jobs.js';
import { queryRows } from '../db/sql.js';
import { definePeriodic } from './define.js';
import { PERIODIC_TASKS } from './definitions.js';
import { startPeriodicTasks } from './periodic.js';

const quiet = { warn: () => undefined, error: () => undefined };

describe('periodic tasks', () => {
  const database = useFreshDatabase();
  const context = () => testJobContext(database().db);

  it('runs each task once per period however many instances poll, and records a failure', async () => {
    const runs: string[] = [];
    const tasks = [
      definePeriodic({ name: 'test-sweep', everySeconds: 60, run: async () => void runs.push('sweep') }),
      definePeriodic({
        name: 'test-broken',
        everySeconds: 60,
        run: async () => {
          runs.push('broken');
          throw new Error('the sweep hit a wall');
        },
      }),
    ];
    const instances = ['a', 'b', 'c'].map((instance) =>
      startPeriodicTasks({ db: database().db, tasks, context: context(), logger: quiet, instance, autoStart: false }),
    );
    // Three instances at the same moment: each task runs on one of them.
    const ran = await Promise.all(instances.map((runner) => runner.runDue()));
    expect(runs.sort()).toEqual(['broken', 'sweep']);
    expect(ran.flat().sort()).toEqual(['test-broken', 'test-sweep']);
    // Within the period, nobody runs them again.
    expect(await instances[1]?.runDue()).toEqual([]);
    const [broken] = await queryRows<{ last_error: string; last_run_by: string; next_in: number }>(
      database().db,
      sql`select last_error, last_run_by, round(extract(epoch from next_run_at - now()))::int as next_in
          from periodic_tasks where name = 'test-broken'`,
    );
    expect(broken?.last_error).toBe('the sweep hit a wall');
    expect(['a', 'b', 'c']).toContain(broken?.last_run_by);
    expect(broken?.next_in).toBeGreaterThan(55);
    // Its period over, the next poll runs it.
    await database().db.execute(sql`update periodic_tasks set next_run_at = now() where name = 'test-sweep'`);
    expect(await instances[2]?.runDue()).toEqual(['test-sweep']);
    await Promise.all(instances.map((runner) => runner.stop()));
  });

  it("runs Roster's own sweeps: every one declared runs without error on an empty database", async () => {
    const runner = startPeriodicTasks({
      db: database().db,
      tasks: PERIODIC_TASKS,
      context: context(),
      logger: quiet,
      instance: 'x',
      autoStart: false,
    });
    expect((await runner.runDue()).sort()).toEqual(PERIODIC_TASKS.map((task) => task.name).sort());
    const failed = await queryRows(
      database().db,
      sql`select name, last_error from periodic_tasks where last_error is not null and name not like 'test-%'`,
    );
    expect(failed).toEqual([]);
    await runner.stop();
  });
});
