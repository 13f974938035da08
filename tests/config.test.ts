import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { LIMIT_DEFAULTS } from '../src/config/limit-rules.js';

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
    expect(config).toMatchObject({ profile: 'development', port: 4000, host: '127.0.0.1', databaseUrl: undefined, taskQuota: 1000, bcryptRounds: 12 });
    expect(config).toMatchObject({ requestTimeoutMs: 30_000, headersTimeoutMs: 20_000 });
    expect(config.jwt.isDevelopmentSecret).toBe(true);
    expect(config.jwt.expiresInSeconds).toBe(900);
    expect(config.sessions).toEqual({ refreshTtlSeconds: 30 * 86_400, maxAgeSeconds: 90 * 86_400, reuseGraceSeconds: 10 });
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
    expect(config).toMatchObject({
      profile: 'test',
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u@db:5432/tasks',
      logLevel: 'debug',
      taskQuota: 50,
      bcryptRounds: 10,
    });
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

  it('reads limits as count/window and refuses to trust every proxy', () => {
    const config = loadConfig({ RATE_LIMIT_LOGIN_FAILURES: '3/10m', BAN_DURATION: '2h', TRUST_PROXY: 'loopback' });
    expect(config.limits.rules.loginFailures).toEqual({ max: 3, windowMs: 600_000 });
    expect(config.limits.rules.taskReads).toEqual({ max: 100, windowMs: 60_000 });
    expect(config.limits).toMatchObject({ banDurationMs: 7_200_000, trustProxy: 'loopback', redisUrl: undefined });
    expect(loadConfig({ TRUST_PROXY: '1' }).limits.trustProxy).toBe(1);
    const problems = problemsOf({ RATE_LIMIT_SIGNUPS: 'lots', RATE_LIMIT_TASK_READS: '0/1m', TRUST_PROXY: 'true', REDIS_URL: 'localhost:6379' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['RATE_LIMIT_SIGNUPS', 'RATE_LIMIT_TASK_READS', 'REDIS_URL', 'TRUST_PROXY']);
  });

  it('runs one process unless WEB_CONCURRENCY asks for more, sharing the cores out among bcrypt workers', () => {
    const cores = availableParallelism();
    expect(loadConfig({})).toMatchObject({ webConcurrency: 1, passwordWorkers: cores });
    expect(loadConfig({ WEB_CONCURRENCY: 'auto' })).toMatchObject({ webConcurrency: cores, passwordWorkers: 1 });
    expect(loadConfig({ WEB_CONCURRENCY: '2', PASSWORD_WORKERS: '3' })).toMatchObject({ webConcurrency: 2, passwordWorkers: 3 });
    for (const bad of ['0', '-1', 'two', '1.5', '65']) expect(problemsOf({ WEB_CONCURRENCY: bad })[0], bad).toMatch(/^WEB_CONCURRENCY: /);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: undefined, port: 4000 });
  });
});

describe('the default limits', () => {
  const UNIT_MS: Record<string, number> = { s: 1000, min: 60_000, h: 3_600_000 };

  it('are the ones the README promises, read from the one table of defaults', async () => {
    const readme = await readFile('README.md', 'utf8');
    const promised = [...readme.matchAll(/^\|[^|\n]*\|[^|\n]*\| (\d+) \/ (\d+) (s|min|h) \| `(RATE_LIMIT_[A-Z_]+)` \|$/gm)].map(
      ([, max, count, unit, variable]) => [variable, { max: Number(max), windowMs: Number(count) * UNIT_MS[unit!]! }] as const,
    );
    const { rules } = loadConfig({}).limits;
    const actual = Object.entries(LIMIT_DEFAULTS).map(([name, { variable }]) => [variable, rules[name as keyof typeof rules]] as const);
    expect(promised).toHaveLength(Object.keys(LIMIT_DEFAULTS).length);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(promised));
  });

  it('hold the values the security rules depend on', () => {
    const { rules } = loadConfig({}).limits;
    expect(rules.loginFailures).toEqual({ max: 5, windowMs: 15 * 60_000 });
    expect(rules.loginFailuresPerIp).toEqual({ max: 20, windowMs: 15 * 60_000 });
    expect(rules.otpAttempts).toEqual({ max: 10, windowMs: 15 * 60_000 });
    expect(rules.resetRequests).toEqual({ max: 3, windowMs: 15 * 60_000 });
  });
});
