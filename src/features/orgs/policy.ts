import { AppError } from '../../lib/errors.js';
import type { OrgActor } from '../access/org-actor.js';
import { can } from '../access/permissions.js';
import type { UpdateOrgInput } from './schemas.js';

const PLAN_FIELDS = ['slug', 'kind', 'seats', 'renewalDate', 'maxMembers', 'publicDomainsAllowed'] as const;

/** Organization settings: admins. Plan fields (seats, kind, renewal, slug): the operator only. */
export function authorizeOrgUpdate(actor: OrgActor, input: UpdateOrgInput): void {
  if (actor.kind === 'operator') return;
  const planField = PLAN_FIELDS.find((field) => input[field] !== undefined);
  if (planField) throw new AppError('forbidden', `Only the platform operator can change "${planField}".`);
  if (!can(actor, 'org.settings')) throw new AppError('forbidden', 'Only administrators can change organization settings.');
}
