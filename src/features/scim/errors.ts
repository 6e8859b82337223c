import { AppError, ERROR_CODES } from '../../lib/errors.js';

/** RFC 7644 §3.12: the detail error keywords Roster uses. */
export type ScimType =
  | 'uniqueness'
  | 'invalidFilter'
  | 'invalidValue'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'mutability'
  | 'noTarget'
  | 'tooMany'
  | 'invalidVers';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A refusal in SCIM's terms: a status, a sentence, and the keyword identity providers act on. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
    this.name = 'ScimError';
  }
}

export const invalidValue = (message: string): ScimError => new ScimError(400, message, 'invalidValue');
export const invalidFilter = (message: string): ScimError => new ScimError(400, message, 'invalidFilter');
export const invalidSyntax = (message: string): ScimError => new ScimError(400, message, 'invalidSyntax');
export const invalidPath = (message: string): ScimError => new ScimError(400, message, 'invalidPath');
export const noTarget = (message: string): ScimError => new ScimError(400, message, 'noTarget');
export const mutability = (message: string): ScimError => new ScimError(400, message, 'mutability');
export const tooMany = (message: string): ScimError => new ScimError(400, message, 'tooMany');
export const notFound = (what: string): ScimError => new ScimError(404, `${what} was not found in this organization.`);

/**
 * The SCIM form of any refusal: Roster's own errors keep their sentence and get the keyword
 * that says what an identity provider should do (a 409 on a person already there is
 * `uniqueness`, so it looks them up instead of retrying).
 */
export function toScimError(error: unknown): ScimError | null {
  if (error instanceof ScimError) return error;
  if (!(error instanceof AppError)) return null;
  const status = ERROR_CODES[error.code];
  switch (error.code) {
    case 'validation_failed':
    case 'malformed_request':
    case 'domain_not_allowed':
      return new ScimError(400, error.message, error.code === 'malformed_request' ? 'invalidSyntax' : 'invalidValue');
    case 'already_member':
      return new ScimError(409, error.message, 'uniqueness');
    case 'conflict':
      // Names and usernames taken are uniqueness; other conflicts (the last administrator) are not.
      return new ScimError(409, error.message, /taken|already/.test(error.message) ? 'uniqueness' : undefined);
    default:
      return new ScimError(status, error.message);
  }
}

export function errorBody(error: ScimError): Record<string, unknown> {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.message,
  };
}
