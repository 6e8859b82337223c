import type { EmailStatus } from '../../db/schema.js';
import { foldIdentifier } from '../../lib/email-address.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { decodeKeyset, encodeKeyset, TIMESTAMP_KEY } from '../members/keyset.js';
import { authorizeOutbox } from './policy.js';
import { listOutboxRecords, type OutboxRecord } from './repository.js';

const SORT = '-created';

/**
 * Every email of the installation, newest first: in the embedded default this is the
 * local mailbox where invitations and links can be read. Operator only.
 */
export async function listOutbox(
  services: Services,
  actor: Actor,
  query: { to?: string; kind?: string; status?: EmailStatus; cursor?: string; limit?: number },
): Promise<{ items: OutboxRecord[]; nextCursor: string | null }> {
  authorizeOutbox(actor);
  const limit = query.limit ?? 50;
  const after = decodeKeyset(query.cursor, SORT, TIMESTAMP_KEY);
  // Addresses are stored folded (lower case, punycode domain): the filter is folded the same way.
  const to = query.to?.trim() ? foldIdentifier(query.to) : undefined;
  const rows = await listOutboxRecords(services.db, {
    ...(to ? { to } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
    after,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeKeyset({ sort: SORT, value: last.created_key, id: last.id }) : null,
  };
}
