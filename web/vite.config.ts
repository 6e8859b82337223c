import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const CHARTS =
  /node_modules\/(recharts|victory-vendor|d3-[a-z-]+|internmap|@mantine\/charts|@reduxjs|react-redux|reselect|immer|redux|redux-thunk|decimal\.js-light|es-toolkit|eventemitter3|tiny-invariant)\//;
const apiTarget = process.env.ROSTER_API_URL ?? 'http://127.0.0.1:3000';

// The SPA is served by Roster itself (web/dist). In development, `npx vite --config
// web/vite.config.ts` serves it with hot reload and forwards the API to a running Roster.
export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      onwarn(warning, warn) {
        // Mantine marks its modules "use client" for React Server Components; meaningless in an SPA.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // The dashboard's chart library is its own chunk, loaded with the dashboard only.
        manualChunks: (id) => (!id.includes('node_modules') ? undefined : CHARTS.test(id) ? 'charts' : 'vendor'),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
