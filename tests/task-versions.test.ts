import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from './helpers/socket-client.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  user = await createUser(t);
});
afterAll(() => t?.close());

const create = async (title = 'versioned') => {
  const res = await t.request('POST', '/api/tasks', { token: user.token, body: { title, description: '' } });
  expect(res.status).toBe(201);
  return res;
};
const put = (id: number, body: unknown, ifMatch?: string) =>
  t.request('PUT', `/api/tasks/${id}`, { token: user.token, body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

describe('task versions over REST', () => {
  it('come as ETags on create, read and update, and a read of an unchanged task is a 304', async () => {
    const created = await create();
    expect(created.headers.get('etag')).toBe('"v1"');
    const id = created.body.task_id;
    const read = await t.request('GET', `/api/tasks/${id}`, { token: user.token });
    expect(read.headers.get('etag')).toBe('"v1"');
    const unchanged = await t.request('GET', `/api/tasks/${id}`, { token: user.token, headers: { 'if-none-match': '"v1"' } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBe('');
    expect(unchanged.headers.get('etag')).toBe('"v1"');
    const updated = await put(id, { completion: true });
    expect(updated.headers.get('etag')).toBe('"v2"');
    // The version in the header and in the body agree.
    expect(updated.body.task.version).toBe(2);
    const changed = await t.request('GET', `/api/tasks/${id}`, { token: user.token, headers: { 'if-none-match': 'W/"v1", "v9"' } });
    expect(changed.status).toBe(200);
    expect((await t.request('GET', `/api/tasks/${id}`, { token: user.token, headers: { 'if-none-match': 'W/"v2"' } })).status).toBe(304);
  });

  it('takes a version sent back in a PUT body as the precondition it is (GET, change a field, PUT the whole object back)', async () => {
    const user = await createUser(t);
    const task = (await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'shared', description: '' } })).body.task;
    const mine = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, body: { ...task, completion: true } });
    expect(mine.status).toBe(200);
    expect(mine.body.task.version).toBe(2);
    // Another device, still holding version 1, sends its whole copy back: refused, with the
    // task as it is now. Its updated_at is older too (a second or more, whenever the write
    // came): the version says why first, not the read-only field.
    for (const copy of [task, { ...task, updated_at: '2001-01-01T00:00:00Z' }]) {
      const stale = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, body: { ...copy, title: 'overwritten' } });
      expect(stale.status).toBe(412);
      expect(stale.body.errors.current).toMatchObject({ title: 'shared', completion: true, version: 2 });
    }
    // With If-Match as well, both must hold.
    const disagreeing = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, headers: { 'if-match': '"v2"' }, body: { ...task, title: 'x' } });
    expect(disagreeing.status).toBe(412);
  });

  it('refuse a write whose If-Match is stale with 412 and the task as it is now, and change nothing', async () => {
    const id = (await create('before')).body.task_id;
    expect((await put(id, { title: 'first writer' }, '"v1"')).status).toBe(200);
    const stale = await put(id, { title: 'second writer' }, '"v1"');
    expect(stale.status).toBe(412);
    expect(stale.body.errors).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'version mismatch',
      details: { version: ['is 2'] },
      current: { id, title: 'first writer', version: 2 },
    });
    const deleted = await t.request('DELETE', `/api/tasks/${id}`, { token: user.token, headers: { 'if-match': '"v1"' } });
    expect(deleted.status).toBe(412);
    // Weak tags never match a write; a tag not of ours neither; `*` is any version.
    expect((await put(id, { title: 'weak' }, 'W/"v2"')).status).toBe(412);
    expect((await put(id, { title: 'foreign' }, '"abc"')).status).toBe(412);
    expect((await t.request('GET', `/api/tasks/${id}`, { token: user.token })).body.title).toBe('first writer');
    expect((await put(id, { title: 'any' }, '*')).status).toBe(200);
    expect((await t.request('DELETE', `/api/tasks/${id}`, { token: user.token, headers: { 'if-match': '"v1", "v3"' } })).status).toBe(200);
    expect((await put(id, { title: 'gone' }, '"v3"')).status).toBe(404);
  });

  it('let exactly one of two writers holding the same version win', async () => {
    const id = (await create()).body.task_id;
    const answers = await Promise.all([put(id, { title: 'left' }, '"v1"'), put(id, { title: 'right' }, '"v1"')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
  });

  it('leave writes without a condition as they were', async () => {
    const id = (await create()).body.task_id;
    expect((await put(id, { title: 'one' })).status).toBe(200);
    expect((await put(id, { title: 'two' })).status).toBe(200);
    expect((await t.request('GET', `/api/tasks/${id}`, { token: user.token })).headers.get('etag')).toBe('"v3"');
  });
});

describe('task versions over GraphQL', () => {
  const UPDATE = 'mutation ($id: ID!, $v: Int, $title: String) { updateTask(id: $id, input: { title: $title }, expectedVersion: $v) { title version } }';

  it('refuse a stale expectedVersion with PRECONDITION_FAILED and the task as it is now', async () => {
    const id = String((await create()).body.task_id);
    const first = await t.graphql(UPDATE, { id, v: 1, title: 'first' }, user.token);
    expect(first.data.updateTask).toEqual({ title: 'first', version: 2 });
    const stale = await t.graphql(UPDATE, { id, v: 1, title: 'second' }, user.token);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', current: { id, title: 'first', version: 2 } });
    // Every field of it, as a query for the task answers it.
    const read = await t.graphql(
      'query ($id: ID!) { task(id: $id) { id title description completion priority dueDate createdAt updatedAt version projectId assigneeId } }',
      { id },
      user.token,
    );
    expect(stale.errors?.[0]?.extensions.current).toEqual(read.data.task);
    const socket = connectSocket(t, user.token);
    try {
      const overSocket = await socket.run({ query: UPDATE, variables: { id, v: 1, title: 'third' } });
      expect(overSocket.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', current: read.data.task });
    } finally {
      await socket.dispose();
    }
    const del = await t.graphql('mutation ($id: ID!, $v: Int) { deleteTask(id: $id, expectedVersion: $v) { deletedTaskId } }', { id, v: 1 }, user.token);
    expect(del.errors?.[0]?.extensions.code).toBe('PRECONDITION_FAILED');
    const anyVersion = await t.graphql(UPDATE, { id, v: null, title: 'whatever' }, user.token);
    expect(anyVersion.data.updateTask.version).toBe(3);
    const done = await t.graphql('mutation ($id: ID!, $v: Int) { deleteTask(id: $id, expectedVersion: $v) { deletedTaskId } }', { id, v: 3 }, user.token);
    expect(done.data.deleteTask.deletedTaskId).toBe(id);
  });
});
