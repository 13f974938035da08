import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementsSentDuring } from './helpers/statements-sent.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

/**
 * DATABASE_POOLER=transaction, the settings for PgBouncer before 1.21 (Debian 12's 1.18) in
 * transaction mode, where a prepared statement does not outlive its transaction. CI's pooler
 * pass runs the whole suite through a real PgBouncer 1.18 (.ci/run).
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ DATABASE_POOLER: 'transaction' });
});
afterAll(() => t?.close());

describe('behind a pooler in transaction mode', () => {
  it('sends every statement unnamed, the hot ones included, and still serves reads and writes', async () => {
    const user = await createUser(t);
    const send = (method: string, path: string, body?: unknown) => t.request(method, path, { token: user.token, body });
    const sent = await statementsSentDuring(async () => {
      const id = (await send('POST', '/api/tasks', { title: 'pooled', description: '' })).body.task.id;
      expect((await send('GET', '/api/tasks?limit=10')).status).toBe(200);
      expect((await send('GET', `/api/tasks/${id}`)).status).toBe(200);
      expect((await send('PUT', `/api/tasks/${id}`, { completion: true })).status).toBe(200);
      expect((await t.graphql('{ tasks(first: 5) { edges { node { id } } } }', {}, user.token)).errors).toBeUndefined();
    });
    expect(sent.length).toBeGreaterThan(4);
    expect(sent.filter((statement) => statement.prepared)).toEqual([]);
  });
});
