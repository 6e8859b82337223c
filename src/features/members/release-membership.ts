import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { memberships, teamMembers, teamRoles, teams } from '../../db/schema.js';
import type { OrgActor } from '../access/org-actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { releaseMemberLicenses } from '../licenses/release-member-licenses.js';
import { ownedTrainingsHandOver } from '../trainings/hand-over-trainings.js';

/**
 * What leaving takes with it: add-on licenses are released (non-transferable
 * ones consumed), team places and team roles end, and the teams and trainings the person
 * owned pass to an administrator — the one removing them, or else the longest-standing
 * one — which the log records. The seat and billing are the caller's (active members only).
 */
export async function releaseMembership(tx: Db, actor: OrgActor, membershipId: string): Promise<void> {
  const { orgId } = actor;
  await releaseMemberLicenses(tx, { orgId, membershipId, actor });
  await tx.delete(teamRoles).where(and(eq(teamRoles.orgId, orgId), eq(teamRoles.membershipId, membershipId)));
  await tx.delete(teamMembers).where(and(eq(teamMembers.orgId, orgId), eq(teamMembers.membershipId, membershipId)));

  const heir = await heirAdmin(tx, actor, membershipId);
  if (!heir) return;
  const teamsHandedOver = await tx
    .update(teams)
    .set({ ownerMembershipId: heir })
    .where(and(eq(teams.orgId, orgId), eq(teams.ownerMembershipId, membershipId)))
    .returning({ id: teams.id });
  const trainingsHandedOver = await ownedTrainingsHandOver(tx, { orgId, fromMembershipId: membershipId, toMembershipId: heir });
  if (teamsHandedOver.length + trainingsHandedOver > 0) {
    await recordAudit(tx, actor, {
      action: 'member.resources_handed_over',
      targetType: 'membership',
      targetId: membershipId,
      data: { to: heir, teams: teamsHandedOver.length, trainings: trainingsHandedOver },
    });
  }
}

async function heirAdmin(tx: Db, actor: OrgActor, leaving: string): Promise<string | null> {
  if (actor.kind === 'member' && actor.role === 'admin' && actor.membershipId !== leaving) return actor.membershipId;
  const [admin] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(eq(memberships.orgId, actor.orgId), eq(memberships.status, 'active'), eq(memberships.role, 'admin'), ne(memberships.id, leaving)),
    )
    .orderBy(sql`${memberships.activatedAt} asc nulls last`, asc(memberships.id))
    .limit(1);
  return admin?.id ?? null;
}
