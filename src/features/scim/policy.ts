import type { Actor } from '../auth/actor.js';
import { ScimError } from './errors.js';

/**
 * The SCIM server's one rule of access: an API key carrying the `scim` scope, whose
 * organization is the one provisioned. What the key may then do is its role's, decided by the
 * same policies as the REST API (set-up needs an administrator or user admin key).
 */
export function scimOrgOf(actor: Actor): string {
  if (actor.kind !== 'key') {
    throw new ScimError(401, 'Call the SCIM server with "Authorization: Bearer <API key>", a key made with the "scim" scope.');
  }
  if (!actor.scopes.includes('scim')) {
    throw new ScimError(403, `${actor.label} lacks the "scim" scope. An administrator can create a provisioning key with it.`);
  }
  return actor.orgId;
}
