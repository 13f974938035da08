import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { limitsResetOn, runLimitsCommand } from '../src/admin/limits-command.js';
import { loadConfig } from '../src/config/config.js';
import { eventually } from './helpers/eventually.js';
import { capturedLogger } from './helpers/captured-logs.js';
import { startTestApp } from './helpers/test-app.js';

/** A developer trying the API on their own machine must not lock themselves out. */
describe('development', () => {
  it('never refuses loopback a signup or a login, nor bans it: it logs what it would have done', async () => {
    const logs = capturedLogger();
    // The shipped signup and login budgets, not the tests' generous ones.
    const t = await startTestApp(
      { NODE_ENV: 'development', RATE_LIMIT_SIGNUPS: undefined, RATE_LIMIT_LOGIN_FAILURES: undefined, RATE_LIMIT_LOGIN_FAILURES_PER_IP: '1/15m' },
      { logger: logs.logger },
    );
    try {
      // Twelve test users in a row, past the ten an hour anyone else gets.
      for (let i = 0; i < 12; i++) {
        const signup = await t.request('POST', '/api/auth/signup', {
          body: { username: `dev_${i}`, email: `dev_${i}@example.com`, password: 'a fine passphrase' },
        });
        expect(signup.status, `signup ${i}`).toBe(201);
      }
      // Wrong passwords past every login budget: each is a 401, never a 429, and the right one gets in.
      for (let i = 0; i < 7; i++) expect((await t.request('POST', '/api/auth/login', { body: { username: 'dev_0', password: `typo ${i}` } })).status).toBe(401);
      expect((await t.request('POST', '/api/auth/login', { body: { username: 'dev_0', password: 'a fine passphrase' } })).status).toBe(200);
      expect((await t.request('GET', '/api/tasks')).status).toBe(401);
      const lines = logs.lines.map((line) => JSON.parse(line));
      expect(lines.find((line) => line.msg.startsWith('would refuse'))).toMatchObject({ level: 40, ip: '127.0.0.1', limit: 'signups' });
      expect(lines.find((line) => line.msg.startsWith('would ban'))).toMatchObject({ level: 40, ip: '127.0.0.1' });
      expect(lines.find((line) => line.msg === 'address banned')).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('holds every other address to the budgets, and `npm run limits -- reset` makes them whole on every store and process', async () => {
    const t = await startTestApp({ NODE_ENV: 'development', TRUST_PROXY: 'loopback', RATE_LIMIT_SIGNUPS: '1/1h', RATE_LIMIT_REQUESTS: '5/1h' });
    const reset = limitsResetOn(
      t.app.db,
      loadConfig({ REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX: `test-${t.databaseName}:` }),
      pino({ level: 'silent' }),
    );
    try {
      const from = (ip: string) => ({ 'x-forwarded-for': ip });
      const signup = (ip: string, n: number) =>
        t.request('POST', '/api/auth/signup', {
          headers: from(ip),
          body: { username: `lan_${n}`, email: `lan_${n}@example.com`, password: 'a fine passphrase' },
        });
      expect((await signup('192.0.2.10', 1)).status).toBe(201);
      expect((await signup('192.0.2.10', 2)).status).toBe(429);
      // The request budget lives in the app's memory, the signup budget in PostgreSQL (or Redis).
      while ((await t.request('GET', '/api/tasks', { headers: from('192.0.2.10') })).status !== 429);

      expect(await runLimitsCommand(['reset', '192.0.2.10'], reset)).toEqual(['reset the budgets of 192.0.2.10']);
      await eventually(async () => (await t.request('GET', '/api/tasks', { headers: from('192.0.2.10') })).status === 401);
      expect((await signup('192.0.2.10', 3)).status).toBe(201);

      while ((await t.request('GET', '/api/tasks', { headers: from('192.0.2.11') })).status !== 429);
      expect(await runLimitsCommand(['reset'], reset)).toEqual(['reset every budget']);
      await eventually(async () => (await t.request('GET', '/api/tasks', { headers: from('192.0.2.11') })).status === 401);
      await expect(runLimitsCommand(['clear'], reset)).rejects.toThrow(/usage: npm run limits -- reset/);
    } finally {
      await reset.close();
      await t.close();
    }
  });

  it('spends no signup budget on a signup that fails validation', async () => {
    const t = await startTestApp({ RATE_LIMIT_SIGNUPS: '1/1h' });
    try {
      for (const body of [
        {},
        { username: 'x', email: 'nope', password: 'short' },
        { username: 'fine_name', email: 'fine@example.com', password: 'password' },
      ]) {
        expect((await t.request('POST', '/api/auth/signup', { body })).status).toBe(400);
      }
      expect(
        (await t.request('POST', '/api/auth/signup', { body: { username: 'fine_name', email: 'fine@example.com', password: 'a fine passphrase' } })).status,
      ).toBe(201);
    } finally {
      await t.close();
    }
  });
});
