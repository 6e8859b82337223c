import type { Db } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import type { Actor } from '../auth/actor.js';
import { listMyLearning } from './list-my-learning.js';
import { sessionCalendar } from './session-calendar.js';

/**
 * The calendar file of a scheduled session assigned to the caller in one of their
 * organizations. Anything else (not theirs, not a session) is "not found", so nobody learns
 * of other organizations' sessions.
 */
export async function getSessionCalendar(
  db: Db,
  actor: Actor,
  input: { readonly trainingId: string; readonly publicUrl: string },
): Promise<{ filename: string; body: string }> {
  for (const { org, trainings } of await listMyLearning(db, actor)) {
    const session = trainings.find((training) => training.trainingId === input.trainingId);
    if (!session?.startsAt || session.kind !== 'session') continue;
    const body = sessionCalendar({
      uid: `${session.trainingId}@${new URL(input.publicUrl).hostname}`,
      title: session.title,
      startsAt: session.startsAt,
      location: session.location,
      description: `${org.name}, with your team ${session.teamName}.`,
      url: `${input.publicUrl}/my/trainings`,
    });
    const filename = `${
      session.title
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60) || 'session'
    }.ics`;
    return { filename, body };
  }
  throw notFound('The session');
}
