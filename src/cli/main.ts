import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { AppError } from '../lib/errors.js';
import { runExportCommand } from './export-command.js';
import { runImportCommand } from './import-command.js';

const USAGE = `Usage:
  roster import FILE --org SLUG [--dry-run] [--mode invite|setup] [--url URL] [--token TOKEN]
  roster export --org SLUG [--format csv|xlsx] [--out FILE] [--status S] [--role R] [--team ID] [--q TEXT]
                [--url URL] [--token TOKEN]

  Imports a CSV or XLSX file into an organization: previews every row, then (unless
  --dry-run) processes them, with a progress bar.

  Without --url it works on the configured database (DATABASE_URL, or the embedded one in
  ROSTER_DATA_DIR, which must not be in use by a running Roster). With --url (or ROSTER_URL)
  it goes through a running Roster's API with the operator token (--token or
  ROSTER_OPERATOR_TOKEN).

  Exports the organization's members and invitations (the members view's filters; every
  row) as CSV (UTF-8 with BOM) or XLSX, to --out or standard output. Same two ways in.`;

/**
 * A base64url token may begin with "-", which parseArgs takes for an option: `--token -abc…`
 * is read as `--token=-abc…`, as the person meant.
 */
function joinTokenValue(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === '--token' && next !== undefined) {
      joined.push(`--token=${next}`);
      i++;
    } else joined.push(args[i] as string);
  }
  return joined;
}

async function exportMain(rest: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: joinTokenValue(rest),
    options: {
      org: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      status: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      q: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
  });
  if (!values.org || (values.format !== 'csv' && values.format !== 'xlsx')) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  return runExportCommand(
    {
      org: values.org,
      format: values.format,
      out: values.out,
      status: values.status,
      role: values.role,
      team: values.team,
      q: values.q,
      url: values.url ?? process.env.ROSTER_URL,
      token: values.token ?? process.env.ROSTER_OPERATOR_TOKEN,
    },
    process.stdout,
    process.stderr,
  );
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'export') return exportMain(rest);
  if (command !== 'import') {
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' || command === 'help' ? 0 : 64;
  }
  const { values, positionals } = parseArgs({
    args: joinTokenValue(rest),
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      mode: { type: 'string', default: 'invite' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || !values.org || (values.mode !== 'invite' && values.mode !== 'setup')) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  return runImportCommand(
    {
      file,
      org: values.org,
      dryRun: values['dry-run'] ?? false,
      mode: values.mode,
      url: values.url ?? process.env.ROSTER_URL,
      token: values.token ?? process.env.ROSTER_OPERATOR_TOKEN,
    },
    process.stdout,
    process.stderr,
  );
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    // Refusals (configuration, a data directory in use, an unreadable file) are sentences for
    // the user; anything else keeps its stack for a bug report.
    const expected = error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof AppError;
    process.stderr.write(
      `roster: ${error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error)}\n`,
    );
    process.exit(expected ? 78 : 1);
  });
