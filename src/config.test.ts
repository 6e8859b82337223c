import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      smtpUrl: undefined,
      dataDir: './data',
      databasePoolSize: 8,
    });
    expect(loadConfig({ ROSTER_DB_POOL_SIZE: '12' }).databasePoolSize).toBe(12);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives PUBLIC_URL from PORT and trims a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://roster.example.com/' }).publicUrl).toBe('https://roster.example.com');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_URL: 'roster.example.com' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://roster.example.com' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://x', ROSTER_OPERATOR_TOKEN: 'x'.repeat(40) }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/roster' }, 'ROSTER_OPERATOR_TOKEN'],
    [{ ROSTER_OPERATOR_TOKEN: 'short' }, 'ROSTER_OPERATOR_TOKEN'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ROSTER_TRUST_PROXY: 'maybe' }, 'ROSTER_TRUST_PROXY'],
    [{ ROSTER_DB_POOL_SIZE: '1' }, 'ROSTER_DB_POOL_SIZE'],
    [{ ROSTER_DB_POOL_SIZE: 'many' }, 'ROSTER_DB_POOL_SIZE'],
  ])('refuses %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
  });
});
