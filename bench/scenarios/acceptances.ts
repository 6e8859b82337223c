import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { queryRows } from '../../src/db/sql.js';
import { hashPassword } from '../../src/lib/password.js';
import { expectStatus } from '../client.js';
import type { Context } from '../fixtures.js';
import { runPool, type Summary } from '../measure.js';

const LINK = /\/invite\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;

/**
 * Invitation links from the outbox: with no SMTP configured every queued email keeps its
 * text, or its words (an invitation of many addresses), which carry `<PUBLIC_URL>/invite/<token>`
 * (tokens are stored only hashed).
 */
export async function collectTokens(db: Db, orgId: string, limit: number): Promise<string[]> {
  const rows = await queryRows<{ text: string | null }>(
    db,
    sql`select coalesce(text, body #>> '{action,url}') as text from emails where org_id = ${orgId} and kind = 'invitation' order by created_at, id limit ${limit}`,
  );
  const tokens = rows.map((row) => LINK.exec(row.text ?? '')?.[1]).filter((token): token is string => token !== undefined);
  if (tokens.length < limit) throw new Error(`accept: found ${tokens.length} invitation links in the outbox, wanted ${limit}`);
  return tokens;
}

/**
 * New people accept, each from their own address (acceptances are rate-limited per
 * address); `first` numbers the callers so that consecutive runs use new addresses.
 */
export async function acceptAll(context: Context, tokens: readonly string[], concurrency: number, first = 0): Promise<Summary> {
  return runPool(tokens.length, concurrency, async (i) => {
    const index = first + i;
    const body = { firstName: 'Bench', lastName: `Person ${index}`, password: `a long bench password ${index}`, acceptTerms: true };
    const response = await context.client.request('POST', `/api/v1/invitations/${tokens[i]}/accept`, body, { from: index });
    expectStatus(response, 200, 'accept');
  });
}

export interface HashCost {
  /** One hash at a time. */
  readonly sequential: Summary;
  /** `concurrency` at a time, as the acceptances ran. */
  readonly parallel: Summary;
}

/** The password hash alone (argon2id, 19 MiB, 2 passes), outside any request. */
export async function measureHashing(samples: number, concurrency: number): Promise<HashCost> {
  const hash = async (index: number): Promise<void> => {
    await hashPassword(`a long bench password ${index}`);
  };
  const sequential = await runPool(samples, 1, hash);
  const parallel = await runPool(samples * concurrency, concurrency, hash);
  return { sequential, parallel };
}
