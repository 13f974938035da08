import jwt from 'jsonwebtoken';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from './helpers/captured-logs.js';
import { eventually } from './helpers/eventually.js';
import { ManualClock } from './helpers/manual-clock.js';
import { outboxFor } from './helpers/outbox.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const SESSION_FIELDS = 'token tokenType expiresIn refreshToken refreshTokenExpiresAt sessionId';

const login = (t: TestApp, user: TestUser, headers: Record<string, string> = {}) =>
  t.request('POST', '/api/auth/login', { body: { username: user.username, password: user.password }, headers });
const refresh = (t: TestApp, refreshToken: string) => t.request('POST', '/api/auth/refresh', { body: { refresh_token: refreshToken } });
const tasksStatus = async (t: TestApp, token: string) => (await t.request('GET', '/api/tasks', { token })).status;
const sessionIds = async (t: TestApp, token: string) =>
  ((await t.request('GET', '/api/auth/sessions', { token })).body.sessions as Array<{ id: string }>).map((s) => s.id);

/** Rows the user still has anywhere, by table. */
async function rowsOf(t: TestApp, userId: number) {
  const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(t.app.db)).rows[0]?.n);
  return {
    users: await count(sql<{ n: string }>`SELECT count(*) AS n FROM users WHERE id = ${userId}`),
    tasks: await count(sql<{ n: string }>`SELECT count(*) AS n FROM tasks WHERE user_id = ${userId}`),
    sessions: await count(sql<{ n: string }>`SELECT count(*) AS n FROM sessions WHERE user_id = ${userId}`),
    refreshTokens: await count(
      sql<{ n: string }>`SELECT count(*) AS n FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id WHERE s.user_id = ${userId}`,
    ),
    passwordResets: await count(sql<{ n: string }>`SELECT count(*) AS n FROM password_resets WHERE user_id = ${userId}`),
    taskChanges: await count(sql<{ n: string }>`SELECT count(*) AS n FROM task_changes WHERE user_id = ${userId}`),
    idempotencyKeys: await count(sql<{ n: string }>`SELECT count(*) AS n FROM idempotency_keys WHERE user_id = ${userId}`),
  };
}

describe('refresh tokens', () => {
  const clock = new ManualClock();
  const logs = capturedLogger();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REFRESH_TOKEN_TTL: '1h', SESSION_MAX_AGE: '3h', REFRESH_REUSE_GRACE: '10s' }, { clock, logger: logs.logger });
  });
  afterAll(() => t?.close());

  it('come with every login, on both transports, and are stored only as hashes', async () => {
    const user = await createUser(t);
    const rest = await login(t, user);
    expect(rest.body).toEqual({
      token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.stringMatching(/^rt_[A-Za-z0-9_-]{43}$/),
      refresh_token_expires_at: expect.any(String),
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      device_token: expect.any(String),
    });
    const gql = await t.graphql(`mutation ($input: LoginInput!) { login(input: $input) { ${SESSION_FIELDS} } }`, {
      input: { username: user.username, password: user.password },
    });
    expect(gql.data.login).toMatchObject({ tokenType: 'Bearer', refreshToken: expect.stringMatching(/^rt_/), sessionId: expect.any(String) });

    const stored = await sql<{ hex: string }>`SELECT encode(token_hash, 'hex') AS hex FROM refresh_tokens`.execute(t.app.db);
    const dump = JSON.stringify(stored.rows) + JSON.stringify((await sql`SELECT * FROM sessions`.execute(t.app.db)).rows);
    for (const token of [rest.body.refresh_token, gql.data.login.refreshToken]) expect(dump).not.toContain(token.slice(3));
    // The access token names the session, nothing more about it.
    expect(jwt.decode(rest.body.token)).toMatchObject({ sub: String(user.id), sid: rest.body.session_id });
  });

  it('rotate: the old one dies, the new pair works, the session stays one', async () => {
    const user = await createUser(t);
    const first = await refresh(t, user.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(user.refreshToken);
    expect(await tasksStatus(t, first.body.token)).toBe(200);
    const second = await refresh(t, first.body.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.session_id).toBe(first.body.session_id);
    expect(await sessionIds(t, second.body.token)).toEqual([second.body.session_id]);
  });

  it('reused after the grace window end the whole session, and say so at warn', async () => {
    const user = await createUser(t);
    const next = await refresh(t, user.refreshToken);
    clock.advance(11);
    const replay = await refresh(t, user.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.errors).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token invalid' });
    // The thief's and the owner's tokens alike: the family is revoked.
    expect((await refresh(t, next.body.refresh_token)).status).toBe(401);
    expect(await tasksStatus(t, next.body.token)).toBe(401);
    expect(await tasksStatus(t, user.token)).toBe(401);
    const warning = logs.lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'refresh token reused: session ended' && line.userId === user.id);
    expect(warning).toMatchObject({ level: 40, sessionId: next.body.session_id });
    expect(logs.lines.join('\n')).not.toContain(user.refreshToken);
  });

  it('retried within the grace window get the same successor, once', async () => {
    const user = await createUser(t);
    const answers = await Promise.all([refresh(t, user.refreshToken), refresh(t, user.refreshToken)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.body.refresh_token).toBe(answers[1]!.body.refresh_token);
    const retried = await refresh(t, user.refreshToken);
    expect(retried.body.refresh_token).toBe(answers[0]!.body.refresh_token);

    // Once the successor itself was used, the old token is a replay even within the window.
    const onward = await refresh(t, answers[0]!.body.refresh_token);
    expect(onward.status).toBe(200);
    expect((await refresh(t, user.refreshToken)).status).toBe(401);
    expect((await refresh(t, onward.body.refresh_token)).status).toBe(401);
  });

  it('expire when unused for their lifetime, and each use slides it', async () => {
    const user = await createUser(t);
    clock.advance(50 * 60);
    const slid = await refresh(t, user.refreshToken);
    expect(slid.status).toBe(200);
    clock.advance(50 * 60);
    // 100 minutes after login, but 50 after its last use.
    const again = await refresh(t, slid.body.refresh_token);
    expect(again.status).toBe(200);
    clock.advance(61 * 60);
    const late = await refresh(t, again.body.refresh_token);
    expect(late.status).toBe(401);
    expect(late.body.errors).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token expired' });
    expect(await rowsOf(t, user.id)).toMatchObject({ sessions: 0, refreshTokens: 0 });
  });

  it('never carry a session past its absolute cap, however often they are used', async () => {
    const user = await createUser(t);
    let token = user.refreshToken;
    for (let minutes = 50; minutes <= 150; minutes += 50) {
      clock.advance(50 * 60);
      const next = await refresh(t, token);
      expect(next.status, `${minutes} minutes in`).toBe(200);
      token = next.body.refresh_token;
    }
    // 150 minutes in: the refresh token may not outlive the 3-hour session.
    const last = await refresh(t, token);
    const capped = new Date(last.body.refresh_token_expires_at).getTime() - clock.now().getTime();
    expect(capped).toBeLessThanOrEqual(30 * 60_000);
    clock.advance(31 * 60);
    expect((await refresh(t, last.body.refresh_token)).body.errors).toMatchObject({ reason: 'token expired' });
  });

  it('are refused in the envelope when malformed, unknown or missing, on both transports', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'invalid input'],
      [{ refresh_token: 'x'.repeat(10_000) }, 400, 'invalid input'],
      [{ refresh_token: 12 }, 400, 'invalid input'],
      [{ refresh_token: `rt_${'A'.repeat(43)}` }, 401, 'token invalid'],
    ];
    for (const [body, status, reason] of cases) {
      const res = await t.request('POST', '/api/auth/refresh', { body });
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      expect(res.body.errors.reason).toBe(reason);
    }
    const gql = await t.graphql('mutation ($t: String!) { refreshSession(refreshToken: $t) { token } }', { t: 'nope' });
    expect(gql.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', details: { refreshToken: ['is not a refresh token'] } });
    // Cookie mode without a cookie, and with a token in the body too.
    const noCookie = await t.request('POST', '/api/auth/refresh', { headers: { 'x-refresh-cookie': '1' } });
    expect(noCookie.body.errors).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token is missing' });
    const both = await t.request('POST', '/api/auth/refresh', { body: { refresh_token: `rt_${'A'.repeat(43)}` }, headers: { 'x-refresh-cookie': '1' } });
    expect(both.status).toBe(400);
  });

  it('work over GraphQL as over REST', async () => {
    const user = await createUser(t);
    const mutation = `mutation ($t: String!) { refreshSession(refreshToken: $t) { ${SESSION_FIELDS} } }`;
    const next = await t.graphql(mutation, { t: user.refreshToken });
    expect(next.data.refreshSession.refreshToken).toMatch(/^rt_/);
    clock.advance(11);
    const replay = await t.graphql(mutation, { t: user.refreshToken });
    expect(replay.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token invalid' });
    expect(await tasksStatus(t, next.data.refreshSession.token)).toBe(401);
  });
});

describe('sessions on two instances of one database', () => {
  let here: TestApp;
  let elsewhere: TestApp;
  beforeAll(async () => {
    here = await startTestApp();
    elsewhere = await startTestApp({}, { databaseOf: here });
  });
  afterAll(async () => {
    await elsewhere?.close();
    await here?.close();
  });

  it('are listed with the current one marked, and a logout ends only its own on every instance', async () => {
    const user = await createUser(here);
    const phone = await login(here, user, { 'user-agent': 'Phone/1.0' });
    const list = (await here.request('GET', '/api/auth/sessions', { token: phone.body.token })).body.sessions;
    expect(list).toHaveLength(2);
    expect(list.find((s: { current: boolean }) => s.current)).toMatchObject({ id: phone.body.session_id, user_agent: 'Phone/1.0', ip: '127.0.0.1' });

    const out = await elsewhere.request('POST', '/api/auth/logout', { token: phone.body.token });
    expect(out.body).toEqual({ message: 'Logged out', ended_sessions: 1 });
    await eventually(async () => (await tasksStatus(here, phone.body.token)) === 401);
    expect((await refresh(here, phone.body.refresh_token)).status).toBe(401);
    expect(await tasksStatus(here, user.token)).toBe(200);
  });

  it('all end with logout everywhere, on every instance', async () => {
    const user = await createUser(here);
    const second = await login(elsewhere, user);
    const gql = await elsewhere.graphql('mutation { logout(everywhere: true) { endedSessions } }', {}, second.body.token);
    expect(gql.data.logout.endedSessions).toBe(2);
    await eventually(async () => (await tasksStatus(here, user.token)) === 401);
    expect(await tasksStatus(here, second.body.token)).toBe(401);
    expect((await refresh(here, user.refreshToken)).status).toBe(401);
  });

  it('can be revoked one by one, only by their owner', async () => {
    const user = await createUser(here);
    const other = await createUser(here);
    const laptop = await login(here, user);
    const revoke = (id: string, token: string) => elsewhere.request('DELETE', `/api/auth/sessions/${id}`, { token });

    expect((await revoke(laptop.body.session_id, other.token)).body.errors).toMatchObject({ code: 'NOT_FOUND' });
    expect((await revoke('not-a-session', user.token)).body.errors).toMatchObject({ code: 'BAD_REQUEST', details: { id: ['is not a session id'] } });
    expect(await tasksStatus(here, laptop.body.token)).toBe(200);

    expect((await revoke(laptop.body.session_id, user.token)).body).toEqual({ message: 'Session revoked', session_id: laptop.body.session_id });
    await eventually(async () => (await tasksStatus(here, laptop.body.token)) === 401);
    expect((await revoke(laptop.body.session_id, user.token)).status).toBe(404);

    const gql = await here.graphql('query { sessions { id current } }', {}, user.token);
    expect(gql.data.sessions).toEqual([{ id: (jwt.decode(user.token) as { sid: string }).sid, current: true }]);
    const gqlRevoke = await here.graphql('mutation ($id: ID!) { revokeSession(id: $id) { revokedSessionId } }', { id: gql.data.sessions[0].id }, user.token);
    expect(gqlRevoke.data.revokeSession.revokedSessionId).toBe(gql.data.sessions[0].id);
    expect(await tasksStatus(here, user.token)).toBe(401);
  });
});

describe('a password change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const change = (token: string, body: unknown) => t.request('POST', '/api/auth/change-password', { token, body });

  it('needs the current password and a good new one, and changes nothing otherwise', async () => {
    const user = await createUser(t);
    const refusals: Array<[unknown, number, string]> = [
      [{ current_password: 'wrong one!', new_password: 'a fresh passphrase' }, 403, 'wrong password'],
      [{ current_password: user.password, new_password: user.password }, 400, 'password reuse'],
      [{ current_password: user.password, new_password: 'password' }, 400, 'invalid input'],
      [{ new_password: 'a fresh passphrase' }, 400, 'invalid input'],
    ];
    for (const [body, status, reason] of refusals) {
      const res = await change(user.token, body);
      expect(res.status, reason).toBe(status);
      expect(res.body.errors.reason).toBe(reason);
    }
    expect((await login(t, user)).status).toBe(200);
    expect((await change('', { current_password: user.password, new_password: 'a fresh passphrase' })).status).toBe(401);
  });

  it('ends every other session, keeps this one, and sends a notice', async () => {
    const user = await createUser(t);
    const other = await login(t, user);
    const res = await change(user.token, { current_password: user.password, new_password: 'a fresh passphrase' });
    expect(res.body).toEqual({ message: 'Password changed', ended_sessions: 1 });
    expect(await tasksStatus(t, user.token)).toBe(200);
    expect((await refresh(t, user.refreshToken)).status).toBe(200);
    expect(await tasksStatus(t, other.body.token)).toBe(401);
    expect((await refresh(t, other.body.refresh_token)).status).toBe(401);
    expect((await login(t, user)).status).toBe(401);
    expect((await login(t, { ...user, password: 'a fresh passphrase' })).status).toBe(200);
    await eventually(async () => (await outboxFor(t, user.email)).some((mail) => mail.includes('Your password was changed')));
  });

  it('works over GraphQL, naming its arguments in errors', async () => {
    const user = await createUser(t);
    const mutation = 'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { endedSessions } }';
    const wrong = await t.graphql(mutation, { input: { currentPassword: 'nope nope', newPassword: 'a fresh passphrase' } }, user.token);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_ACCESS', details: { currentPassword: ['is not your password'] } });
    const weak = await t.graphql(mutation, { input: { currentPassword: user.password, newPassword: 'short' } }, user.token);
    expect(weak.errors?.[0]?.extensions.details).toHaveProperty(['input.newPassword']);
    const done = await t.graphql(mutation, { input: { currentPassword: user.password, newPassword: 'a fresh passphrase' } }, user.token);
    expect(done.data.changePassword).toEqual({ endedSessions: 0 });
  });
});

describe('deleting an account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('needs the password, and deletes nothing without it', async () => {
    const user = await createUser(t);
    const res = await t.request('POST', '/api/auth/delete-account', { token: user.token, body: { password: 'not the password' } });
    expect(res.status).toBe(403);
    expect(res.body.errors).toMatchObject({ code: 'FORBIDDEN_ACCESS', reason: 'wrong password' });
    expect(await rowsOf(t, user.id)).toMatchObject({ users: 1, sessions: 1 });
  });

  it('removes every row of the user, ends its tokens at once, leaves others alone, and sends a notice', async () => {
    const user = await createUser(t);
    const bystander = await createUser(t);
    await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'mine', description: '' }, headers: { 'idempotency-key': 'mine-once' } });
    await t.request('POST', '/api/tasks', { token: bystander.token, body: { title: 'theirs', description: '' } });
    await t.request('POST', '/api/auth/forget-password', { body: { email: user.email } });
    await eventually(async () => (await rowsOf(t, user.id)).passwordResets === 1);
    const second = await login(t, user);

    const res = await t.request('POST', '/api/auth/delete-account', { token: user.token, body: { password: user.password } });
    expect(res.body).toEqual({ message: 'Account deleted' });
    expect(await rowsOf(t, user.id)).toEqual({ users: 0, tasks: 0, sessions: 0, refreshTokens: 0, passwordResets: 0, taskChanges: 0, idempotencyKeys: 0 });
    for (const token of [user.token, second.body.token]) expect(await tasksStatus(t, token)).toBe(401);
    expect((await refresh(t, second.body.refresh_token)).status).toBe(401);
    expect((await login(t, user)).body.errors.reason).toBe('invalid credentials');
    expect((await t.request('GET', '/api/tasks', { token: bystander.token })).body.data).toHaveLength(1);
    await eventually(async () => (await outboxFor(t, user.email)).some((mail) => mail.includes('Your account was deleted')));
  });

  it('works over GraphQL', async () => {
    const user = await createUser(t);
    const res = await t.graphql(
      'mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) { deletedUserId } }',
      { input: { password: user.password } },
      user.token,
    );
    expect(res.data.deleteAccount).toEqual({ deletedUserId: String(user.id) });
    expect((await t.graphql('{ me { id } }', {}, user.token)).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('logins past the per-user cap', () => {
  it('end the sessions used least recently', async () => {
    const t = await startTestApp();
    try {
      const user = await createUser(t);
      await sql`INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, ip)
        SELECT gen_random_uuid(), ${user.id}, now(), now() - interval '1 day', now() + interval '1 day', '10.0.0.1' FROM generate_series(1, 99)`.execute(
        t.app.db,
      );
      await sql`INSERT INTO refresh_tokens (token_hash, session_id, expires_at)
        SELECT sha256(id::text::bytea), id, now() + interval '1 day' FROM sessions WHERE user_id = ${user.id} AND ip = '10.0.0.1'`.execute(t.app.db);
      const newest = await login(t, user);
      const ids = await sessionIds(t, newest.body.token);
      expect(ids).toHaveLength(100);
      expect(ids.slice(0, 2).sort()).toEqual([newest.body.session_id, (jwt.decode(user.token) as { sid: string }).sid].sort());
    } finally {
      await t.close();
    }
  });
});
