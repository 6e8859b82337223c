import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { createRoster, type Roster } from '../../src/roster.js';
import { freshDatabase } from './database.js';

export interface Response<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Record<string, string | string[] | number | undefined>;
}

/** Calls the API the way a client would, over Fastify's in-process injection. */
export class Client {
  private cookie: string | null = null;
  private csrf: string | null = null;

  constructor(
    private readonly roster: Roster,
    private readonly bearer: string | null = null,
    /** The client's address as the server sees it (rate limits are per address). */
    private readonly ip = '127.0.0.1',
  ) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const response = await this.roster.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.ip,
      headers: {
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = response.cookies.find((c) => c.name === 'roster_session');
    if (setCookie) {
      this.cookie = setCookie.value ? `roster_session=${setCookie.value}` : null;
      this.csrf = null;
      if (this.cookie) await this.refreshCsrf();
    }
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      body: (type.includes('json') ? response.json() : response.body) as T,
      headers: response.headers,
    };
  }

  private async refreshCsrf(): Promise<void> {
    const session = await this.roster.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: this.cookie ?? '' } });
    this.csrf = session.statusCode === 200 ? (session.json().csrfToken ?? null) : null;
  }

  get = <T = any>(url: string) => this.request<T>('GET', url);
  post = <T = any>(url: string, body?: unknown) => this.request<T>('POST', url, body ?? {});
  patch = <T = any>(url: string, body: unknown) => this.request<T>('PATCH', url, body);
  delete = <T = any>(url: string) => this.request<T>('DELETE', url);

  /** Sends a file as a browser form does: multipart/form-data with one part named "file". */
  upload = <T = any>(url: string, fileName: string, content: Buffer | string) => {
    const boundary = `----roster${randomBytes(8).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.request<T>('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  };
}

export interface TestRoster {
  readonly roster: Roster;
  readonly database: Database;
  readonly config: Config;
  readonly operator: Client;
  /** The operator's bearer token (for clients outside the process, such as the CLI). */
  readonly operatorToken: string;
  /** A client with no credentials (a browser that has not signed in). */
  anonymous(): Client;
  /** Runs every due job (mail) now. */
  drain(): Promise<void>;
  /** Runs every due import now. */
  drainImports(): Promise<void>;
  /** Sends every due webhook now. */
  drainWebhooks(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestRoster(env: Record<string, string> = {}, options: { importChunkSize?: number } = {}): Promise<TestRoster> {
  const { database, drop } = await freshDatabase();
  const operatorToken = randomBytes(32).toString('base64url');
  const config = loadConfig({ PUBLIC_URL: 'http://roster.test', LOG_LEVEL: 'silent', ...env });
  const roster = await createRoster({ config, database, operatorToken, runJobs: false, ...options });
  return {
    roster,
    database,
    config,
    operator: new Client(roster, operatorToken),
    operatorToken,
    anonymous: () => new Client(roster),
    drain: () => roster.worker.drain(),
    drainImports: () => roster.importWorker.drain(),
    drainWebhooks: () => roster.webhookWorker.drain(),
    async close() {
      await roster.close();
      await drop();
    },
  };
}

let counter = 0;
/** A unique slug per call, so tests never collide. */
export function uniqueSlug(prefix = 'org'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}

export async function createOrg(
  t: TestRoster,
  overrides: Partial<{ name: string; slug: string; kind: 'trial' | 'paid'; seats: number; invitationExpiryDays: number | null }> = {},
): Promise<{ id: string; slug: string; name: string }> {
  const response = await t.operator.post('/api/v1/orgs', {
    name: 'Acme Learning',
    slug: uniqueSlug(),
    kind: 'paid',
    seats: 10,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`createOrg failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
