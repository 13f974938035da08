import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, INSERT, LIST, UPDATE } from '../bench/ceiling-statements.js';
import { prepared } from '../src/db/prepared-statements.js';
import { statementsSentDuring } from './helpers/statements-sent.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('the bench ceiling', () => {
  it("runs the statements the app sends for the bench's requests, prepared where the app prepares them", async () => {
    const user = await createUser(t);
    const send = (method: string, path: string, body?: unknown) => t.request(method, path, { token: user.token, body });
    let id = 0;
    const sent = await statementsSentDuring(async () => {
      id = (await send('POST', '/api/tasks', { title: 'bench', description: 'rest' })).body.task.id;
      expect((await send('GET', '/api/tasks?limit=10')).status).toBe(200);
      expect((await send('GET', `/api/tasks/${id}`)).status).toBe(200);
      expect((await send('PUT', `/api/tasks/${id}`, { completion: true })).status).toBe(200);
    });
    // The app marks what it prepares (src/db/prepared-statements.ts); the ceiling names them.
    // Through a pooler in transaction mode (the pooler pass) nothing is prepared.
    const named = !process.env.TEST_POOLER_URL;
    for (const statement of [INSERT, LIST, GET, UPDATE]) expect(sent).toContainEqual({ text: prepared(statement), prepared: named });
    if (!named) expect(sent.filter((s) => s.prepared)).toEqual([]);
  });
});
