import { describe, expect, it } from 'vitest';
import { capturedLogger } from './helpers/captured-logs.js';
import { startTestApp } from './helpers/test-app.js';

/** A developer trying the API on their own machine must not lock themselves out. */
describe('development', () => {
  it('never bans loopback: it logs the ban it would have made', async () => {
    const logs = capturedLogger();
    const t = await startTestApp({ NODE_ENV: 'development', RATE_LIMIT_LOGIN_FAILURES_PER_IP: '1/15m' }, { logger: logs.logger });
    try {
      await t.request('POST', '/api/auth/login', { body: { username: 'amy', password: 'guess-one' } });
      expect((await t.request('POST', '/api/auth/login', { body: { username: 'bob', password: 'guess-one' } })).status).toBe(429);
      // Refused for the budget, as anyone would be, but not banned: other routes answer.
      expect((await t.request('GET', '/api/tasks')).status).toBe(401);
      const lines = logs.lines.map((line) => JSON.parse(line));
      expect(lines.find((line) => line.msg.startsWith('would ban'))).toMatchObject({ level: 40, ip: '127.0.0.1' });
      expect(lines.find((line) => line.msg === 'address banned')).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('spends no signup budget on a signup that fails validation', async () => {
    const t = await startTestApp({ RATE_LIMIT_SIGNUPS: '1/1h' });
    try {
      for (const body of [{}, { username: 'x', email: 'nope', password: 'short' }, { username: 'fine_name', email: 'fine@example.com', password: 'password' }]) {
        expect((await t.request('POST', '/api/auth/signup', { body })).status).toBe(400);
      }
      expect((await t.request('POST', '/api/auth/signup', { body: { username: 'fine_name', email: 'fine@example.com', password: 'a fine passphrase' } })).status).toBe(201);
    } finally {
      await t.close();
    }
  });
});
