import type { Services } from '../../services.js';
import type { Actor } from './actor.js';
import type { SessionViewType } from './schemas.js';
import { ANONYMOUS_VIEW, OPERATOR_VIEW, sessionViewFor } from './session-view.js';

/** Who the caller is: anonymous, the operator, or a person with their organizations and CSRF token. */
export async function getSession(services: Services, actor: Actor, sessionToken: string | null): Promise<SessionViewType> {
  if (actor.kind === 'operator') return OPERATOR_VIEW;
  if (actor.kind !== 'account' || !sessionToken) return ANONYMOUS_VIEW;
  return sessionViewFor(services.db, actor.accountId, sessionToken);
}
