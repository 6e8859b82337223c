// `npm run test:browser`: the browser tests need Debian's Chromium (never a downloaded browser).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.ROSTER_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.env.ROSTER_REQUIRE_BROWSER) {
    process.stderr.write(`\nBrowser tests required (ROSTER_REQUIRE_BROWSER) but there is no Chromium at ${chromium}.\n\n`);
    process.exit(1);
  }
  process.stdout.write(
    `\nBrowser tests SKIPPED: no Chromium at ${chromium}. Install it with "apt-get install chromium" (or set ROSTER_CHROMIUM).\n\n`,
  );
  process.exit(0);
}
const result = spawnSync('npx', ['vitest', 'run', '--config', 'test/browser/vitest.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
