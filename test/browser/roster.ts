import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { createRoster, type Roster } from '../../src/roster.js';
import { freshDatabase } from '../support/database.js';

export interface RunningRoster {
  readonly url: string;
  readonly roster: Roster;
  readonly database: Database;
  readonly operatorToken: string;
  /** GET/POST as the operator, in-process (reading the outbox, no browser). */
  operator<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A real Roster on a real port, serving the built web app: links in its emails point at it. */
export async function startRoster(env: Record<string, string> = {}): Promise<RunningRoster> {
  const { database, drop } = await freshDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const operatorToken = randomBytes(32).toString('base64url');
  const roster = await createRoster({
    config: loadConfig({ PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: 'silent', ...env }),
    database,
    operatorToken,
    webDir: join(import.meta.dirname, '..', '..', 'web', 'dist'),
    runJobs: true,
  });
  await roster.app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    roster,
    database,
    operatorToken,
    async operator<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
      const response = await roster.app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${operatorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      if (response.statusCode >= 400) throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
      return response.json() as T;
    },
    async close() {
      await roster.close();
      await drop();
    },
  };
}
