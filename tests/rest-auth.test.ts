import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './helpers/manual-clock.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const signup = (body: unknown) => t.request('POST', '/api/auth/signup', { body });
const login = (body: unknown) => t.request('POST', '/api/auth/login', { body });

describe('POST /api/auth/signup', () => {
  it('creates a user and answers 201 with the contract body', async () => {
    const res = await signup({ username: 'carol.w-1', email: 'Carol@Example.com', password: 'a fine passphrase' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      message: 'carol.w-1 user created successfully',
      user: {
        id: expect.any(Number),
        username: 'carol.w-1',
        email: 'Carol@Example.com',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('password');
  });

  it('refuses a taken username or email, ignoring case, with 409', async () => {
    await signup({ username: 'dave', email: 'dave@example.com', password: 'a fine passphrase' });
    const byName = await signup({ username: 'DAVE', email: 'other@example.com', password: 'a fine passphrase' });
    expect(byName.status).toBe(409);
    expect(byName.body.errors).toMatchObject({ code: 'USER_ALREADY_EXISTS', message: 'username already exist', status: 409 });
    const byEmail = await signup({ username: 'dave2', email: 'DAVE@example.COM', password: 'a fine passphrase' });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.errors.message).toBe('email already in use');
  });

  it('creates one user from concurrent signups with one username; the rest get 409', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => signup({ username: 'racer', email: `racer${i}@example.com`, password: 'a fine passphrase' })),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(attempts.filter((r) => r.status === 409).every((r) => r.body.errors.code === 'USER_ALREADY_EXISTS')).toBe(true);
  });

  it.each([
    [{ username: 'ab', email: 'x@example.com', password: 'a fine passphrase' }, 'username'],
    [{ username: 'has space', email: 'x@example.com', password: 'a fine passphrase' }, 'username'],
    [{ username: 'a'.repeat(21), email: 'x@example.com', password: 'a fine passphrase' }, 'username'],
    [{ username: 'okname', email: 'not-an-email', password: 'a fine passphrase' }, 'email'],
    [{ username: 'okname', email: `${'a'.repeat(250)}@x.io`, password: 'a fine passphrase' }, 'email'],
    [{ username: 'okname', email: 'x@example.com', password: 'short' }, 'password'],
    [{ username: 'okname', email: 'x@example.com', password: 12345678 }, 'password'],
    [{ username: 'okname', email: 'x@example.com' }, 'password'],
  ])('answers 400 naming the bad field (%#)', async (body, field) => {
    const res = await signup(body);
    expect(res.status).toBe(400);
    expect(res.body.errors.code).toBe('BAD_REQUEST');
    expect(Object.keys(res.body.errors.details)).toContain(field);
  });

  it('refuses passwords over 72 UTF-8 bytes, counting bytes not characters', async () => {
    // 36 two-byte characters are 72 bytes (allowed); one more is 74.
    const ok = await signup({ username: 'bytes_ok', email: 'bytes_ok@example.com', password: 'é'.repeat(36) });
    expect(ok.status).toBe(201);
    const tooLong = await signup({ username: 'bytes_no', email: 'bytes_no@example.com', password: 'é'.repeat(37) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors.details.password).toEqual(['must be at most 72 bytes in UTF-8']);
  });

  it('refuses one of the 10,000 most common passwords with a clear reason', async () => {
    const res = await signup({ username: 'lazy', email: 'lazy@example.com', password: 'Password1' });
    expect(res.status).toBe(400);
    expect(res.body.errors.details.password[0]).toMatch(/too common/);
  });
});

describe('POST /api/auth/login', () => {
  it('logs in by username or by email (any case) and the token opens protected routes', async () => {
    const user = await createUser(t);
    for (const body of [
      { username: user.username.toUpperCase(), password: user.password },
      { email: user.email.toUpperCase(), password: user.password },
    ]) {
      const res = await login(body);
      expect(res.status).toBe(200);
      // What legacy callers read, and the session's additions.
      expect(res.body).toEqual({
        token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 900,
        refresh_token: expect.any(String),
        refresh_token_expires_at: expect.any(String),
        session_id: expect.any(String),
        device_token: expect.any(String),
      });
      const tasks = await t.request('GET', '/api/tasks', { token: res.body.token });
      expect(tasks.status).toBe(200);
    }
  });

  it('answers an unknown user and a wrong password with the same 401', async () => {
    const user = await createUser(t);
    const wrong = await login({ username: user.username, password: 'not the password' });
    const unknown = await login({ username: 'nobody_here', password: 'not the password' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.errors).toMatchObject({ code: 'UNAUTHORIZED', message: 'Invalid credentials', reason: 'invalid credentials' });
    }
    const strip = (e: Record<string, unknown>) => ({ ...e, instance: undefined });
    expect(strip(wrong.body.errors)).toEqual(strip(unknown.body.errors));
  });

  it('does not let the 73rd byte of a password matter (no silent bcrypt twin)', async () => {
    const user = await createUser(t);
    const res = await login({ username: user.username, password: `${user.password}X` });
    expect(res.status).toBe(401);
  });

  it('wants exactly one of username and email', async () => {
    const both = await login({ username: 'a', email: 'a@example.com', password: 'whatever1' });
    const neither = await login({ password: 'whatever1' });
    for (const res of [both, neither]) {
      expect(res.status).toBe(400);
      expect(res.body.errors.details.username).toEqual(['give exactly one of username or email']);
    }
  });
});

describe('bearer tokens', () => {
  const tasks = (token?: string) => t.request('GET', '/api/tasks', { token });

  it('names what is wrong with a token in `reason`', async () => {
    const user = await createUser(t);
    const { sid } = jwt.decode(user.token) as { sid: string };
    const claims = { use: 'access', sub: String(user.id), sid };
    const options = { issuer: 'task-manager-api', audience: 'task-manager-api', expiresIn: 60 };
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'token is missing'],
      ['garbage', 'token invalid'],
      [jwt.sign(claims, SECRET, { ...options, expiresIn: -10 }), 'token expired'],
      // Every token the API issues expires; one that never does is not one of ours.
      [jwt.sign(claims, SECRET, { issuer: options.issuer, audience: options.audience }), 'token invalid'],
      [jwt.sign(claims, 'another-secret-of-at-least-32-bytes!!', options), 'token invalid'],
      // Same secret, but HS512: HS256 is pinned, so this must fail.
      [jwt.sign(claims, SECRET, { ...options, algorithm: 'HS512' }), 'token invalid'],
      [jwt.sign(claims, SECRET, { ...options, issuer: 'someone-else' }), 'token invalid'],
      [jwt.sign(claims, SECRET, { ...options, audience: 'another-api' }), 'token invalid'],
      [jwt.sign({ ...claims, use: 'reset' }, SECRET, options), 'token invalid'],
      // A session that is not live (ended, or never was): the token is dead.
      [jwt.sign({ ...claims, sid: randomUUID() }, SECRET, options), 'token invalid'],
      // Another user's live session does not make the token this user's.
      [jwt.sign({ ...claims, sub: String(user.id + 1) }, SECRET, options), 'token invalid'],
    ];
    for (const [token, reason] of cases) {
      const res = await tasks(token);
      expect(res.status, reason).toBe(401);
      expect(res.body.errors).toMatchObject({ code: 'UNAUTHORIZED', reason });
    }
    expect((await tasks(jwt.sign(claims, SECRET, options))).status).toBe(200);
  });
});

describe('a token in use', () => {
  const clock = new ManualClock();
  let timed: TestApp;
  beforeAll(async () => {
    timed = await startTestApp({ JWT_EXPIRES_IN: '10m' }, { clock });
  });
  afterAll(() => timed?.close());

  it('still expires after being accepted many times', async () => {
    const user = await createUser(timed);
    for (let i = 0; i < 3; i++) expect((await timed.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
    // The clock moves on real time too: margins of seconds, not one, so a slow machine cannot cross them.
    clock.advance(590);
    expect((await timed.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
    clock.advance(15);
    const late = await timed.request('GET', '/api/tasks', { token: user.token });
    expect(late.status).toBe(401);
    expect(late.body.errors.reason).toBe('token expired');
  });
});
