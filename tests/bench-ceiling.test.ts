import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET, INSERT, LIST, UPDATE } from '../bench/ceiling-statements.js';
import { prepared } from '../src/db/prepared-statements.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

/** What the app sent PostgreSQL while `act` ran: each statement's text, and whether it was named (prepared). */
async function statementsSentDuring(act: () => Promise<unknown>): Promise<Array<{ text: string; prepared: boolean }>> {
  const query = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await act();
    return query.mock.calls.map(([config]) => {
      const { text, name } = typeof config === 'string' ? { text: config, name: undefined } : (config as pg.QueryConfig);
      return { text, prepared: name !== undefined };
    });
  } finally {
    query.mockRestore();
  }
}

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
    expect(sent).toContainEqual({ text: prepared(INSERT), prepared: true });
    expect(sent).toContainEqual({ text: prepared(LIST), prepared: true });
    expect(sent).toContainEqual({ text: prepared(GET), prepared: true });
    expect(sent).toContainEqual({ text: prepared(UPDATE), prepared: true });
  });
});
