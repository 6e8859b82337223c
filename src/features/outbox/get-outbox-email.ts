import { notFound } from '../../lib/errors.js';
import type { Services } from '../../services.js';
import type { Actor } from '../auth/actor.js';
import { authorizeOutbox } from './policy.js';
import { findOutboxMessage, type OutboxMessage } from './repository.js';

/** One email with its bodies; they are null once delivered over SMTP (the links in them are single use). */
export async function getOutboxEmail(services: Services, actor: Actor, emailId: string): Promise<OutboxMessage> {
  authorizeOutbox(actor);
  const message = await findOutboxMessage(services.db, emailId);
  if (!message) throw notFound('The email');
  return message;
}
