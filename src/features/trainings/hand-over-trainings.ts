import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { trainings } from '../../db/schema.js';

/**
 * When a member leaves, the trainings they own pass to another member, usually an admin
 * . Runs in the caller's transaction; returns how many trainings changed hands.
 */
export async function ownedTrainingsHandOver(
  tx: Db,
  input: { orgId: string; fromMembershipId: string; toMembershipId: string },
): Promise<number> {
  if (input.fromMembershipId === input.toMembershipId) return 0;
  const rows = await tx
    .update(trainings)
    .set({ ownerMembershipId: input.toMembershipId })
    .where(and(eq(trainings.orgId, input.orgId), eq(trainings.ownerMembershipId, input.fromMembershipId)))
    .returning({ id: trainings.id });
  return rows.length;
}
