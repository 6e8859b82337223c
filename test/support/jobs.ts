import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { createSender } from '../../src/features/webhooks/send-webhook.js';
import type { JobContext } from '../../src/jobs/define.js';
import { outboxTransport } from '../../src/mail/transport.js';

/** What a job or a periodic task gets in a test that runs it without a whole Roster. */
export function testJobContext(db: Db): JobContext {
  return {
    db,
    databaseKind: 'pglite',
    config: loadConfig({}),
    transport: outboxTransport(),
    importChunkSize: 500,
    jobsQueued: () => undefined,
    webhookSender: createSender({ allowPrivate: false, timeoutMs: 1000 }),
  };
}
