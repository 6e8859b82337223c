import { AppError } from '../../lib/errors.js';

/** Refusal codes a policy throws when the caller may not act; anything else is a real error. */
const REFUSALS = new Set(['forbidden', 'role_too_high']);

/**
 * Whether a policy check lets the caller through. Responses tell the caller what they may do
 * (`can: {…}`) by running the very function that refuses the request, so the screen and the
 * server cannot disagree (issue 17).
 */
export function allows(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof AppError && REFUSALS.has(error.code)) return false;
    throw error;
  }
}
