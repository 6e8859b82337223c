import { spawn } from 'node:child_process';
import { serverEntry } from './server-build.js';

/** Runs `roster …` from the transpiled sources, as `npx roster …` runs the built code. */
export function runRosterCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...serverEntry('cli/main'), ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
