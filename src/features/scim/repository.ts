import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, memberships, type ScimProfile } from '../../db/schema.js';

/** What the identity provider says of a person, beyond the account: kept on the membership. */
export interface StoredProfile extends ScimProfile {
  readonly employeeNumber: string | null;
  readonly department: string | null;
  /** The account was made by this organization's provisioning: its names follow the provider's. */
  readonly accountMade: boolean;
}

export async function saveScimProfile(
  tx: Db,
  orgId: string,
  membershipId: string,
  profile: StoredProfile,
  externalId: string | null,
): Promise<void> {
  await tx
    .update(memberships)
    .set({ scimProfile: profile, scimExternalId: externalId, scimUpdatedAt: sql`now()` })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.id, membershipId)));
}

/** Names of an account this organization made: the provider is where they are kept. */
export async function renameMadeAccount(tx: Db, orgId: string, membershipId: string, first: string, last: string): Promise<void> {
  await tx.execute(sql`
    update ${accounts} set first_name = ${first}, last_name = ${last}, updated_at = now()
    where id = (select account_id from memberships where org_id = ${orgId} and id = ${membershipId})`);
}
