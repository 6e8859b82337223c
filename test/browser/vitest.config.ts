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
    // Two files at a time: one alone left a core idle (351 s serial, 221 s two at a time; three
    // took 302 s, Chromium then competing for the cores). Files share a worker's modules (and
    // so its pool of embedded databases, test/support/database.ts) as the server suites do.
    maxWorkers: 2,
    isolate: false,
  },
});
