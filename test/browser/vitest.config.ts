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
    // One file at a time. Two at a time took 221 s instead of 351 s on a quiet machine, but in
    // CI's PostgreSQL run it failed one run in two: polls of a few seconds ran out while the
    // other file's browser held the cores. Files share a worker's modules (and so its pool of
    // embedded databases, test/support/database.ts) as the server suites do.
    fileParallelism: false,
    maxWorkers: 1,
    isolate: false,
  },
});
