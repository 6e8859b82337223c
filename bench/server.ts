import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A Roster process started as `npm start` starts it (the built server, the same heap limit),
 * so that its resident memory is Roster's alone: for the sections that measure memory.
 */
export interface RosterProcess {
  readonly base: string;
  readonly pid: number;
  /** A JSON call with the operator's token; throws on an error status. */
  api(path: string, init?: RequestInit): Promise<any>;
  /** VmRSS now, or VmHWM (the peak so far), in MiB. */
  memory(field: 'VmRSS' | 'VmHWM'): number;
  /** CPU seconds the process has used so far, user and system, all its threads (what process.cpuUsage() says inside it). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Kilobytes from /proc/<pid>/status, in MiB. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

/** utime + stime of a process, in seconds, from /proc/<pid>/stat (fields 14 and 15, after the command's parenthesis). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Linux's USER_HZ, what /proc counts CPU time in. */
const CLOCK_TICKS = 100;

/**
 * Builds and starts Roster on the PostgreSQL database `databaseUrl`, or on the embedded one in
 * `dataDir`, and waits until it is ready.
 */
export async function startRosterProcess(options: {
  readonly token: string;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly env?: Record<string, string>;
}): Promise<RosterProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The built server, exactly what `npm start` runs (tsx would add its compiler to the memory measured).
  execFileSync(process.execPath, [join('scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // The same heap limit as `npm start` (ROSTER_HEAP_MB, default 256).
  // BENCH_SERVER_NODE_ARGS adds flags for a closer look, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extraArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(
    process.execPath,
    [`--max-old-space-size=${process.env.ROSTER_HEAP_MB ?? '256'}`, ...extraArgs, join('dist', 'main.js')],
    {
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ROSTER_OPERATOR_TOKEN: options.token,
        ...options.env,
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: '', ROSTER_DATA_DIR: options.dataDir }),
      },
      // BENCH_SERVER_LOG keeps the server's log (its warnings and errors) in that file.
      stdio: ['ignore', process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'w') : 'ignore', 'inherit'],
    },
  );
  const pid = child.pid ?? 0;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    for (let i = 0; ; i += 1) {
      if (
        await fetch(`${base}/readyz`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      if (i > 600 || child.exitCode !== null) throw new Error('the Roster process did not become ready');
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    base,
    pid,
    async api(path, init = {}) {
      const response = await fetch(`${base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${options.token}`, ...(init.headers ?? {}) },
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    },
    memory: (field) => memoryOf(pid, field),
    cpuSeconds: () => cpuSecondsOf(pid),
    stop,
  };
}
