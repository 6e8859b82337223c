/**
 * One error type for every refusal, with a closed set of codes. The HTTP layer maps each
 * code to a status and a problem+json body; domain code never imports transport types.
 */
export const ERROR_CODES = {
  malformed_request: 400,
  validation_failed: 400,
  domain_not_allowed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  role_too_high: 403,
  trial_restricted: 403,
  wrong_account: 403,
  not_found: 404,
  conflict: 409,
  already_member: 409,
  no_seat: 409,
  member_limit: 409,
  invitation_accepted: 410,
  invitation_cancelled: 410,
  invitation_superseded: 410,
  invitation_expired: 410,
  way_in_closed: 410,
  token_invalid: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** JSON pointer to the offending field, e.g. "/emails/2". */
  readonly field: string;
  readonly message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { readonly errors?: readonly FieldError[]; readonly retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} was not found.`);
export const forbidden = (why: string): AppError => new AppError('forbidden', why);
