import { AppError } from '../../lib/errors.js';
import type { OrgRow } from './repository.js';
import type { UpdateOrgInput } from './schemas.js';

/** The zone's canonical name, or null when the runtime does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * Checks the learner-facing settings before they are saved, so the database's own
 * check never answers with a bare 500: a time zone the runtime knows, and a learning
 * platform given as both a name and an http(s) address, or neither. Returns the input with
 * the zone's canonical name and blank platform fields as null.
 */
export function checkLearningSettings(before: OrgRow, input: UpdateOrgInput): UpdateOrgInput {
  const out: UpdateOrgInput = { ...input };
  if (input.timeZone !== undefined) {
    const zone = canonicalTimeZone(input.timeZone.trim());
    if (!zone) {
      throw new AppError('validation_failed', `"${input.timeZone}" is not a time zone. Use a name such as "Europe/Paris" or "UTC".`, {
        errors: [{ field: '/timeZone', message: 'is not a known time zone' }],
      });
    }
    out.timeZone = zone;
  }
  const url = input.learningPlatformUrl === undefined ? before.learningPlatformUrl : input.learningPlatformUrl?.trim() || null;
  const name = input.learningPlatformName === undefined ? before.learningPlatformName : input.learningPlatformName?.trim() || null;
  if (url !== null && !isWebAddress(url)) {
    throw new AppError(
      'validation_failed',
      'The learning platform address must be a full web address starting with https:// (or http://).',
      {
        errors: [{ field: '/learningPlatformUrl', message: 'must start with https://' }],
      },
    );
  }
  if ((url === null) !== (name === null)) {
    const missing = url === null ? 'learningPlatformUrl' : 'learningPlatformName';
    throw new AppError('validation_failed', 'Give the learning platform both a name and an address, or neither.', {
      errors: [{ field: `/${missing}`, message: 'is required with the other' }],
    });
  }
  if (input.learningPlatformUrl !== undefined) out.learningPlatformUrl = url;
  if (input.learningPlatformName !== undefined) out.learningPlatformName = name;
  return out;
}

function isWebAddress(value: string): boolean {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
