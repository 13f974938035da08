import { openApiDocument } from '../src/rest/openapi.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const UTC_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

async function createTask(user: TestUser, body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/tasks', { token: user.token, body: { description: '', ...body } });
  if (res.status !== 201) throw new Error(`create failed: ${JSON.stringify(res.body)}`);
  return res.body.task;
}

describe('POST /api/tasks', () => {
  it('creates a task with defaults and answers 201 with the contract body', async () => {
    const user = await createUser(t);
    const res = await t.request('POST', '/api/tasks', {
      token: user.token,
      body: { title: '  Write report  ', description: 'Q3 numbers' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      message: 'Task created',
      task_id: res.body.task.id,
      task: {
        id: expect.any(Number),
        title: 'Write report',
        description: 'Q3 numbers',
        completion: false,
        priority: 'medium',
        due_date: null,
        created_at: expect.stringMatching(UTC_SECONDS),
        updated_at: expect.stringMatching(UTC_SECONDS),
        version: 1,
      },
    });
    // The version in the body is the one the ETag names.
    expect(res.headers.get('etag')).toBe('"v1"');
  });

  it('stores every field given, with due_date in UTC Z form', async () => {
    const user = await createUser(t);
    const task = await createTask(user, { title: 'Ship', completion: true, priority: 'high', due_date: '2026-12-01T18:00:00+01:00' });
    expect(task).toMatchObject({ completion: true, priority: 'high', due_date: '2026-12-01T17:00:00Z' });
    const read = await t.request('GET', `/api/tasks/${task.id}`, { token: user.token });
    expect(read.body).toEqual(task);
  });

  it.each([
    [{ description: 'no title' }, 'title'],
    [{ title: '   ', description: '' }, 'title'],
    [{ title: 'x'.repeat(61), description: '' }, 'title'],
    [{ title: 'ok' }, 'description'],
    [{ title: 'ok', description: 'x'.repeat(10_001) }, 'description'],
    [{ title: 'ok', description: '', priority: 'urgent' }, 'priority'],
    [{ title: 'ok', description: '', completion: 'yes' }, 'completion'],
    [{ title: 'ok', description: '', due_date: 'tomorrow' }, 'due_date'],
    [{ title: 'ok', description: '', due_date: '2026-02-30T10:00:00Z' }, 'due_date'],
    [{ title: 42, description: '' }, 'title'],
    [{ title: 'nul\u0000byte', description: '' }, 'title'],
    [{ title: 'ok', description: '', user_id: 1 }, 'user_id'],
  ])('answers 400 naming the bad field (%#) and stores nothing', async (body, field) => {
    const user = await createUser(t);
    const res = await t.request('POST', '/api/tasks', { token: user.token, body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(Object.keys(res.body.errors.details)).toEqual([field]);
    const list = await t.request('GET', '/api/tasks', { token: user.token });
    expect(list.body.data).toEqual([]);
  });

  it('counts title length in characters, as the database does', async () => {
    const user = await createUser(t);
    const task = await createTask(user, { title: '🙂'.repeat(60) });
    expect(task.title).toBe('🙂'.repeat(60));
  });
});

describe('task quota', () => {
  it('refuses the task past the quota with 403, even when creates race on a warm app', async () => {
    const small = await startTestApp({ TASK_QUOTA: '3', DATABASE_POOL_SIZE: '10' });
    try {
      // Warm: every pool connection open, so the creates below really run side by side.
      const warm = await createUser(small);
      await Promise.all(Array.from({ length: 20 }, () => small.request('GET', '/api/tasks', { token: warm.token })));
      for (let round = 0; round < 3; round++) {
        const user = await createUser(small);
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            i % 2 === 0
              ? small.request('POST', '/api/tasks', { token: user.token, body: { title: `t${i}`, description: '' } })
              : small.graphql(`mutation { createTask(input: { title: "t${i}", description: "" }) { id } }`, {}, user.token),
          ),
        );
        const created = results.filter((r) => r.status === 201 || ('data' in r && r.data?.createTask));
        expect(created, `round ${round}`).toHaveLength(3);
        const stored = await small.app.db.selectFrom('tasks').select('id').where('user_id', '=', user.id).execute();
        expect(stored).toHaveLength(3);
        const { task_count } = await small.app.db.selectFrom('users').select('task_count').where('id', '=', user.id).executeTakeFirstOrThrow();
        expect(task_count).toBe(3);
      }
    } finally {
      await small.close();
    }
  });

  it('frees a slot on delete, and all of them on delete-all', async () => {
    const small = await startTestApp({ TASK_QUOTA: '3' });
    try {
      const user = await createUser(small);
      for (let i = 0; i < 3; i++) await small.request('POST', '/api/tasks', { token: user.token, body: { title: `t${i}`, description: '' } });
      const over = await small.request('POST', '/api/tasks', { token: user.token, body: { title: 'over', description: '' } });
      expect(over.status).toBe(403);
      expect(over.body.errors).toMatchObject({ code: 'FORBIDDEN_ACCESS', message: 'Task limit reached (3)' });
      const list = await small.request('GET', '/api/tasks', { token: user.token });
      expect(list.body.data).toHaveLength(3);

      await small.request('DELETE', `/api/tasks/${list.body.data[0].id}`, { token: user.token });
      const again = await small.request('POST', '/api/tasks', { token: user.token, body: { title: 'again', description: '' } });
      expect(again.status).toBe(201);
      expect((await small.request('POST', '/api/tasks', { token: user.token, body: { title: 'over', description: '' } })).status).toBe(403);
      expect((await small.request('DELETE', '/api/tasks', { token: user.token })).body.deleted).toBe(3);
      for (let i = 0; i < 3; i++) {
        expect((await small.request('POST', '/api/tasks', { token: user.token, body: { title: `refill ${i}`, description: '' } })).status).toBe(201);
      }
      expect((await small.request('POST', '/api/tasks', { token: user.token, body: { title: 'over', description: '' } })).status).toBe(403);
    } finally {
      await small.close();
    }
  });
});

describe('GET /api/tasks/:id', () => {
  it('answers 404 for a missing task and 400 for an id that is not a positive integer', async () => {
    const user = await createUser(t);
    const missing = await t.request('GET', '/api/tasks/999999', { token: user.token });
    expect(missing.status).toBe(404);
    expect(missing.body.errors).toMatchObject({ code: 'NOT_FOUND', message: 'No task found' });
    // Past PostgreSQL's integer range: still just "not found", never a database error.
    expect((await t.request('GET', '/api/tasks/99999999999', { token: user.token })).status).toBe(404);
    for (const id of ['0', '-1', 'abc', '1.5', '1e3']) {
      const res = await t.request('GET', `/api/tasks/${id}`, { token: user.token });
      expect(res.status, id).toBe(400);
      expect(res.body.errors.details).toEqual({ id: ['must be a positive integer'] });
    }
  });
});

describe('PUT /api/tasks/:id', () => {
  it('changes only the fields given', async () => {
    const user = await createUser(t);
    const task = await createTask(user, { title: 'Draft', description: 'keep me', due_date: '2026-12-24T12:00:00Z' });
    const res = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, body: { completion: true, priority: 'low' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Task updated',
      task: { ...task, completion: true, priority: 'low', updated_at: expect.stringMatching(UTC_SECONDS), version: 2 },
    });
    const cleared = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, body: { due_date: null } });
    expect(cleared.body.task.due_date).toBeNull();
    expect(cleared.body.task.description).toBe('keep me');
  });

  it('answers 400 for an empty body or a bad field, 404 for a missing task', async () => {
    const user = await createUser(t);
    const task = await createTask(user, { title: 'Draft' });
    const empty = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.details).toEqual({ body: ['give at least one field to change'] });
    const bad = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, body: { title: '', user_id: 3 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors.details).sort()).toEqual(['title', 'user_id']);
    const nullTitle = await t.request('PUT', `/api/tasks/${task.id}`, { token: user.token, body: { title: null } });
    expect(nullTitle.status).toBe(400);
    const missing = await t.request('PUT', '/api/tasks/999999', { token: user.token, body: { title: 'x' } });
    expect(missing.status).toBe(404);
    const read = await t.request('GET', `/api/tasks/${task.id}`, { token: user.token });
    expect(read.body).toEqual(task);
  });
});

describe('DELETE', () => {
  it('deletes one task, then answers 404 for it', async () => {
    const user = await createUser(t);
    const task = await createTask(user, { title: 'Temp' });
    const res = await t.request('DELETE', `/api/tasks/${task.id}`, { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: `Task with id ${task.id} deleted` });
    expect((await t.request('GET', `/api/tasks/${task.id}`, { token: user.token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/tasks/${task.id}`, { token: user.token })).status).toBe(404);
  });

  it('deletes all of the caller’s tasks and says how many; 0 is fine', async () => {
    const user = await createUser(t);
    const other = await createUser(t);
    await createTask(user, { title: 'a' });
    await createTask(user, { title: 'b' });
    const kept = await createTask(other, { title: 'not yours' });
    const res = await t.request('DELETE', '/api/tasks', { token: user.token });
    expect(res.body).toEqual({ message: 'All tasks deleted', deleted: 2 });
    const again = await t.request('DELETE', '/api/tasks', { token: user.token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ message: 'All tasks deleted', deleted: 0 });
    expect((await t.request('GET', `/api/tasks/${kept.id}`, { token: other.token })).status).toBe(200);
  });
});

describe('per-user isolation', () => {
  it('makes another user’s task indistinguishable from a missing one', async () => {
    const alice = await createUser(t, 'alice');
    const bob = await createUser(t, 'bob');
    const task = await createTask(alice, { title: 'Private' });
    const missing = await t.request('GET', '/api/tasks/999999', { token: bob.token });
    const asBob = [
      await t.request('GET', `/api/tasks/${task.id}`, { token: bob.token }),
      await t.request('PUT', `/api/tasks/${task.id}`, { token: bob.token, body: { title: 'Hacked' } }),
      await t.request('DELETE', `/api/tasks/${task.id}`, { token: bob.token }),
    ];
    for (const res of asBob) {
      expect(res.status).toBe(404);
      expect(res.body.errors.message).toBe(missing.body.errors.message);
    }
    expect((await t.request('GET', '/api/tasks', { token: bob.token })).body.data).toEqual([]);
    const mine = await t.request('GET', `/api/tasks/${task.id}`, { token: alice.token });
    expect(mine.body).toEqual(task);
  });
});

describe('GET /api/tasks', () => {
  it('answers an empty list with 200 and data: []', async () => {
    const user = await createUser(t);
    const res = await t.request('GET', '/api/tasks', { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [],
      pagination: { next_cursor: null, has_more: false, limit: 10, total_returned: 0 },
      meta: { version: '1.0' },
    });
  });

  it('pages through filtered tasks in id order with opaque cursors', async () => {
    const user = await createUser(t);
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await createTask(user, { title: `task ${i}`, completion: i % 2 === 0 }));
    const done = created.filter((task) => task.completion);

    const seen = [];
    let cursor: string | null = null;
    do {
      const query: string = `?completion=yes&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.request('GET', `/api/tasks${query}`, { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body.pagination.limit).toBe(2);
      expect(res.body.pagination.total_returned).toBe(res.body.data.length);
      seen.push(...res.body.data);
      cursor = res.body.pagination.next_cursor;
      expect(res.body.pagination.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(done);
  });

  it('filters by exact title and by creation date', async () => {
    const user = await createUser(t);
    const a = await createTask(user, { title: 'Alpha' });
    await createTask(user, { title: 'Alpha beta' });
    const byTitle = await t.request('GET', '/api/tasks?title=Alpha', { token: user.token });
    expect(byTitle.body.data).toEqual([a]);

    const today = a.created_at.slice(0, 10);
    const sameDay = await t.request('GET', `/api/tasks?after=${today}&before=${today}`, { token: user.token });
    expect(sameDay.body.data).toHaveLength(2);
    const later = await t.request('GET', '/api/tasks?after=2999-01-01', { token: user.token });
    expect(later.body.data).toEqual([]);
    const earlier = await t.request('GET', '/api/tasks?before=2000-01-01T00:00:00Z', { token: user.token });
    expect(earlier.body.data).toEqual([]);
  });

  it.each([
    ['completion=maybe', 'completion'],
    ['after=2026-13-01', 'after'],
    ['before=yesterday', 'before'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['title=a&title=b', 'title'],
    ['priority=urgent', 'priority'],
    ['due_before=soon', 'due_before'],
    ['sort=name', 'sort'],
    ['sort=-relevance&q=', 'sort'],
    ['q=!!!', 'q'],
  ])('answers 400 for %s', async (query, field) => {
    const user = await createUser(t);
    const res = await t.request('GET', `/api/tasks?${query}`, { token: user.token });
    expect(res.status).toBe(400);
    expect(res.body.errors.code).toBe('BAD_REQUEST');
    expect(Object.keys(res.body.errors.details)).toEqual([field]);
  });

  it('names every query parameter it does not take, and what it takes', async () => {
    const user = await createUser(t);
    const res = await t.request('GET', '/api/tasks?order=title&search=report&completion=false', { token: user.token });
    expect(res.status).toBe(400);
    expect(res.body.errors.message).toBe(
      'Unknown query parameters: order, search (this route takes completion, title, after, before, priority, due_after, due_before, overdue, has_due_date, updated_after, assignee_id, q, sort, project_id, total_count, cursor, limit)',
    );
    expect(Object.keys(res.body.errors.details)).toEqual(['order', 'search']);
    const feed = await t.request('GET', '/api/tasks/changes?since=yesterday', { token: user.token });
    expect(feed.status).toBe(400);
    expect(Object.keys(feed.body.errors.details)).toEqual(['since']);
  });

  it('takes completion as the boolean the OpenAPI document says it is, and the legacy spellings too', async () => {
    const user = await createUser(t);
    const done = await createTask(user, { title: 'done', completion: true });
    const open = await createTask(user, { title: 'open' });
    const parameter = openApiDocument.paths['/tasks']!.get!.parameters!.find((p: { name: string }) => p.name === 'completion');
    expect(parameter?.schema).toEqual({ type: 'boolean' });
    for (const [value, expected] of [
      ['false', open],
      ['true', done],
      ['0', open],
      ['yes', done],
    ] as const) {
      expect((await t.request('GET', `/api/tasks?completion=${value}`, { token: user.token })).body.data, value).toEqual([expected]);
    }
  });
});
