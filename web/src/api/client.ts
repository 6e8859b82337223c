import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './paths';
import { ApiError, networkError, problemToError } from './problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const OPERATOR_TOKEN_KEY = 'roster.operatorToken';

let csrfToken: string | null = null;

/** Kept from GET /auth/session; forgotten whenever the session cookie changes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function loadCsrfToken(): Promise<string | null> {
  const response = await fetch('/api/v1/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) return null;
  const body: unknown = await response.json();
  const token = typeof body === 'object' && body !== null && 'csrfToken' in body ? body.csrfToken : null;
  csrfToken = typeof token === 'string' ? token : null;
  return csrfToken;
}

const csrf: Middleware = {
  async onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return request;
    const token = csrfToken ?? (await loadCsrfToken());
    if (token) request.headers.set('X-CSRF-Token', token);
    return request;
  },
};

/** A person's requests: the session cookie, plus the CSRF token on writes. */
export const personApi = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
personApi.use(csrf);

export const operatorToken = {
  get: (): string | null => sessionStorage.getItem(OPERATOR_TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(OPERATOR_TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(OPERATOR_TOKEN_KEY),
};

const bearer: Middleware = {
  onRequest({ request }) {
    const token = operatorToken.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    leaveIfTokenReplaced(response);
    return response;
  },
};

/** The operator's token was replaced on the server: back to the operator sign-in, saying why. */
function leaveIfTokenReplaced(response: Response): void {
  if (response.status === 401 && operatorToken.get()) {
    operatorToken.clear();
    window.location.assign('/operator?expired=1');
  }
}

/** The platform operator's requests: the token from the operator sign-in, no cookie. */
export const operatorApi = createClient<paths>({ baseUrl: '', credentials: 'omit' });
operatorApi.use(bearer);

export type Api = typeof personApi;

/** In a tab where the operator signed in, organization screens act as the operator. */
export function currentApi(): Api {
  return operatorToken.get() ? operatorApi : personApi;
}

export const isOperatorMode = (): boolean => operatorToken.get() !== null;

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an openapi-fetch call: the data, or an ApiError carrying Roster's own message. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError();
  }
  if (result.error !== undefined || !result.response.ok) {
    const error = problemToError(result.error, result.response);
    // The session changed in another tab: the next attempt fetches the current token.
    if (error.code === 'csrf_failed') setCsrfToken(null);
    throw error;
  }
  return result.data as T;
}

/** The credentials of the calls openapi-fetch does not make (uploads, downloads): the same as currentApi()'s. */
async function plainInit(method: string): Promise<RequestInit & { headers: Headers }> {
  const headers = new Headers();
  const token = operatorToken.get();
  if (token) {
    headers.set('Authorization', `Bearer ${token}`);
    return { method, headers, credentials: 'omit' };
  }
  if (!SAFE_METHODS.has(method)) {
    const csrf = csrfToken ?? (await loadCsrfToken());
    if (csrf) headers.set('X-CSRF-Token', csrf);
  }
  return { method, headers, credentials: 'same-origin' };
}

/** fetch() with unwrap()'s handling of refusals: an ApiError carrying Roster's own sentence. */
async function plainFetch(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw networkError();
  }
  if (response.ok) return response;
  leaveIfTokenReplaced(response);
  const body: unknown = await response.json().catch(() => undefined);
  const error = problemToError(body, response);
  if (error.code === 'csrf_failed') setCsrfToken(null);
  throw error;
}

/** POSTs multipart/form-data (a file): the browser writes the boundary, so no content-type is set here. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const init = await plainInit('POST');
  init.headers.set('accept', 'application/json');
  const response = await plainFetch(path, { ...init, body: form });
  return (await response.json()) as T;
}

/** Saves a file served by Roster; for the operator, whose token cannot ride on a plain link. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await plainFetch(path, await plainInit('GET'));
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = named ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
