import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server's code as JavaScript, for the tests that start Roster or its CLI as a process. */
    serverBuild: string;
  }
}

const root = join(import.meta.dirname, '..', '..');

/**
 * Tests that spawn Roster (killed processes, the CLI) ran it through tsx, which costs each
 * process about 3 s of CPU more than plain JavaScript. This transpiles `src/` once per run
 * (esbuild, about a second) into a directory beside `src/` so paths relative to a module
 * (migrations, the web app) stay right. Named by the sources' content: runs side by side share
 * it, and a directory is complete before it gets its name.
 */
export default async function setup(project: TestProject): Promise<void> {
  const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
  const hash = createHash('sha256');
  for (const file of sources) hash.update(file).update(readFileSync(join(root, 'src', file)));
  const name = `.test-build-${hash.digest('hex').slice(0, 12)}`;
  const dir = join(root, name);
  if (!existsSync(dir)) {
    const partial = `${dir}.${process.pid}`;
    await build({
      entryPoints: sources.map((file) => join(root, 'src', file)),
      outdir: partial,
      outbase: join(root, 'src'),
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
    });
    try {
      renameSync(partial, dir);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another run named its copy first
    }
  }
  for (const other of readdirSync(root)) {
    // Earlier sources' builds go; a partial one (`….pid`) belongs to a run still building.
    if (/^\.test-build-[0-9a-f]{12}$/.test(other) && other !== name) {
      rmSync(join(root, other), { recursive: true, force: true });
    }
  }
  project.provide('serverBuild', dir);
}
