import { and, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { accounts, memberships, organizations } from '../../db/schema.js';
import type { Cursor } from '../../http/cursor.js';
import { AppError } from '../../lib/errors.js';
import { escapeLike } from '../../lib/like.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import type { OrgRow } from './repository.js';

export interface OrgListItem {
  readonly org: OrgRow;
  readonly myRole: string;
}

/**
 * The operator sees every organization; a person sees those where they are an active
 * member ("my organizations"). Newest first, keyset-paginated.
 */
export async function listOrgs(
  services: Services,
  actor: Actor,
  input: { q?: string; cursor: Cursor | null; limit: number },
): Promise<OrgListItem[]> {
  const { db } = services;
  const after = input.cursor
    ? sql`(${organizations.createdAt}, ${organizations.id}) < (select c.created_at, c.id from organizations c where c.id = ${input.cursor.id})`
    : undefined;
  const search = input.q
    ? or(ilike(organizations.name, `%${escapeLike(input.q)}%`), ilike(organizations.slug, `%${escapeLike(input.q)}%`))
    : undefined;
  if (actor.kind === 'operator') {
    const rows = await db
      .select()
      .from(organizations)
      .where(and(after, search))
      .orderBy(desc(organizations.createdAt), desc(organizations.id))
      .limit(input.limit);
    return rows.map((org) => ({ org, myRole: 'operator' }));
  }
  if (actor.kind === 'key') {
    // An integration sees the one organization its key belongs to.
    const rows = await db
      .select()
      .from(organizations)
      .where(and(eq(organizations.id, actor.orgId), after, search))
      .limit(input.limit);
    return rows.map((org) => ({ org, myRole: actor.role }));
  }
  if (actor.kind !== 'account') throw new AppError('unauthenticated', 'Sign in to continue.');
  const rows = await db
    .select({ org: organizations, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.accountId, actor.accountId), eq(memberships.status, 'active'), after, search))
    .orderBy(desc(organizations.createdAt), desc(organizations.id))
    .limit(input.limit);
  return rows.map((row) => ({ org: row.org, myRole: row.role }));
}
