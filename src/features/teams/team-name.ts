import { AppError } from '../../lib/errors.js';
import { TEAM_NAME_MAX, TEAM_NAME_MIN } from './schemas.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A team name as stored: trimmed, 2–200 characters (counted as the database counts them), on one line. */
export function cleanTeamName(raw: string): string {
  const name = raw.trim();
  const length = [...name].length;
  const invalid = (message: string, detail: string) => new AppError('validation_failed', detail, { errors: [{ field: '/name', message }] });
  if (length < TEAM_NAME_MIN) throw invalid('is too short', `A team name needs at least ${TEAM_NAME_MIN} characters.`);
  if (length > TEAM_NAME_MAX) throw invalid('is too long', `A team name can have at most ${TEAM_NAME_MAX} characters.`);
  if (CONTROL.test(name))
    throw invalid('has a control character', 'A team name cannot contain line breaks, tabs or other control characters.');
  return name;
}

/** "under "Sales"" or "at the top level", for sentences about where a team sits. */
export function placeOf(parent: { name: string } | null): string {
  return parent ? `under "${parent.name}"` : 'at the top level';
}
