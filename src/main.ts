import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { DataDirLockedError } from './db/lock.js';
import { redactUrl } from './http/app.js';
import { requeueRunningJobs } from './jobs/queue.js';
import { createRoster } from './roster.js';

/** In embedded mode the operator token is generated once and kept beside the database. */
function embeddedOperatorToken(config: Config): string {
  if (config.operatorToken) return config.operatorToken;
  const file = join(config.dataDir, 'operator-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const database: Database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize })
    : await openDatabase({ kind: 'pglite', dataDir: resolve(config.dataDir) });
  await database.migrate();
  // The data-directory lock makes this the only process on the embedded database, so a job
  // still marked running was cut off by a crash: hand it back now rather than after its lock
  // lapses (an import then resumes at once where it stopped).
  if (database.kind === 'pglite') await requeueRunningJobs(database.db);
  const operatorToken = database.kind === 'pglite' ? embeddedOperatorToken(config) : (config.operatorToken ?? '');
  const webDir = resolve(import.meta.dirname, '..', 'web', 'dist');
  const roster = await createRoster({
    config,
    database,
    operatorToken,
    webDir,
    logger: {
      level: config.logLevel,
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), ip: req.ip }),
      },
    },
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    roster.app.log.info({ signal }, 'shutting down');
    await roster.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await roster.app.listen({ port: config.port, host: config.host });
  const where = database.kind === 'pglite' ? `embedded PGlite in ${resolve(config.dataDir)}` : 'PostgreSQL';
  const lines = [
    '',
    `  Roster is running at ${config.publicUrl}  (database: ${where})`,
    `  API docs:            ${config.publicUrl}/docs`,
    database.kind === 'pglite'
      ? `  Operator token:      ${operatorToken}\n                       (kept in ${join(resolve(config.dataDir), 'operator-token')}; sign in with it on ${config.publicUrl}/operator)`
      : '  Operator token:      the value of ROSTER_OPERATOR_TOKEN',
    config.smtpUrl
      ? '  Mail:                sent over SMTP'
      : `  Mail:                caught in the local outbox (${config.publicUrl}/operator/outbox)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`roster: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`roster: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
