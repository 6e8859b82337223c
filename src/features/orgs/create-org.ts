import { organizations } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type Services } from '../../services.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { OrgRow } from './repository.js';
import type { CreateOrgInput } from './schemas.js';

/** The platform operator creates an organization (a plan). */
export async function createOrg(services: Services, actor: Actor, input: CreateOrgInput): Promise<OrgRow> {
  if (actor.kind !== 'operator') throw new AppError('forbidden', 'Only the platform operator can create organizations.');
  return inTransaction(services, async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({
        name: input.name.trim(),
        slug: input.slug,
        kind: input.kind,
        seats: input.seats,
        renewalDate: input.renewalDate ?? null,
        ...(input.invitationExpiryDays !== undefined ? { invitationExpiryDays: input.invitationExpiryDays } : {}),
      })
      .onConflictDoNothing({ target: organizations.slug })
      .returning();
    if (!org) throw new AppError('conflict', `The slug "${input.slug}" is already taken by another organization.`);
    await recordAudit(
      tx,
      { orgId: org.id, accountId: null, label: 'operator', ip: actor.ip },
      {
        action: 'org.created',
        targetType: 'organization',
        targetId: org.id,
        data: { name: org.name, slug: org.slug, kind: org.kind, seats: org.seats },
      },
    );
    return org;
  });
}
