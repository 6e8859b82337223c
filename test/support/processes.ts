import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { serverEntry } from './server-build.js';

/** Roster processes started by tests, as `npm start` runs them, killed for real. */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RosterProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly base: string;
  /** What the process wrote to stderr (warnings and errors; shown when a test fails). */
  readonly log: () => string;
  /** An API call as the operator. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** An API call whose JSON answer is returned, failing on an unexpected status. */
  json<T = any>(path: string, init?: RequestInit & { expect?: number }): Promise<T>;
  ready(): Promise<void>;
  /** Resolves once the process has exited (a kill, or its own end). */
  exited(): Promise<void>;
}

/** The real server, from the transpiled sources (no full build), on a free port of 127.0.0.1. */
export async function startRosterProcess(operatorToken: string, env: Record<string, string>): Promise<RosterProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, serverEntry('main'), {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ROSTER_OPERATOR_TOKEN: operatorToken,
      PORT: String(port),
      PUBLIC_URL: base,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${operatorToken}`, ...(init.headers ?? {}) } });
  const exited = () =>
    new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
    );
  return {
    child,
    pid: child.pid ?? 0,
    base,
    log: () => stderr,
    api,
    async json<T = any>(path: string, init: RequestInit & { expect?: number } = {}): Promise<T> {
      const { expect: wanted, ...rest } = init;
      const response = await api(path, {
        ...rest,
        headers: { ...(typeof rest.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(rest.headers ?? {}) },
      });
      const body = await response.json();
      if (wanted !== undefined && response.status !== wanted) {
        throw new Error(`${path}: ${response.status} (expected ${wanted}) ${JSON.stringify(body)}`);
      }
      return body as T;
    },
    async ready() {
      await until(
        `the server at ${base}`,
        async () => {
          if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
          return (await fetch(`${base}/readyz`)).ok ? true : null;
        },
        120_000,
        true,
      );
    },
    exited,
  };
}

/** Polls `probe` until it answers something other than null (errors count as null unless `rethrow`). */
export async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 120_000, rethrowExit = false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | null = null;
    try {
      value = await probe();
    } catch (error) {
      if (rethrowExit && error instanceof Error && error.message.startsWith('the server exited')) throw error;
    }
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const newOperatorToken = (): string => randomBytes(32).toString('base64url');

/** A CSV of `count` people to invite, `prefix0@domain` onwards. */
export function peopleCsv(count: number, prefix: string, domain: string): string {
  return ['email,first_name,last_name', ...Array.from({ length: count }, (_, i) => `${prefix}${i}@${domain},P,${i}`)].join('\n');
}

/** Uploads a CSV as the operator and confirms it; returns the import's id. */
export async function uploadAndCommit(instance: RosterProcess, orgId: string, csv: string, rows: number): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
  const preview = await instance.json(`/api/v1/orgs/${orgId}/imports`, { method: 'POST', body: form, expect: 201 });
  if (preview.preview.invite !== rows) throw new Error(`expected ${rows} invitations in the preview: ${JSON.stringify(preview.preview)}`);
  await instance.json(`/api/v1/orgs/${orgId}/imports/${preview.id}/commit`, { method: 'POST', expect: 202 });
  return preview.id as string;
}
