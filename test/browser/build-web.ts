import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const web = join(root, 'web');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Builds web/dist once before the browser tests, unless it is newer than every source. */
export default function setup(): void {
  const index = join(web, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(web)) return;
  execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
