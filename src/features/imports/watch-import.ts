import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { openImport } from './policy.js';
import { findImport, type ImportRecord } from './repository.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const FINAL = new Set(['done', 'failed']);

/**
 * The import as it moves on, read from the database every `everyMs`, until it is finished or
 * `isOpen()` says the watcher left. Reading the database (not an in-process event) lets any
 * instance serve the watcher, whichever instance runs the import.
 */
export async function watchImport(
  services: Services,
  actor: Actor,
  orgId: string,
  importId: string,
  options: { everyMs: number; isOpen: () => boolean },
): Promise<AsyncIterable<ImportRecord>> {
  const { db } = services;
  await openImport(db, actor, orgId, importId);
  async function* updates(): AsyncIterable<ImportRecord> {
    let last = '';
    while (options.isOpen()) {
      const record = await findImport(db, orgId, importId);
      const state = `${record.status}:${record.rowsDone}`;
      if (state !== last) yield record;
      last = state;
      if (FINAL.has(record.status)) return;
      await sleep(options.everyMs);
    }
  }
  return updates();
}
