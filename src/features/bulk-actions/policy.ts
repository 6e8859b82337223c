import { AppError, notFound } from '../../lib/errors.js';
import { isAdmin, type OrgActor } from '../access/org-actor.js';
import { authorize } from '../access/permissions.js';
import type { StartBulkInput } from './schemas.js';

/**
 * Starting a bulk action needs the right to change members at all; what may be done to each
 * person is decided per person, when their turn comes, by the policy of the single action
 * (rank, team scope, self, the last administrator), so a bulk action can never do more than
 * the same clicks one by one.
 */
export function authorizeBulkAction(actor: OrgActor): void {
  authorize(actor, 'members.change', 'act on many members at once');
}

/** A bulk action is seen by whoever started it and by administrators; to others it does not exist. */
export function authorizeReadBulkAction(
  actor: OrgActor,
  operation: { actor_account_id: string | null; actor_key_id: string | null },
): void {
  if (isAdmin(actor)) return;
  const mine =
    (actor.kind === 'member' && operation.actor_account_id === actor.accountId) ||
    (actor.kind === 'key' && operation.actor_key_id === actor.keyId);
  if (!mine) throw notFound('The bulk action');
}

const refuse = (field: string, message: string, sentence: string): AppError =>
  new AppError('validation_failed', sentence, { errors: [{ field, message }] });

/** The request names whom (a selection or a filter, not both) and what the action needs, nothing it does not. */
export function checkBulkRequest(input: StartBulkInput): void {
  if (input.ids === undefined && input.filter === undefined) {
    throw refuse('/ids', 'is missing', 'Choose the people to act on: send their ids, or the filter that finds them.');
  }
  if (input.ids !== undefined && input.filter !== undefined) {
    throw refuse('/filter', 'comes with ids', 'Send either the chosen ids or a filter, not both.');
  }
  if (input.ids?.length === 0) throw refuse('/ids', 'is empty', 'Nobody is selected: choose at least one person.');
  if (input.action === 'change_role' && input.role === undefined) {
    throw refuse('/role', 'is missing', 'Choose the role to give them.');
  }
  if (input.action !== 'change_role' && input.role !== undefined) {
    throw refuse('/role', 'is only for change_role', 'A role goes with "change role" only.');
  }
  if (input.action === 'add_to_team' && input.teamId === undefined) {
    throw refuse('/teamId', 'is missing', 'Choose the team to add them to.');
  }
  if (input.action !== 'add_to_team' && input.teamId !== undefined) {
    throw refuse('/teamId', 'is only for add_to_team', 'A team goes with "add to a team" only.');
  }
  if (input.action !== 'resend' && input.message !== undefined) {
    throw refuse('/message', 'is only for resend', 'A personal message goes with "resend" only.');
  }
}
