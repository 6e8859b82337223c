import http from 'node:http';
import https from 'node:https';
import { DestinationRefused, guardedLookup, refuseLiteralAddress } from './destination.js';

/** What the delivery log keeps of an answer. */
const EXCERPT_CHARS = 1000;
/** Read at most this much of an answer, then hang up: a receiver cannot make Roster hold its output. */
const READ_CAP_BYTES = 64 * 1024;

export interface SendResult {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly excerpt: string | null;
  readonly durationMs: number;
}

export interface Sender {
  send(url: string, body: string, headers: Record<string, string>): Promise<SendResult>;
  close(): void;
}

/**
 * Sends webhook requests: kept-alive connections (an endpoint's events go one after another),
 * a guarded DNS lookup and a check of addresses written in the URL (no private destinations
 * unless allowed), no redirects followed (a 3xx is a failure), a time limit on the whole
 * exchange, and at most 64 KB of the answer read.
 */
export function createSender(options: { readonly allowPrivate: boolean; readonly timeoutMs: number }): Sender {
  const lookup = guardedLookup(options.allowPrivate);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64, lookup }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64, lookup }),
  };
  return {
    send(target, body, headers) {
      const started = performance.now();
      const done = (result: Omit<SendResult, 'durationMs'>): SendResult => ({
        ...result,
        durationMs: Math.round(performance.now() - started),
      });
      return new Promise<SendResult>((resolve) => {
        let url: URL;
        try {
          url = new URL(target);
          refuseLiteralAddress(url, options.allowPrivate);
        } catch (error) {
          resolve(done({ ok: false, statusCode: null, error: messageOf(error), excerpt: null }));
          return;
        }
        const client = url.protocol === 'https:' ? https : http;
        const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
        let settled = false;
        const finish = (result: Omit<SendResult, 'durationMs'>) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(done(result));
        };
        const request = client.request(
          url,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Roster-Webhooks/1',
              ...headers,
              'content-length': Buffer.byteLength(body),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            let read = 0;
            const status = response.statusCode ?? 0;
            const conclude = () => {
              const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS) || null;
              const ok = status >= 200 && status < 300;
              const error = ok
                ? null
                : status >= 300 && status < 400
                  ? `Answered ${status} (a redirect${response.headers.location ? ` to ${response.headers.location}` : ''}): redirects are not followed.`
                  : `Answered ${status}.`;
              finish({ ok, statusCode: status, error, excerpt });
            };
            response.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (chunks.reduce((n, c) => n + c.length, 0) < EXCERPT_CHARS * 4) chunks.push(chunk);
              if (read > READ_CAP_BYTES) {
                // Enough read: the connection is not reused.
                response.destroy();
                conclude();
              }
            });
            response.on('end', conclude);
            response.on('error', () => conclude());
          },
        );
        const timer = setTimeout(() => {
          request.destroy(new Error(`No complete answer within ${options.timeoutMs / 1000} seconds.`));
        }, options.timeoutMs);
        request.on('error', (error) => finish({ ok: false, statusCode: null, error: messageOf(error), excerpt: null }));
        request.end(body);
      });
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function messageOf(error: unknown): string {
  if (error instanceof DestinationRefused) return error.message;
  const err = error as NodeJS.ErrnoException;
  if (err.code === 'ECONNREFUSED') return 'Connection refused.';
  if (err.code === 'ENOTFOUND') return 'The name does not resolve.';
  if (err.code === 'ECONNRESET') return 'The connection was reset.';
  return err.message || String(error);
}
