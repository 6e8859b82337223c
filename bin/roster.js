#!/usr/bin/env node
// The `roster` command (`npx roster import …`): builds the server code when it is missing
// or older than its sources, then runs the CLI.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
