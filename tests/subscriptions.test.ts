import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { openTransaction } from './helpers/open-transaction.js';
import { SUBSCRIPTION, subscribe, type Seen } from './helpers/task-subscriber.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const createTask = (t: TestApp, user: TestUser, title: string) => t.request('POST', '/api/tasks', { token: user.token, body: { title, description: '' } });

describe('taskChanged over WebSocket', () => {
  let a: TestApp;
  let b: TestApp;
  const open: Seen[] = [];
  const watch = async (t: TestApp, token: string | undefined, after?: string) => {
    const seen = await subscribe(t, token, after);
    open.push(seen);
    return seen;
  };
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, { databaseOf: a });
  });
  afterAll(async () => {
    for (const seen of open) await seen.client.dispose();
    await b?.close();
    await a?.close();
  });

  it("delivers a write made on another instance when it commits (well before the 30 s poll), and only the owner's", async () => {
    const user = await createUser(a);
    const stranger = await createUser(a);
    const seen = await watch(a, user.token);
    await createTask(b, user, 'written on b');
    await eventually(async () => seen.changes.length === 1, 10_000);
    expect(seen.changes[0]).toMatchObject({
      kind: 'CREATED',
      version: 1,
      task: { title: 'written on b', updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });

    await createTask(b, stranger, 'not yours');
    await createTask(b, user, 'yours again');
    await eventually(async () => seen.changes.length === 2);
    expect(seen.changes.map((change) => change.task?.title)).toEqual(['written on b', 'yours again']);
    expect(seen.errors).toEqual([]);
  });

  it('delivers a change held back by an older transaction once that ends, with no further write', async () => {
    const user = await createUser(a);
    const seen = await watch(a, user.token);
    const older = await openTransaction(b.app.db);
    await createTask(b, user, 'held back');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.changes).toEqual([]);
    await older.end();
    await eventually(async () => seen.changes.length === 1, 10_000);
    expect(seen.changes[0]).toMatchObject({ kind: 'CREATED', task: { title: 'held back' } });
  });

  it("gives each of a user's subscribers every change of a burst from two instances, in the feed's order, once", async () => {
    const user = await createUser(a);
    // Ten subscribers (the cap) woken together by each change, while writes keep committing.
    const watchers = await Promise.all(Array.from({ length: 10 }, () => watch(a, user.token)));
    const titles = Array.from({ length: 40 }, (_, i) => `burst ${i}`);
    for (let i = 0; i < titles.length; i += 8) {
      await Promise.all(titles.slice(i, i + 8).map((title, j) => createTask(j % 2 ? b : a, user, title)));
    }
    const feed = (await a.request('GET', '/api/tasks/changes?limit=100', { token: user.token })).body.changes as Array<{ cursor: string }>;
    expect(feed).toHaveLength(titles.length);
    await eventually(async () => watchers.every((seen) => seen.changes.length >= titles.length));
    for (const seen of watchers) {
      expect(seen.changes.map((change) => change.cursor)).toEqual(feed.map((change) => change.cursor));
      expect(seen.errors).toEqual([]);
    }
  });

  it('resumes from the last cursor seen with no gap after a reconnect', async () => {
    const user = await createUser(a);
    const first = await watch(a, user.token);
    await createTask(a, user, 'one');
    await eventually(async () => first.changes.length === 1);
    await first.client.dispose();

    // Written while no one listens.
    await createTask(b, user, 'two');
    await createTask(b, user, 'three');
    const again = await watch(b, user.token, first.changes[0]!.cursor);
    await createTask(a, user, 'four');
    await eventually(async () => again.changes.length === 3);
    expect(again.changes.map((change) => change.task?.title)).toEqual(['two', 'three', 'four']);
  });

  it('closes the connection when its session ends', async () => {
    const user = await createUser(a);
    const seen = await watch(b, user.token);
    await a.request('POST', '/api/auth/logout', { token: user.token });
    await eventually(async () => seen.closed.length === 1, 5_000);
    expect(seen.closed[0]!.code).toBe(4401);
  });

  it('refuses a connection without a valid token', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const seen = await watch(a, token);
      await eventually(async () => seen.closed.length === 1);
      expect(seen.closed[0]!.code).toBe(4403);
    }
  });

  it('applies the same rules as HTTP (validation, the alias cap) and a cap on subscriptions per user', async () => {
    const user = await createUser(a);
    const client = createClient({
      url: `${a.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${user.token}` },
      retryAttempts: 0,
    });
    const firstError = (query: string) =>
      new Promise<any>((resolve) => {
        client.subscribe(
          { query },
          { next: (value) => resolve(value.errors?.[0]), error: (error) => resolve((error as any[])[0] ?? error), complete: () => resolve(undefined) },
        );
      });
    expect((await firstError('subscription { nope }')).extensions).toMatchObject({ code: 'BAD_REQUEST' });
    const aliased = `subscription { taskChanged { task { ${'__typename '.repeat(1)} } ${Array.from({ length: 20 }, (_, i) => `a${i}: cursor`).join(' ')} } }`;
    expect((await firstError(aliased)).extensions).toMatchObject({ code: 'BAD_REQUEST' });

    // Eleven subscriptions on one connection (the connection caps are another test's).
    const errors: unknown[] = [];
    for (let i = 0; i < 11; i++) {
      client.subscribe(
        { query: SUBSCRIPTION },
        { next: (value) => value.errors && errors.push(...value.errors), error: (error) => errors.push(error), complete: () => {} },
      );
    }
    await eventually(async () => errors.length > 0);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('TOO_MANY_REQUESTS');
    await client.dispose();
  });
});
