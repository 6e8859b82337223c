import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { openImport } from './policy.js';
import { type ImportRecord, pageRows, problemRows, type StoredRow } from './repository.js';

/** How many refused rows the preview shows at once; the rest page through `…/rows`. */
export const PROBLEMS_SHOWN = 50;

export async function getImport(
  services: Services,
  actor: Actor,
  orgId: string,
  importId: string,
): Promise<{ record: ImportRecord; problems: StoredRow[] }> {
  const { db } = services;
  const { record } = await openImport(db, actor, orgId, importId);
  const problems = await problemRows(db, importId, PROBLEMS_SHOWN);
  return { record, problems };
}

/** Rows of an import in file order, optionally with some verdicts (preview) or outcomes (report) only. */
export async function listImportRows(
  services: Services,
  actor: Actor,
  orgId: string,
  importId: string,
  options: { afterRow: number; limit: number; verdicts?: readonly string[]; by?: 'verdict' | 'outcome' },
): Promise<StoredRow[]> {
  const { db } = services;
  await openImport(db, actor, orgId, importId);
  return pageRows(db, importId, options);
}
