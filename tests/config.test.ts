import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';

const STRONG_SECRET = 'x'.repeat(32);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to development on port 4000 with the embedded database and a flagged dev secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ profile: 'development', port: 4000, databaseUrl: undefined, taskQuota: 1000, bcryptRounds: 12 });
    expect(config.jwt.isDevelopmentSecret).toBe(true);
    expect(config.jwt.expiresInSeconds).toBe(3600);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@db:5432/tasks',
      JWT_SECRET: STRONG_SECRET,
      JWT_EXPIRES_IN: '15m',
      LOG_LEVEL: 'debug',
      TASK_QUOTA: '50',
      BCRYPT_ROUNDS: '10',
    });
    expect(config).toMatchObject({ profile: 'test', port: 8080, host: '127.0.0.1', databaseUrl: 'postgres://u@db:5432/tasks', logLevel: 'debug', taskQuota: 50, bcryptRounds: 10 });
    expect(config.jwt).toMatchObject({ secret: STRONG_SECRET, expiresInSeconds: 900, isDevelopmentSecret: false });
  });

  it('names each bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', TASK_QUOTA: '0', JWT_EXPIRES_IN: 'soon', NODE_ENV: 'staging', SMTP_URL: 'mail.example.com' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['JWT_EXPIRES_IN', 'NODE_ENV', 'PORT', 'SMTP_URL', 'TASK_QUOTA']);
  });

  it('refuses to start production without a database URL and a strong secret', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'DATABASE_URL: required in production',
      'SMTP_URL: required in production',
      'JWT_SECRET: required in production',
    ]);
    const ready = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', SMTP_URL: 'smtp://mail:587' };
    expect(problemsOf({ ...ready, JWT_SECRET: 'short' })).toEqual(['JWT_SECRET: must be at least 32 bytes in production']);
    expect(problemsOf({ ...ready, JWT_SECRET: STRONG_SECRET })).toEqual([]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 4000 });
  });
});
