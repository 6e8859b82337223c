import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships, organizations } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { requirePerson } from '../auth/require-person.js';
import { listTrainingsOfMember, type MemberTrainingRow } from '../trainings/repository.js';

export interface LearningOrgRow {
  readonly org: Pick<typeof organizations.$inferSelect, 'id' | 'name' | 'timeZone' | 'learningPlatformName' | 'learningPlatformUrl'>;
  readonly trainings: MemberTrainingRow[];
}

/**
 * "My learning": every organization the caller is an active member of, with the
 * trainings and sessions assigned to them there. A person belongs to a handful of
 * organizations, so one query per organization reads each through its own keys.
 */
export async function listMyLearning(db: Db, actor: Actor): Promise<LearningOrgRow[]> {
  const accountId = requirePerson(actor, 'see your learning');
  const orgs = await db
    .select({
      membershipId: memberships.id,
      id: organizations.id,
      name: organizations.name,
      timeZone: organizations.timeZone,
      learningPlatformName: organizations.learningPlatformName,
      learningPlatformUrl: organizations.learningPlatformUrl,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.status, 'active')))
    .orderBy(asc(organizations.name), asc(organizations.id));
  return Promise.all(
    orgs.map(async ({ membershipId, ...org }) => {
      const trainings = await listTrainingsOfMember(db, org.id, membershipId);
      // Sessions to come first, soonest first; then the rest as assigned.
      const now = Date.now();
      const upcoming = (row: MemberTrainingRow) => (row.startsAt && row.startsAt.getTime() > now ? row.startsAt.getTime() : Infinity);
      return { org, trainings: [...trainings].sort((a, b) => upcoming(a) - upcoming(b)) };
    }),
  );
}
