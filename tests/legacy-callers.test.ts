import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/** What callers written against the old service do, and what they must be told. */
let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  user = await createUser(t);
});
afterAll(() => t?.close());

describe('a legacy caller', () => {
  it('can GET a task, change a field and PUT the whole object back', async () => {
    const created = (await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'round trip', description: 'as got' } })).body.task;
    const got = (await t.request('GET', `/api/tasks/${created.id}`, { token: user.token })).body;
    const res = await t.request('PUT', `/api/tasks/${created.id}`, { token: user.token, body: { ...got, completion: true } });
    expect(res.status).toBe(200);
    expect(res.body.task).toMatchObject({ id: created.id, title: 'round trip', completion: true, created_at: got.created_at });
  });

  it('is told clearly when it changes a read-only field', async () => {
    const created = (await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'read-only', description: '' } })).body.task;
    const res = await t.request('PUT', `/api/tasks/${created.id}`, {
      token: user.token,
      body: { ...created, id: created.id + 1000, created_at: '2001-01-01T00:00:00Z', title: 'changed' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject({ reason: 'read-only field changed' });
    expect(Object.keys(res.body.errors.details).sort()).toEqual(['created_at', 'id']);
    expect((await t.request('GET', `/api/tasks/${created.id}`, { token: user.token })).body.title).toBe('read-only');
  });

  it('is told a missing field is required, not of the wrong kind', async () => {
    const res = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'no description' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.details).toEqual({ description: ['is required'] });
    const signup = await t.request('POST', '/api/auth/signup', { body: { username: 'someone' } });
    expect(signup.body.errors.details).toMatchObject({ email: ['is required'], password: ['is required'] });
  });

  it('sending a token without "Bearer" is told what to send', async () => {
    const res = await t.request('GET', '/api/tasks', { headers: { authorization: user.token } });
    expect(res.status).toBe(401);
    expect(res.body.errors).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token invalid', message: "Send the token as 'Authorization: Bearer <token>'" });
    expect((await t.request('GET', '/api/tasks')).body.errors.reason).toBe('token is missing');
  });
});
