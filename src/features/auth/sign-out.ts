import type { Services } from '../../services.js';
import type { Actor } from './actor.js';
import { deleteSession } from './sessions.js';

/** Ends the caller's session, if they have one. Signing out twice is not an error. */
export async function signOut(services: Services, _actor: Actor, sessionToken: string | null): Promise<void> {
  if (sessionToken) await deleteSession(services.db, sessionToken);
}
