// Writes Roster's OpenAPI document to web/openapi.json, then the web app's typed client
// schema to web/src/api/schema.d.ts. Builds the app in-process on an in-memory PGlite:
// nothing listens and nothing is sent.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createRoster } from '../src/roster.js';

const root = join(import.meta.dirname, '..');
const documentPath = join(root, 'web', 'openapi.json');
const schemaPath = join(root, 'web', 'src', 'api', 'schema.d.ts');

const database = await openDatabase({ kind: 'pglite' });
const roster = await createRoster({
  config: loadConfig({ LOG_LEVEL: 'silent' }),
  database,
  operatorToken: randomBytes(32).toString('base64url'),
  runJobs: false,
});
try {
  await roster.app.ready();
  writeFileSync(documentPath, `${JSON.stringify(roster.app.swagger(), null, 2)}\n`);
} finally {
  await roster.close();
  await database.close();
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);
execFileSync(bin('openapi-typescript'), [documentPath, '--output', schemaPath], { stdio: 'inherit' });
// Formatted like the rest of the code, so `npm run lint` and regenerating agree.
execFileSync(bin('biome'), ['format', '--write', schemaPath], { stdio: 'inherit' });
process.stdout.write(`Wrote ${documentPath} and ${schemaPath}\n`);
