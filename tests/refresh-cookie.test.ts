import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const login = (t: TestApp, user: TestUser, headers: Record<string, string> = {}) =>
  t.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password }, headers });

describe('the cookie mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('sets an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/auth, and keeps the token out of the body', async () => {
    const user = await createUser(t);
    const res = await login(t, user, { 'x-refresh-cookie': '1' });
    expect(res.body.refresh_token).toBeUndefined();
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^refresh_token=rt_[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['Path=/api/auth', 'HttpOnly', 'Secure', 'SameSite=Strict', 'Expires=']) expect(cookie).toContain(attribute);

    const token = /^refresh_token=([^;]+)/.exec(cookie)![1]!;
    const refreshed = await t.request('POST', '/api/auth/refresh', { headers: { 'x-refresh-cookie': '1', cookie: `refresh_token=${token}` } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('set-cookie')).toMatch(/^refresh_token=rt_/);
    // Without the header, the cookie alone is never read.
    const bare = await t.request('POST', '/api/auth/refresh', { headers: { cookie: `refresh_token=${token}` }, body: {} });
    expect(bare.status).toBe(400);
  });

  it('works under /api/v1, with the cookie scoped to the base the client uses', async () => {
    const user = await createUser(t);
    const res = await t.request('POST', '/api/v1/auth/login', {
      body: { username: user.username, password: user.password },
      headers: { 'x-refresh-cookie': '1' },
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('Path=/api/v1/auth');
    const token = /^refresh_token=([^;]+)/.exec(cookie)![1]!;
    const refreshed = await t.request('POST', '/api/v1/auth/refresh', { headers: { 'x-refresh-cookie': '1', cookie: `refresh_token=${token}` } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('set-cookie')).toContain('Path=/api/v1/auth');
  });

  it('works over GraphQL: login and refreshSession set the cookie and answer no refresh token, logout clears it', async () => {
    const user = await createUser(t);
    const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string>, token?: string) =>
      t.request('POST', '/graphql', { body: { query, variables }, headers: { 'x-refresh-cookie': '1', ...headers }, token });
    const login = await gql(
      'mutation ($input: LoginInput!) { login(input: $input) { token refreshToken } }',
      { input: { username: user.username, password: user.password } },
      {},
    );
    expect(login.body.data.login.refreshToken).toBeNull();
    const cookie = login.headers.get('set-cookie') ?? '';
    for (const attribute of ['Path=/graphql', 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(cookie).toContain(attribute);
    const first = /^refresh_token=([^;]+)/.exec(cookie)![1]!;

    const refreshed = await gql('mutation { refreshSession { token refreshToken } }', {}, { cookie: `refresh_token=${first}` });
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data.refreshSession.refreshToken).toBeNull();
    const second = /^refresh_token=([^;]+)/.exec(refreshed.headers.get('set-cookie') ?? '')![1]!;
    expect(second).not.toBe(first);
    // One request, one token: a cookie and an argument together are refused.
    const both = await gql('mutation ($t: String) { refreshSession(refreshToken: $t) { token } }', { t: second }, { cookie: `refresh_token=${second}` });
    expect(both.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'two refresh tokens' });

    const logout = await gql('mutation { logout { endedSessions } }', {}, {}, refreshed.body.data.refreshSession.token);
    expect(logout.body.data.logout.endedSessions).toBe(1);
    expect(logout.headers.get('set-cookie')).toMatch(/^refresh_token=; Path=\/graphql; Expires=Thu, 01 Jan 1970/);
  });
});
