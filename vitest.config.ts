import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files share a worker's modules instead of importing the whole app again each: measured on
    // six feature files, 74 s of CPU instead of 132 s. Tests therefore keep no state in modules
    // and restore whatever global they change.
    isolate: false,
    // PGlite instances are memory-hungry: two workers on two cores.
    maxWorkers: 2,
  },
});
