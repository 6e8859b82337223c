import { defineConfig } from 'vitest/config';

// Unit tests of the web app's own logic (no browser): `npm run test:web`.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['web/src/**/*.test.ts'],
    environment: 'node',
  },
});
