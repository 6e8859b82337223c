import { looksLikeToken } from '../../lib/tokens.js';
import type { Services } from '../../services.js';
import type { Actor } from './actor.js';
import { findLivePasswordToken } from './repository.js';
import type { PasswordTokenViewType } from './schemas.js';
import { tokenInvalid } from './set-password.js';

/** Lets the set-password page greet the person before they choose a password. Reading does not use the link up. */
export async function getPasswordToken(services: Services, _actor: Actor, token: string): Promise<PasswordTokenViewType> {
  if (!looksLikeToken(token)) throw tokenInvalid();
  const live = await findLivePasswordToken(services.db, token);
  if (!live) throw tokenInvalid();
  return { purpose: live.purpose, email: live.email, username: live.username, firstName: live.firstName };
}
