import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../../test/support/database.js';
import { enqueueMany } from './queue.js';
import { createWorker } from './worker.js';

describe('job worker', () => {
  const database = useFreshDatabase();

  it('lets the event loop serve others between full batches', async () => {
    const total = 60;
    let ran = 0;
    const worker = createWorker({
      db: database().db,
      logger: { warn: () => undefined, error: () => undefined },
      batchSize: 2,
      // A handler that settles at once, as the local outbox does.
      handlers: {
        'send-email': {
          batch: async (jobs) => {
            ran += jobs.length;
            return jobs.map(() => null);
          },
        },
      },
    });
    try {
      await enqueueMany(
        database().db,
        'send-email',
        Array.from({ length: total }, (_, i) => ({ emailId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })),
      );
      // A request arriving meanwhile: it must get its turn before the whole queue is through.
      const seenAt = await new Promise<number>((resolve) => {
        worker.nudge();
        setImmediate(() => setImmediate(() => resolve(ran)));
      });
      expect(seenAt).toBeLessThan(total);
      await expect.poll(() => ran, { timeout: 20_000 }).toBe(total);
    } finally {
      await worker.stop();
    }
  });
});
