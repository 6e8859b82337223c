/**
 * Configuration is read from the environment once, at boot, validated, and frozen.
 * Nothing else in Roster reads process.env: everything is passed in from here.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  /** Absent: embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL: connections this instance keeps open (`DEFAULT_POOL_SIZE`). */
  readonly databasePoolSize: number;
  readonly dataDir: string;
  /** Absent: mail is caught in the local outbox. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Absent in embedded mode: generated once and kept in the data directory. */
  readonly operatorToken: string | undefined;
  /** Where organizations' requests for more seats go (ROSTER_OPERATOR_EMAIL); unset, they are only recorded. */
  readonly operatorEmail: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly termsVersion: string;
  /** Where the terms of use and the privacy notice in force are published (shown on acceptance pages). */
  readonly termsUrl: string | undefined;
  readonly privacyUrl: string | undefined;
  readonly trustProxy: boolean;
  readonly sessionDays: number;
  /** Spreadsheet imports: the largest file and the most rows one upload may have. */
  readonly importMaxBytes: number;
  readonly importMaxRows: number;
  /**
   * How long a running job (an email batch, an import) stays its instance's without a heartbeat
   * before another instance takes it over; the heartbeat comes every third of it.
   */
  readonly jobLeaseSeconds: number;
  /**
   * Rows an import commits per transaction; undefined: 500 on PGlite, 2,500 on PostgreSQL
   * (as fast as 10,000 within 4 %, with half the wait for other organizations' requests).
   */
  readonly importChunkRows: number | undefined;
  /** PostgreSQL: chunks of one import committed side by side, each on its own connection. */
  readonly importLanes: number;
  /** Requests one API key may make per minute, counted across instances. */
  readonly apiKeyRatePerMinute: number;
  /**
   * Webhooks may be sent to private, loopback and link-local addresses (and plain http to
   * loopback). Off by default: outbound requests must not reach the network Roster runs in.
   */
  readonly webhookAllowPrivate: boolean;
  /** How long one webhook request may take before it counts as failed. */
  readonly webhookTimeoutMs: number;
}

/**
 * Connections an instance keeps to PostgreSQL (`ROSTER_DB_POOL_SIZE`). Few on purpose: on a
 * 2-core machine, 16 callers made 705 invitations a second with 20 connections and 1,126 with 6,
 * and the members page's p99 fell from 178 to 73 ms (decision 0025). More connections than the
 * server has cores to run them only take turns on those cores, each holding its locks longer.
 */
export const DEFAULT_POOL_SIZE = 8;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be an absolute URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

export function loadConfig(env: Env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const operatorToken = text(env, 'ROSTER_OPERATOR_TOKEN');
  if (operatorToken !== undefined && operatorToken.length < 32) {
    throw new ConfigError('ROSTER_OPERATOR_TOKEN', 'must be at least 32 characters long');
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  if (databaseUrl !== undefined && operatorToken === undefined) {
    throw new ConfigError('ROSTER_OPERATOR_TOKEN', 'is required when DATABASE_URL is set (several instances must share one token)');
  }
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const mailFrom = text(env, 'MAIL_FROM') ?? 'Roster <no-reply@localhost>';
  if (!/<[^<>\s]+@[^<>\s]+>$|^[^<>\s]+@[^<>\s]+$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', 'must be an address, optionally with a name: "Roster <no-reply@example.com>"');
  }
  const operatorEmail = text(env, 'ROSTER_OPERATOR_EMAIL');
  if (operatorEmail !== undefined && !/^[^<>\s@]+@[^<>\s@]+$/.test(operatorEmail)) {
    throw new ConfigError('ROSTER_OPERATOR_EMAIL', 'must be an email address, e.g. "plans@example.com"');
  }
  return Object.freeze({
    port,
    host: text(env, 'HOST') ?? '127.0.0.1',
    publicUrl,
    databaseUrl,
    databasePoolSize: integer(env, 'ROSTER_DB_POOL_SIZE', DEFAULT_POOL_SIZE, 2, 200),
    dataDir: text(env, 'ROSTER_DATA_DIR') ?? './data',
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    operatorToken,
    operatorEmail,
    logLevel: logLevel as Config['logLevel'],
    termsVersion: text(env, 'ROSTER_TERMS_VERSION') ?? '2026-01',
    termsUrl: url(env, 'ROSTER_TERMS_URL', ['http:', 'https:']),
    privacyUrl: url(env, 'ROSTER_PRIVACY_URL', ['http:', 'https:']),
    trustProxy: boolean(env, 'ROSTER_TRUST_PROXY', false),
    sessionDays: integer(env, 'ROSTER_SESSION_DAYS', 14, 1, 365),
    importMaxBytes: integer(env, 'ROSTER_IMPORT_MAX_MB', 50, 1, 1024) * 1024 * 1024,
    importMaxRows: integer(env, 'ROSTER_IMPORT_MAX_ROWS', 200_000, 1, 2_000_000),
    jobLeaseSeconds: integer(env, 'ROSTER_JOB_LEASE_SECONDS', 15, 3, 3600),
    importChunkRows:
      text(env, 'ROSTER_IMPORT_CHUNK_ROWS') === undefined ? undefined : integer(env, 'ROSTER_IMPORT_CHUNK_ROWS', 1000, 1, 50_000),
    importLanes: integer(env, 'ROSTER_IMPORT_LANES', 2, 1, 16),
    apiKeyRatePerMinute: integer(env, 'ROSTER_API_KEY_RATE_LIMIT', 600, 1, 1_000_000),
    webhookAllowPrivate: boolean(env, 'ROSTER_WEBHOOK_ALLOW_PRIVATE', false),
    webhookTimeoutMs: integer(env, 'ROSTER_WEBHOOK_TIMEOUT_SECONDS', 10, 1, 60) * 1000,
  });
}
