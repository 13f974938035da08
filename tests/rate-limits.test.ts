import { beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from './helpers/captured-logs.js';
import { ManualClock } from './helpers/manual-clock.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { token } }';

/**
 * Every limit is tested on each store the run has: this process's memory always, and Redis
 * when the run names one (CI's second pass), so neither store goes untested in any pass.
 */
const STORES: Array<[store: string, redisUrl: string | undefined]> = [
  ['memory', undefined],
  ...(process.env.TEST_REDIS_URL ? [['Redis', process.env.TEST_REDIS_URL] as [string, string]] : []),
];

let redisUrl: string | undefined;

async function withApp(env: Record<string, string | undefined>, run: (t: TestApp, clock: ManualClock) => Promise<void>) {
  const clock = new ManualClock();
  const t = await startTestApp({ REDIS_URL: redisUrl, ...env }, { clock });
  try {
    await run(t, clock);
  } finally {
    await t.close();
  }
}

const restLogin = (t: TestApp, body: Record<string, string>) => t.request('POST', '/api/auth/login', { body });
const gqlLogin = (t: TestApp, input: Record<string, string>) => t.graphql(LOGIN, { input });

function expectTooMany(res: { status: number; headers: Headers; body: any }) {
  expect(res.status).toBe(429);
  expect(res.body.errors).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, type: 'too_many_requests' });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe.each(STORES)('limits counted in %s', (_store, url) => {
  beforeAll(() => {
    redisUrl = url;
  });

  describe('failed logins', () => {
    it('stop at 5 per login name and address (the default) across REST and GraphQL, then reset after 15 minutes', async () => {
      // The default, not the generous test value: the promise under test is the shipped one.
      await withApp({ RATE_LIMIT_LOGIN_FAILURES: undefined }, async (t, clock) => {
        const user: TestUser = await createUser(t);
        const wrong = 'not-the-password';
        // Five failures, mixing transports and the name's case: one budget.
        expect((await restLogin(t, { username: user.username, password: wrong })).status).toBe(401);
        expect((await restLogin(t, { username: user.username.toUpperCase(), password: wrong })).status).toBe(401);
        expect((await restLogin(t, { username: user.username, password: wrong })).status).toBe(401);
        expect((await gqlLogin(t, { username: user.username, password: wrong })).errors?.[0]?.extensions.code).toBe('UNAUTHORIZED');
        expect((await gqlLogin(t, { username: user.username, password: wrong })).errors?.[0]?.extensions.code).toBe('UNAUTHORIZED');

        // Spent: even the right password is refused, on both doors.
        const rest = await restLogin(t, { username: user.username, password: user.password });
        expectTooMany(rest);
        expect(rest.body.errors.reason).toBe('loginFailures limit reached');
        const gql = await gqlLogin(t, { username: user.username, password: user.password });
        expect(gql.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });

        clock.advance(15 * 60 + 1);
        expect((await restLogin(t, { username: user.username, password: user.password })).status).toBe(200);
      });
    });

    it('count by the name as typed, so they never tell that a username and an email are one account', async () => {
      await withApp({ RATE_LIMIT_LOGIN_FAILURES: '5/15m' }, async (t) => {
        const user = await createUser(t);
        const stranger = await createUser(t);
        for (let i = 0; i < 5; i++) expect((await restLogin(t, { username: user.username, password: 'wrong guess' })).status).toBe(401);
        // The same account by its email, and another account's email: the same answer.
        expect((await restLogin(t, { email: user.email, password: 'wrong guess' })).status).toBe(401);
        expect((await restLogin(t, { email: stranger.email, password: 'wrong guess' })).status).toBe(401);
        // Unknown names spend exactly as known ones do.
        for (let i = 0; i < 5; i++) expect((await restLogin(t, { username: 'nobody_here', password: 'wrong guess' })).status).toBe(401);
        expect((await restLogin(t, { username: 'nobody_here', password: 'wrong guess' })).status).toBe(429);
      });
    });

    it('spend the budget before bcrypt: 40 parallel guesses on both transports get 5 answers, and the right password no token', async () => {
      await withApp({ RATE_LIMIT_LOGIN_FAILURES: '5/15m', RATE_LIMIT_LOGIN_FAILURES_PER_IP: '1000/15m', RATE_LIMIT_REJECTIONS: '1000/10m' }, async (t) => {
        const user = await createUser(t);
        // Half over REST, half over GraphQL: one budget.
        const guesses = Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0
            ? restLogin(t, { username: user.username, password: `guess-${i}` }).then((res) => res.status)
            : gqlLogin(t, { username: user.username, password: `guess-${i}` }).then((res) => res.errors?.[0]?.extensions.status as number),
        );
        const statuses = await Promise.all(guesses);
        expect(statuses.filter((status) => status === 401)).toHaveLength(5);
        expect(statuses.filter((status) => status === 429)).toHaveLength(35);
        expect((await restLogin(t, { username: user.username, password: user.password })).status).toBe(429);
      });
    });

    it('give back what a successful login reserved', async () => {
      await withApp({ RATE_LIMIT_LOGIN_FAILURES: '2/15m' }, async (t) => {
        const user = await createUser(t);
        // createUser logged in once; more successes spend nothing either.
        for (let i = 0; i < 5; i++) expect((await restLogin(t, { username: user.username, password: user.password })).status).toBe(200);
        expect((await restLogin(t, { username: user.username, password: 'wrong guess' })).status).toBe(401);
        expect((await restLogin(t, { username: user.username, password: 'wrong guess' })).status).toBe(401);
        expect((await restLogin(t, { username: user.username, password: 'wrong guess' })).status).toBe(429);
      });
    });

    it('gives 50 aliased login fields no more guesses than separate requests', async () => {
      await withApp({ RATE_LIMIT_LOGIN_FAILURES: '5/15m', GRAPHQL_MAX_ALIASES: '60' }, async (t) => {
        const user = await createUser(t);
        const storm = (round: number) =>
          t.graphql(
            `mutation { ${Array.from({ length: 50 }, (_, i) => `a${i}: login(input: { username: "${user.username}", password: "guess-${round}-${i}" }) { token }`).join('\n')} }`,
          );
        // Mutation fields run one after another, and login is non-null: the first failure ends
        // the operation, so each request spends exactly one guess of the account's five.
        for (let round = 0; round < 5; round++) {
          expect((await storm(round)).errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHORIZED']);
        }
        expect((await storm(5)).errors?.map((e) => e.extensions.code)).toEqual(['TOO_MANY_REQUESTS']);
        expect((await restLogin(t, { username: user.username, password: user.password })).status).toBe(429);
      });
    });

    it('counts every alias of a read as one request', async () => {
      await withApp({ RATE_LIMIT_TASK_READS: '30/1m', GRAPHQL_MAX_ALIASES: '60' }, async (t) => {
        const user = await createUser(t);
        const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: tasks(first: 1) { edges { cursor } }`);
        const res = await t.graphql(`{ ${aliases.join(' ')} }`, {}, user.token);
        expect(res.errors).toBeUndefined();
        // 25 of 30 spent by one request: 5 reads left.
        for (let i = 0; i < 5; i++) expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
        expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(429);
        // Over budget, a single request of many aliases is refused too.
        const refused = await t.graphql(`{ ${aliases.join(' ')} }`, {}, user.token);
        expect(refused.errors?.[0]?.extensions.code).toBe('TOO_MANY_REQUESTS');
      });
    });
  });

  describe('task reads and writes', () => {
    it('share one budget per user across REST and GraphQL, and reset after the window', async () => {
      await withApp({ RATE_LIMIT_TASK_READS: '3/1m', RATE_LIMIT_TASK_WRITES: '2/1m' }, async (t, clock) => {
        const user = await createUser(t);
        expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
        expect((await t.graphql('{ tasks { edges { cursor } } }', {}, user.token)).errors).toBeUndefined();
        expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
        expectTooMany(await t.request('GET', '/api/tasks', { token: user.token }));
        const gql = await t.graphql('{ tasks { edges { cursor } } }', {}, user.token);
        expect(gql.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'taskReads limit reached' });

        // Another user has a budget of their own; writes have theirs.
        const other = await createUser(t);
        expect((await t.request('GET', '/api/tasks', { token: other.token })).status).toBe(200);
        const body = { title: 'x', description: '' };
        expect((await t.request('POST', '/api/tasks', { token: user.token, body })).status).toBe(201);
        expect((await t.request('POST', '/api/tasks', { token: user.token, body })).status).toBe(201);
        expectTooMany(await t.request('POST', '/api/tasks', { token: user.token, body }));

        clock.advance(61);
        expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
        expect((await t.request('POST', '/api/tasks', { token: user.token, body })).status).toBe(201);
      });
    });
  });

  describe('password checks of a logged-in user', () => {
    it('run out per account on wrong passwords, on both routes that ask, then refuse even the right one', async () => {
      // Access tokens outlive the window here, so the same token asks again after it.
      await withApp({ RATE_LIMIT_PASSWORD_CHECKS: '2/15m', JWT_EXPIRES_IN: '1h' }, async (t, clock) => {
        const user = await createUser(t);
        const change = (currentPassword: string) =>
          t.request('POST', '/api/auth/change-password', {
            token: user.token,
            body: { current_password: currentPassword, new_password: 'a fresh passphrase' },
          });
        expect((await change('not it at all')).status).toBe(403);
        expect((await t.request('POST', '/api/auth/delete-account', { token: user.token, body: { password: 'not it either' } })).status).toBe(403);
        expectTooMany(await change(user.password));
        clock.advance(15 * 60 + 1);
        expect((await change(user.password)).status).toBe(200);
      });
    });
  });

  describe('anonymous budgets', () => {
    it('limit signups per address', async () => {
      await withApp({ RATE_LIMIT_SIGNUPS: '2/1h' }, async (t, clock) => {
        await createUser(t);
        await createUser(t);
        const res = await t.request('POST', '/api/auth/signup', { body: { username: 'third', email: 'third@example.com', password: 'a fine passphrase' } });
        expectTooMany(res);
        clock.advance(3601);
        expect(
          (await t.request('POST', '/api/auth/signup', { body: { username: 'third', email: 'third@example.com', password: 'a fine passphrase' } })).status,
        ).toBe(201);
      });
    });

    it('limit forgot-password and verify-otp per email, for known and unknown emails alike', async () => {
      await withApp({ RATE_LIMIT_RESET_REQUESTS: '2/15m', RATE_LIMIT_OTP_ATTEMPTS: '3/15m' }, async (t) => {
        for (const email of ['someone@example.com', (await createUser(t)).email]) {
          expect((await t.request('POST', '/api/auth/forget-password', { body: { email } })).status).toBe(200);
          const second = await t.request('POST', '/api/auth/forget-password', { body: { email } });
          expect(second.status).toBe(200);
          expectTooMany(await t.request('POST', '/api/auth/forget-password', { body: { email: email.toUpperCase() } }));
          const token = second.body['otp-token'];
          for (let i = 0; i < 3; i++) {
            expect((await t.request('POST', '/api/auth/verify-otp', { token, body: { email, otp: '000000' } })).status).toBe(401);
          }
          expectTooMany(await t.request('POST', '/api/auth/verify-otp', { token, body: { email, otp: '000000' } }));
        }
      });
    });

    it('limit session refreshes per address, refused before any lookup', async () => {
      await withApp({ RATE_LIMIT_REFRESHES: '2/15m' }, async (t, clock) => {
        const user = await createUser(t);
        const refresh = (refreshToken: string) => t.request('POST', '/api/auth/refresh', { body: { refresh_token: refreshToken } });
        const next = await refresh(user.refreshToken);
        expect(next.status).toBe(200);
        expect((await refresh(`rt_${'A'.repeat(43)}`)).status).toBe(401);
        expectTooMany(await refresh(next.body.refresh_token));
        clock.advance(15 * 60 + 1);
        expect((await refresh(next.body.refresh_token)).status).toBe(200);
      });
    });

    it('caps all requests from one address', async () => {
      await withApp({ RATE_LIMIT_REQUESTS: '5/1m' }, async (t, clock) => {
        for (let i = 0; i < 5; i++) expect((await t.request('GET', '/api/openapi.json')).status).toBe(200);
        const refused = await t.request('GET', '/api/openapi.json');
        expectTooMany(refused);
        expect(refused.body.errors.reason).toBe('requests limit reached');
        const gql = await t.graphql('{ me { id } }');
        expect(gql.status).toBe(429);
        clock.advance(61);
        expect((await t.request('GET', '/api/openapi.json')).status).toBe(200);
        // Health checks are never budgeted: a probe must not be refused for the traffic beside it.
        expect((await t.request('GET', '/health')).status).toBe(200);
      });
    });

    it('counts the forwarded address only behind a trusted proxy', async () => {
      const forwarded = (t: TestApp, ip: string) => t.request('GET', '/api/openapi.json', { headers: { 'x-forwarded-for': ip } });
      await withApp({ RATE_LIMIT_REQUESTS: '2/1m', TRUST_PROXY: 'loopback' }, async (t) => {
        await forwarded(t, '203.0.113.1');
        await forwarded(t, '203.0.113.1');
        expect((await forwarded(t, '203.0.113.1')).status).toBe(429);
        expect((await forwarded(t, '203.0.113.2')).status).toBe(200);
        // IPv6 clients count per /64: a client holding one cannot rotate past the budget.
        await forwarded(t, '2001:db8:1:2::a');
        await forwarded(t, '2001:db8:1:2:ffff::b');
        expect((await forwarded(t, '2001:db8:1:2::c')).status).toBe(429);
        expect((await forwarded(t, '2001:db8:1:3::a')).status).toBe(200);
      });
      await withApp({ RATE_LIMIT_REQUESTS: '2/1m' }, async (t) => {
        await forwarded(t, '203.0.113.1');
        await forwarded(t, '203.0.113.2');
        // Untrusted header: both came from 127.0.0.1.
        expect((await forwarded(t, '203.0.113.3')).status).toBe(429);
      });
    });
  });
});

describe('security budgets without Redis', () => {
  it('are shared by every instance on the database (PostgreSQL counts them)', async () => {
    const env = { REDIS_URL: undefined, RATE_LIMIT_LOGIN_FAILURES: '5/15m' };
    const a = await startTestApp(env);
    const b = await startTestApp(env, { databaseOf: a });
    try {
      const user = await createUser(a);
      for (let i = 0; i < 5; i++) expect((await restLogin(i % 2 ? b : a, { username: user.username, password: 'wrong guess' })).status).toBe(401);
      expect((await restLogin(b, { username: user.username, password: user.password })).status).toBe(429);
      expect((await restLogin(a, { username: user.username, password: user.password })).status).toBe(429);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('when Redis is unreachable', () => {
  it('keeps serving and keeps limiting, per instance, and says so in the log', async () => {
    const logs = capturedLogger();
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_TASK_READS: '2/1m' }, { logger: logs.logger });
    try {
      const user = await createUser(t);
      expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
      expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
      expect((await t.request('GET', '/api/tasks', { token: user.token })).status).toBe(429);
    } finally {
      await t.close();
    }
    expect(logs.lines.filter((l) => l.includes('Redis unavailable'))).toHaveLength(1);
  });
});
