import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Roster } from '../src/roster.js';

export type Transport = 'http' | 'inject';

export interface BenchResponse {
  readonly status: number;
  readonly body: any;
}

export interface CallOptions {
  /** Bearer token (the platform operator). */
  readonly bearer?: string;
  /** A session cookie value. */
  readonly session?: string;
  /**
   * The caller's address, so per-address rate limits see many people rather than one:
   * http binds a loopback source address (127.x.y.z), inject sets the remote address.
   */
  readonly from?: number;
}

export interface BenchClient {
  readonly transport: Transport;
  /** How requests reach Roster, for the report. */
  readonly description: string;
  request(method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown, options?: CallOptions): Promise<BenchResponse>;
  close(): Promise<void>;
}

/** Distinct caller addresses; 127.0.0.1 (and x.x.x.0 / .255) left out. */
function callerAddress(prefix: string, index: number): string {
  return `${prefix}.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

function headersFor(body: unknown, options: CallOptions): Record<string, string> {
  return {
    ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
    ...(options.session ? { cookie: `roster_session=${options.session}` } : {}),
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
  };
}

function parse(status: number, contentType: string | undefined, text: string): BenchResponse {
  return { status, body: contentType?.includes('json') && text !== '' ? JSON.parse(text) : text };
}

/** Fastify's in-process injection: the full pipeline (hooks, validation, serialization), no socket. */
export function injectClient(roster: Roster): BenchClient {
  return {
    transport: 'inject',
    description: 'in-process HTTP (app.inject), requests issued concurrently',
    async request(method, path, body, options = {}) {
      const response = await roster.app.inject({
        method,
        url: path,
        headers: headersFor(body, options),
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
        ...(options.from !== undefined ? { remoteAddress: callerAddress('10.77', options.from) } : {}),
      });
      return parse(response.statusCode, String(response.headers['content-type'] ?? ''), response.body);
    },
    close: async () => undefined,
  };
}

/** A real socket: Roster listens on 127.0.0.1 and is called with node:http over keep-alive connections. */
export async function httpClient(roster: Roster, concurrency: number): Promise<BenchClient> {
  await roster.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = roster.app.server.address() as AddressInfo;
  // Connections are pooled per source address; the default one holds `concurrency` sockets.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  return {
    transport: 'http',
    description: `real HTTP over loopback (node:http keep-alive, 127.0.0.1:${port})`,
    request(method, path, body, options = {}) {
      const payload = body !== undefined ? JSON.stringify(body) : undefined;
      return new Promise<BenchResponse>((resolve, reject) => {
        const request = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: { ...headersFor(body, options), ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}) },
            ...(options.from !== undefined ? { localAddress: callerAddress('127.0', options.from) } : {}),
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              try {
                resolve(parse(response.statusCode ?? 0, response.headers['content-type'], Buffer.concat(chunks).toString('utf8')));
              } catch (error) {
                reject(error);
              }
            });
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
    async close() {
      agent.destroy();
    },
  };
}

/** Throws with the problem's code and detail unless the status is the expected one. */
export function expectStatus(response: BenchResponse, expected: number, what: string): void {
  if (response.status === expected) return;
  const body = response.body as { code?: string; detail?: string } | string;
  const detail = typeof body === 'string' ? body.slice(0, 200) : `${body.code ?? ''} ${body.detail ?? ''}`.trim();
  throw new Error(`${what}: HTTP ${response.status} ${detail}`);
}
