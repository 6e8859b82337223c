// Builds what `npm start` runs: the server (tsc → dist/) and, when present, the web app
// (Vite → web/dist/). Skips a part whose output is newer than its sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stale = (sources, output) => !existsSync(output) || newest(sources) > statSync(output).mtimeMs;
const run = (command) => execSync(command, { stdio: 'inherit' });

if (stale('src', 'dist/main.js')) {
  run('npx tsc -p tsconfig.json');
}
if (existsSync('web/index.html') && stale('web', 'web/dist/index.html')) {
  run('npx vite build --config web/vite.config.ts --logLevel warn');
}
