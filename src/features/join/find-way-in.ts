import type { Db } from '../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { looksLikeToken } from '../../lib/tokens.js';
import { linkWayIn, pageWayIn, type WayInState } from '../invitations/way-in.js';
import { findJoinPageBySlug } from '../join-page/repository.js';
import { findLinkByKey } from '../links/repository.js';
import { getOrg, type OrgRow } from '../orgs/repository.js';

/**
 * What `/join/{key}` points at: a link's key (43 random characters) or a join page's slug
 * (at most 40), so the two never collide. Unknown keys, and pages never turned on, are "not
 * found" alike; a way in that closed says so and whom to ask.
 */
export async function findWayIn(db: Db, key: string): Promise<{ org: OrgRow; way: WayInState }> {
  const notValid = new AppError('not_found', 'This join address is not valid. Check that you copied the whole address.');
  if (looksLikeToken(key)) {
    const link = await findLinkByKey(db, key);
    if (!link) throw notValid;
    const org = await getOrg(db, link.orgId);
    return { org, way: await linkWayIn(db, org, link) };
  }
  if (key.length > 40) throw notValid;
  const page = await findJoinPageBySlug(db, key);
  if (!page) throw notValid;
  const org = await getOrg(db, page.orgId);
  return { org, way: await pageWayIn(db, org, page) };
}

/** The way in, refused with its sentence when it closed. */
export async function findOpenWayIn(db: Db, key: string): Promise<{ org: OrgRow; way: WayInState }> {
  const found = await findWayIn(db, key);
  if (found.way.closed) throw new AppError('way_in_closed', found.way.closed);
  return found;
}
