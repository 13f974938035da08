import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { runBansCommand, UsageError } from '../src/admin/bans-command.js';
import { IpBanRepository } from '../src/db/repositories/ip-ban.repository.js';
import { IpBans } from '../src/services/abuse/ip-bans.js';
import { ManualClock } from './helpers/manual-clock.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

async function expectBanned(t: TestApp) {
  const attempts = [
    await t.request('GET', '/api/docs/'),
    await t.request('GET', '/api/tasks'),
    await t.request('POST', '/api/auth/login', { body: { username: 'x', password: 'y' } }),
    await t.request('GET', '/no/such/route'),
    await t.request('POST', '/graphql', { body: { query: '{ me { id } }' } }),
  ];
  for (const res of attempts) {
    expect(res.status).toBe(403);
    expect(res.body.errors).toMatchObject({ code: 'FORBIDDEN_ACCESS', reason: 'ip banned' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  // A load balancer or kubelet behind the same address must still see a healthy instance.
  expect((await t.request('GET', '/health')).status).toBe(200);
  expect((await t.request('GET', '/ready')).status).toBe(200);
}

const signup = (t: TestApp, n: number) =>
  t.request('POST', '/api/auth/signup', { body: { username: `ban_${n}`, email: `ban_${n}@example.com`, password: 'a fine passphrase' } });

describe('IP bans', () => {
  it('ban an address that fails logins across many accounts, on every route, until the ban ends', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ RATE_LIMIT_LOGIN_FAILURES_PER_IP: '3/15m', BAN_DURATION: '1h' }, { clock });
    try {
      for (const name of ['amy', 'bob', 'cat']) {
        expect((await t.request('POST', '/api/auth/login', { body: { username: name, password: 'guess-one' } })).status).toBe(401);
      }
      // The third failure spent the address's budget: banned from then on.
      expect((await t.request('POST', '/api/auth/login', { body: { username: 'dan', password: 'guess-one' } })).status).toBe(403);
      await expectBanned(t);

      clock.advance(3601);
      expect((await t.request('GET', '/api/tasks')).status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('ban an address that keeps tripping limits, and the ban survives a restart', async () => {
    const env = { RATE_LIMIT_SIGNUPS: '1/1h', RATE_LIMIT_REJECTIONS: '3/10m' };
    const first = await startTestApp(env);
    try {
      expect((await signup(first, 0)).status).toBe(201);
      // Three refusals are tolerated; the fourth bans.
      for (let i = 1; i <= 4; i++) expect((await signup(first, i)).status).toBe(429);
      await expectBanned(first);

      const restarted = await startTestApp(env, { databaseOf: first });
      try {
        await expectBanned(restarted);
      } finally {
        await restarted.close();
      }
    } finally {
      await first.close();
    }
  });

  it('are managed by the bans command: list, add with a duration, remove', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({}, { clock });
    try {
      const bans = new IpBans(t.app.db, new IpBanRepository(), clock);
      expect(await runBansCommand(['list'], bans, 3_600_000)).toEqual(['no active bans']);
      const [added] = await runBansCommand(['add', '127.0.0.1', '--for', '30m', '--reason', 'testing'], bans, 3_600_000);
      expect(added).toMatch(/^banned 127\.0\.0\.1 until /);
      await runBansCommand(['add', '2001:db8::1'], bans, 3_600_000);
      const listed = await runBansCommand(['list'], bans, 3_600_000);
      expect(listed).toHaveLength(2);
      expect(listed[0]).toMatch(/^127\.0\.0\.1 .* testing$/);

      clock.advance(3); // past the app's two-second cache of the ban list
      await expectBanned(t);
      expect(await runBansCommand(['remove', '127.0.0.1'], bans, 3_600_000)).toEqual(['unbanned 127.0.0.1']);
      clock.advance(3);
      expect((await t.request('GET', '/api/tasks')).status).toBe(401);

      // Any spelling of an address bans that address, and still does once the list is read
      // back from PostgreSQL; an IPv6 address bans its /64.
      await runBansCommand(['add', '::ffff:7f00:1'], bans, 3_600_000);
      clock.advance(3);
      await expectBanned(t);
      expect(await runBansCommand(['list'], bans, 3_600_000)).toEqual([expect.stringMatching(/^2001:db8::\/64 /), expect.stringMatching(/^127\.0\.0\.1 /)]);
      await runBansCommand(['remove', '0:0:0:0:0:ffff:7f00:1'], bans, 3_600_000);
      clock.advance(3);
      expect((await t.request('GET', '/api/tasks')).status).toBe(401);

      for (const argv of [[], ['add'], ['add', 'not-an-ip'], ['add', 'fe80::1%eth0'], ['add', '10.0.0.1', '--for', 'forever'], ['drop', '10.0.0.1']]) {
        await expect(runBansCommand(argv, bans, 3_600_000), argv.join(' ')).rejects.toThrow();
      }
      await expect(runBansCommand(['nope'], bans, 1)).rejects.toBeInstanceOf(UsageError);
    } finally {
      await t.close();
    }
  });
});

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const hasRedis = await redisReachable();
if (!hasRedis) console.warn(`Skipping the shared-Redis tests: no Redis answers at ${redisUrl} (set TEST_REDIS_URL).`);

describe.skipIf(!hasRedis)('two instances on one Redis', () => {
  it('share rate-limit counters and bans', async () => {
    const clock = new ManualClock();
    const env = { REDIS_URL: redisUrl, RATE_LIMIT_TASK_READS: '3/1m', RATE_LIMIT_SIGNUPS: '3/1h', RATE_LIMIT_REJECTIONS: '1/10m' };
    const a = await startTestApp(env, { clock });
    const b = await startTestApp(env, { clock, databaseOf: a });
    try {
      const user = await createUser(a);
      expect((await a.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
      expect((await b.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
      expect((await a.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
      expect((await b.request('GET', '/api/tasks', { token: user.token })).status).toBe(429);

      // Two more signups spend the shared budget of three; refusals then ban, seen by both.
      await createUser(b);
      await createUser(a);
      expect((await signup(b, 10)).status).toBe(429);
      expect((await signup(a, 11)).status).toBe(429);
      clock.advance(3);
      await expectBanned(a);
      await expectBanned(b);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
