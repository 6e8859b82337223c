import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inviteLinks, teams } from '../../db/schema.js';
import { newestFirst } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import type { LinkState } from './schemas.js';

export type LinkRow = typeof inviteLinks.$inferSelect;
export type LinkWithTeam = LinkRow & { readonly teamName: string | null };

/** Whether the link lets people in now; a closed one says why. */
export function linkState(link: Pick<LinkRow, 'enabled' | 'expiresAt' | 'maxUses' | 'uses'>, now = new Date()): LinkState {
  if (!link.enabled) return 'disabled';
  if (link.expiresAt !== null && link.expiresAt <= now) return 'expired';
  if (link.maxUses !== null && link.uses >= link.maxUses) return 'exhausted';
  return 'open';
}

const withTeam = { link: inviteLinks, teamName: teams.name };

/** The organization's links, newest first; `teamIds` limits them to a manager's branch. */
export async function listLinkRows(db: Db, orgId: string, teamIds: readonly string[] | null): Promise<LinkWithTeam[]> {
  const rows = await db
    .select(withTeam)
    .from(inviteLinks)
    .leftJoin(teams, eq(teams.id, inviteLinks.teamId))
    .where(and(eq(inviteLinks.orgId, orgId), teamIds === null ? undefined : inArray(inviteLinks.teamId, [...teamIds])))
    .orderBy(newestFirst(inviteLinks.createdAt, inviteLinks.id))
    .limit(500);
  return rows.map((row) => ({ ...row.link, teamName: row.teamName }));
}

export async function getLinkForUpdate(db: Db, orgId: string, linkId: string): Promise<LinkRow> {
  const [row] = await db
    .select()
    .from(inviteLinks)
    .where(and(eq(inviteLinks.orgId, orgId), eq(inviteLinks.id, linkId)))
    .for('update')
    .limit(1);
  if (!row) throw notFound('The link');
  return row;
}

export async function withTeamName(db: Db, link: LinkRow): Promise<LinkWithTeam> {
  if (!link.teamId) return { ...link, teamName: null };
  const [row] = await db
    .select({ name: teams.name })
    .from(teams)
    .where(and(eq(teams.orgId, link.orgId), eq(teams.id, link.teamId)))
    .limit(1);
  return { ...link, teamName: row?.name ?? null };
}

/** A link by its public key (any organization: the key is the address). */
export async function findLinkByKey(db: Db, key: string): Promise<LinkRow | null> {
  const [row] = await db.select().from(inviteLinks).where(eq(inviteLinks.key, key)).limit(1);
  return row ?? null;
}

/** Counts a join against the link, only while it has uses left; false when it has none. */
export async function countLinkUse(db: Db, orgId: string, linkId: string): Promise<boolean> {
  const rows = await db
    .update(inviteLinks)
    .set({ uses: sql`${inviteLinks.uses} + 1`, lastUsedAt: sql`now()` })
    .where(
      and(
        eq(inviteLinks.orgId, orgId),
        eq(inviteLinks.id, linkId),
        sql`(${inviteLinks.maxUses} is null or ${inviteLinks.uses} < ${inviteLinks.maxUses})`,
      ),
    )
    .returning({ id: inviteLinks.id });
  return rows.length > 0;
}
