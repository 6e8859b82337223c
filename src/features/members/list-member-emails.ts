import { and, eq } from 'drizzle-orm';
import { emails } from '../../db/schema.js';
import { newestFirst } from '../../db/sql.js';
import type { Services } from '../../services.js';
import { resolveOrgActor } from '../access/org-actor.js';
import { requirePersonInScope } from '../access/people-scope.js';
import type { Actor } from '../auth/actor.js';
import { authorizeViewMembers } from './policy.js';
import { requireMembership } from './repository.js';

/** A member's emails are few; the newest this many are listed. */
export const MEMBER_EMAILS_SHOWN = 200;

export type MemberEmailRow = Pick<
  typeof emails.$inferSelect,
  'id' | 'kind' | 'toAddress' | 'subject' | 'status' | 'attempts' | 'lastError' | 'createdAt' | 'sentAt'
>;

/**
 * The emails sent to a member, newest first, each with its delivery state and the mail
 * server's reason when it failed: the answer to "they never got it".
 */
export async function listMemberEmails(services: Services, actor: Actor, orgId: string, memberId: string): Promise<MemberEmailRow[]> {
  const orgActor = await resolveOrgActor(services.db, actor, orgId);
  authorizeViewMembers(orgActor, "see members' emails");
  await requireMembership(services.db, orgId, memberId);
  await requirePersonInScope(services.db, orgActor, memberId);
  return services.db
    .select({
      id: emails.id,
      kind: emails.kind,
      toAddress: emails.toAddress,
      subject: emails.subject,
      status: emails.status,
      attempts: emails.attempts,
      lastError: emails.lastError,
      createdAt: emails.createdAt,
      sentAt: emails.sentAt,
    })
    .from(emails)
    .where(and(eq(emails.orgId, orgId), eq(emails.membershipId, memberId)))
    .orderBy(newestFirst(emails.createdAt, emails.id))
    .limit(MEMBER_EMAILS_SHOWN);
}
