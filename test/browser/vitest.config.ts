import { defineConfig } from 'vitest/config';

// Browser tests: a real Roster (in-process, PGlite) and Debian's Chromium through playwright-core.
// Run with `npm run test:browser` (skips, saying so, when /usr/bin/chromium is missing).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/build-web.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
