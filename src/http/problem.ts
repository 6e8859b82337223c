import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasSqlState } from '../db/sql-state.js';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../lib/errors.js';

const TITLES: Record<ErrorCode, string> = {
  malformed_request: 'Malformed request',
  validation_failed: 'Invalid input',
  domain_not_allowed: 'Address outside the accepted domains',
  unauthenticated: 'Not signed in',
  invalid_credentials: 'Wrong sign-in details',
  forbidden: 'Not allowed',
  csrf_failed: 'Missing or wrong CSRF token',
  role_too_high: 'Role above your own',
  trial_restricted: 'Not available on a trial plan',
  wrong_account: 'Signed in as someone else',
  not_found: 'Not found',
  conflict: 'Conflict',
  already_member: 'Already a member',
  no_seat: 'No free seat',
  member_limit: 'Member limit reached',
  invitation_accepted: 'Invitation already used',
  invitation_cancelled: 'Invitation cancelled',
  invitation_superseded: 'Invitation replaced by a newer one',
  invitation_expired: 'Invitation expired',
  way_in_closed: 'This way in was closed',
  token_invalid: 'Link not valid',
  payload_too_large: 'Request too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many attempts',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  errors?: readonly FieldError[];
}

export function problemOf(code: ErrorCode, detail: string, instance: string, errors?: readonly FieldError[]): Problem {
  return {
    type: `https://roster.dev/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[code],
    status: ERROR_CODES[code],
    code,
    detail,
    instance,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Fastify's own errors carry codes; each known one maps to one of ours. */
function fromFastify(error: FastifyError): AppError | null {
  if (error.validation) {
    const errors = error.validation.map((v) => ({
      field: v.instancePath || (typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '/'),
      message: v.message ?? 'is invalid',
    }));
    const where = error.validationContext ?? 'request';
    const first = errors[0];
    return new AppError('validation_failed', `The ${where} is not valid${first ? `: ${first.field} ${first.message}` : ''}.`, { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_request', 'The request body is empty but JSON was announced.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_request', 'The request body is not valid JSON.');
    default:
      break;
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return new AppError('malformed_request', 'The request body is not valid JSON.');
  }
  if (error.statusCode === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (error.statusCode === 415) return new AppError('unsupported_media_type', 'This content type is not accepted here.');
  return null;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const problem = problemOf(error.code, error.message, request.url.split('?')[0] ?? request.url, error.details.errors);
  if (error.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.details.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = error instanceof AppError ? error : (fromFastify(error) ?? (hasSqlState(error, '23505') ? conflictFromDb() : null));
  if (known) {
    if (known.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, known);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, request, new AppError('internal', 'Something went wrong on our side. The error was logged; please try again.'));
}

function conflictFromDb(): AppError {
  return new AppError('conflict', 'Another request changed the same record at the same time. Please try again.');
}
