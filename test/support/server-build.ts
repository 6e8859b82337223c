import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * Node's arguments to run a module of `src/` (`main`, `cli/main`) as its own process: the
 * run's transpiled copy (build-server.ts), or the TypeScript through tsx when a run has none.
 */
export function serverEntry(module: string): string[] {
  const build = inject('serverBuild');
  return build ? [join(build, `${module}.js`)] : ['--import', 'tsx', join('src', `${module}.ts`)];
}
