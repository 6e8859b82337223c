import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { inviteLinks, joinPages } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { displayName, findAccountById } from '../accounts/repository.js';
import type { OrgRow } from '../orgs/repository.js';

/**
 * A self-serve way in — a shareable link or the join page — as the visitor's
 * pages and the acceptance of the invitations it issued see it. One place decides whether it
 * is open and words why not, naming whom to ask.
 */
export interface WayInState {
  readonly via: 'link' | 'join_page';
  readonly linkId: string | null;
  readonly generation: number;
  /** `request`: a verified visitor waits for approval. */
  readonly mode: 'join' | 'request';
  readonly teamId: string | null;
  /** Empty: any verified address (a join page without an allow-list). */
  readonly domains: readonly string[];
  /** How the confirmation email names it. */
  readonly name: string;
  /** Null while open; else the sentence the visitor reads. */
  readonly closed: string | null;
}

type LinkRow = typeof inviteLinks.$inferSelect;
type PageRow = typeof joinPages.$inferSelect;

async function whomToAsk(db: Db, org: OrgRow, createdBy: string | null): Promise<string> {
  const creator = createdBy ? await findAccountById(db, createdBy) : null;
  return creator
    ? `Ask ${displayName(creator)} or another administrator of ${org.name} for a new way in.`
    : `Ask an administrator of ${org.name} for a new way in.`;
}

export async function linkWayIn(db: Db, org: OrgRow, link: LinkRow, now = new Date()): Promise<WayInState> {
  let why: string | null = null;
  if (!link.enabled) why = `This link to ${org.name} was turned off.`;
  else if (link.expiresAt !== null && link.expiresAt <= now)
    why = `This link to ${org.name} expired on ${link.expiresAt.toUTCString().slice(0, 16)}.`;
  else if (link.maxUses !== null && link.uses >= link.maxUses) why = `This link to ${org.name} has been used as many times as it allows.`;
  return {
    via: 'link',
    linkId: link.id,
    generation: link.generation,
    mode: link.mode,
    teamId: link.teamId,
    domains: link.domains,
    name: `the sign-up link of ${org.name}`,
    closed: why ? `${why} ${await whomToAsk(db, org, link.createdBy)}` : null,
  };
}

export async function pageWayIn(db: Db, org: OrgRow, page: PageRow): Promise<WayInState> {
  return {
    via: 'join_page',
    linkId: null,
    generation: page.generation,
    mode: page.mode,
    teamId: page.teamId,
    domains: page.domains,
    name: `the join page of ${org.name}`,
    closed: page.enabled ? null : `The join page of ${org.name} was turned off. ${await whomToAsk(db, org, null)}`,
  };
}

/**
 * Refuses an invitation issued by a link or the join page once that way in closed: turned
 * off, expired, used up, rotated or moved. Other invitations pass.
 */
export async function assertWayInOpen(
  db: Db,
  org: OrgRow,
  invitation: { via: 'link' | 'join_page' | null; linkId: string | null; wayInGeneration: number | null },
): Promise<WayInState | null> {
  if (invitation.via === null) return null;
  let state: WayInState | null = null;
  if (invitation.via === 'link' && invitation.linkId) {
    const [link] = await db
      .select()
      .from(inviteLinks)
      .where(and(eq(inviteLinks.orgId, org.id), eq(inviteLinks.id, invitation.linkId)))
      .limit(1);
    if (link) state = await linkWayIn(db, org, link);
  } else if (invitation.via === 'join_page') {
    const [page] = await db.select().from(joinPages).where(eq(joinPages.orgId, org.id)).limit(1);
    if (page) state = await pageWayIn(db, org, page);
  }
  const what = invitation.via === 'link' ? `The link to ${org.name} you used` : `The join page of ${org.name}`;
  const ask = await whomToAsk(db, org, null);
  if (!state) throw new AppError('way_in_closed', `${what} no longer exists. ${ask}`);
  if (state.closed) throw new AppError('way_in_closed', state.closed);
  if (state.generation !== invitation.wayInGeneration) {
    const moved = invitation.via === 'link' ? `${what} was replaced by a new one.` : `${what} moved to a new address.`;
    throw new AppError('way_in_closed', `${moved} ${ask}`);
  }
  return state;
}
