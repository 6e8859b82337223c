/** A refusal from Roster (problem+json), or a failure to reach it, as one error type. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
    readonly title = '',
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** The first message for a form field; `field` is the body property ("emails", "firstName"). */
  messageFor(field: string): string | undefined {
    const found = this.fieldErrors.find((error) => fieldName(error.field) === field);
    return found ? fieldSentence(found) : undefined;
  }
}

/** "/emails/2" → "emails", "/body/firstName" → "firstName", "password" → "password". */
export function fieldName(pointer: string): string {
  const parts = pointer.replace(/^#?\/+/, '').split('/');
  const first = parts[0] === 'body' ? parts[1] : parts[0];
  return first ?? '';
}

/**
 * Roster's field messages are sentences ("Enter your first name.") or, from schema checks,
 * fragments ("must be at least 5"): a fragment gets the field's name in front.
 */
export function fieldSentence(error: FieldError): string {
  const text = error.message.trim();
  if (!/^[a-z]/.test(text)) return text;
  const name = fieldName(error.field)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const label = name ? name.charAt(0).toUpperCase() + name.slice(1) : 'This value';
  return `${label} ${text}${/[.!?]$/.test(text) ? '' : '.'}`;
}

function isProblem(value: unknown): value is { code?: unknown; detail?: unknown; title?: unknown; errors?: unknown } {
  return typeof value === 'object' && value !== null;
}

function fieldErrorsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    isProblem(item) && 'field' in item && 'message' in item && typeof item.field === 'string' && typeof item.message === 'string'
      ? [{ field: item.field, message: item.message }]
      : [],
  );
}

export function problemToError(body: unknown, response: Response): ApiError {
  if (isProblem(body) && typeof body.detail === 'string') {
    return new ApiError(
      response.status,
      typeof body.code === 'string' ? body.code : 'error',
      body.detail,
      fieldErrorsOf(body.errors),
      typeof body.title === 'string' ? body.title : '',
    );
  }
  const why = response.status >= 500 ? 'Roster could not complete the request. Try again in a moment.' : 'Roster refused the request.';
  return new ApiError(response.status, 'http_error', `${why} (HTTP ${response.status})`);
}

export const networkError = (): ApiError => new ApiError(0, 'network', 'Roster could not be reached. Check your connection and try again.');

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
