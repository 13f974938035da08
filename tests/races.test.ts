import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('races', () => {
  it('leave a task equal to one of many concurrent updates, never a mix', async () => {
    const user = await createUser(t);
    const { id } = (await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'start', description: '' } })).body.task;
    const priorities = ['low', 'medium', 'high'] as const;
    const writes = Array.from({ length: 24 }, (_, i) => ({
      title: `write ${i}`,
      description: `by writer ${i}`,
      priority: priorities[i % 3],
      completion: i % 2 === 0,
      due_date: `2027-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
    }));
    const results = await Promise.all(
      writes.map((body, i) =>
        i % 2 === 0
          ? t.request('PUT', `/api/tasks/${id}`, { token: user.token, body })
          : t.graphql(
              'mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }',
              { id, input: { ...body, due_date: undefined, dueDate: body.due_date, priority: body.priority?.toUpperCase() } },
              user.token,
            ),
      ),
    );
    // GraphQL reports a failed field with status 200: its errors are checked too.
    for (const result of results) {
      expect(result.status).toBe(200);
      if ('errors' in result) expect(result.errors).toBeUndefined();
    }
    const final = (await t.request('GET', `/api/tasks/${id}`, { token: user.token })).body;
    const { title, description, priority, completion, due_date } = final;
    expect(writes).toContainEqual({ title, description, priority, completion, due_date });
  });
});
