import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './helpers/manual-clock.js';
import { openTransaction } from './helpers/open-transaction.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

interface Change {
  cursor: string;
  kind: string;
  task_id: number;
  version: number;
  task: { title: string; version: number } | null;
}

/** The feed position a cursor stands for, [xid, seq] (tests may look inside; clients must not). */
const positionOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString().replace('change:', '').split('.').map(BigInt) as [bigint, bigint];
const cursorAt = (text: string) => Buffer.from(`change:${text}`).toString('base64url');
const before = ([x1, s1]: [bigint, bigint], [x2, s2]: [bigint, bigint]) => x1 < x2 || (x1 === x2 && s1 < s2);

const feed = (t: TestApp, user: TestUser, cursor?: string, limit = 100) =>
  t.request('GET', `/api/tasks/changes?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token: user.token });

/** Every change after `cursor`, page by page. */
async function drain(t: TestApp, user: TestUser, cursor?: string): Promise<{ changes: Change[]; cursor: string | undefined }> {
  const changes: Change[] = [];
  for (;;) {
    const page = await feed(t, user, cursor);
    expect(page.status).toBe(200);
    changes.push(...page.body.changes);
    cursor = page.body.next_cursor;
    if (!page.body.has_more) return { changes, cursor };
  }
}

let t: TestApp;

describe('the change feed', () => {
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('lists creates, updates and deletes in order, deletes as tombstones, and resumes from a cursor', async () => {
    const user = await createUser(t);
    const a = (await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'a', description: '' } })).body.task_id;
    const b = (await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'b', description: '' } })).body.task_id;
    const first = await drain(t, user);
    expect(first.changes.map((c) => [c.kind, c.task_id, c.version])).toEqual([
      ['created', a, 1],
      ['created', b, 1],
    ]);
    await t.request('PUT', `/api/tasks/${a}`, { token: user.token, body: { title: 'a2' } });
    await t.request('DELETE', `/api/tasks/${b}`, { token: user.token });
    const next = await drain(t, user, first.cursor);
    expect(next.changes).toMatchObject([
      { kind: 'updated', task_id: a, version: 2, task: { title: 'a2', version: 2 } },
      { kind: 'deleted', task_id: b, version: 1, task: null },
    ]);
    // Nothing new: the same cursor back, and no more.
    const idle = await feed(t, user, next.cursor);
    expect(idle.body).toEqual({ changes: [], next_cursor: next.cursor, has_more: false });

    await t.request('DELETE', '/api/tasks', { token: user.token });
    const cleared = await drain(t, user, next.cursor);
    expect(cleared.changes.map((c) => [c.kind, c.task_id])).toEqual([['deleted', a]]);
  });

  it('shows each user their own changes only, on both transports', async () => {
    const owner = await createUser(t);
    const other = await createUser(t);
    await t.request('POST', '/api/tasks', { token: other.token, body: { title: 'not yours', description: '' } });
    expect((await drain(t, owner)).changes).toEqual([]);
    const gql = await t.graphql('{ taskChanges(first: 10) { changes { kind } endCursor hasMore } }', {}, owner.token);
    expect(gql.data.taskChanges.changes).toEqual([]);

    await t.request('POST', '/api/tasks', { token: owner.token, body: { title: 'mine', description: '', due_date: '2027-01-02T03:04:05Z' } });
    const mine = await t.graphql('{ taskChanges(first: 10) { changes { kind taskId version task { title version dueDate } } hasMore } }', {}, owner.token);
    expect(mine.data.taskChanges).toEqual({
      changes: [{ kind: 'CREATED', taskId: expect.any(String), version: 1, task: { title: 'mine', version: 1, dueDate: '2027-01-02T03:04:05.000Z' } }],
      hasMore: false,
    });
  });

  it('refuses cursors it did not hand out', async () => {
    const user = await createUser(t);
    // The last: a position ahead of anything written yet.
    for (const cursor of ['junk', Buffer.from('task:1').toString('base64url'), cursorAt('1.2.3'), cursorAt('99999999999999.1')]) {
      const res = await feed(t, user, cursor);
      expect(res.status, cursor).toBe(400);
      expect(res.body.errors.details.cursor).toBeDefined();
    }
    expect((await t.request('GET', '/api/tasks/changes?limit=0', { token: user.token })).status).toBe(400);
  });

  it('never skips or repeats a change while writers race each other', async () => {
    const user = await createUser(t);
    const ids: number[] = [];
    // Every write's result, as task id and version: each must come through the feed once.
    const written: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/tasks', { token: user.token, body: { title: `seed ${i}`, description: '' } });
      ids.push(res.body.task_id);
      written.push(`${res.body.task_id}@1`);
    }
    let writing = true;
    const writer = async (n: number) => {
      for (let i = 0; i < 30; i++) {
        const id = ids[(n + i) % ids.length]!;
        if (i % 10 === 9) {
          const res = await t.request('POST', '/api/tasks', { token: user.token, body: { title: `w${n}.${i}`, description: '' } });
          if (res.status === 201) written.push(`${res.body.task_id}@1`);
        } else {
          const res = await t.request('PUT', `/api/tasks/${id}`, { token: user.token, body: { title: `w${n}.${i}` } });
          if (res.status === 200) written.push(`${id}@${res.headers.get('etag')!.replace(/\D/g, '')}`);
        }
      }
    };
    const seen: Change[] = [];
    const reader = async () => {
      let cursor: string | undefined;
      while (writing) {
        const page = await drain(t, user, cursor);
        seen.push(...page.changes);
        cursor = page.cursor;
      }
      seen.push(...(await drain(t, user, cursor)).changes);
    };
    const reading = reader();
    await Promise.all([0, 1, 2, 3, 4, 5].map(writer));
    writing = false;
    await reading;

    // Writers committed out of their numbers' order (the positions show it), yet the reader,
    // reading all along, got every write once, in order.
    const positions = seen.map((c) => positionOf(c.cursor));
    for (let i = 1; i < positions.length; i++) expect(before(positions[i - 1]!, positions[i]!), `change ${i}`).toBe(true);
    expect(seen.map((c) => `${c.task_id}@${c.version}`).sort()).toEqual([...written].sort());
    // Replaying the feed gives every task's current version.
    const latest = new Map(seen.map((c) => [c.task_id, c.version]));
    const list = (await t.request('GET', '/api/tasks?limit=100', { token: user.token })).body.data as Array<{ id: number }>;
    for (const task of list) {
      const etag = (await t.request('GET', `/api/tasks/${task.id}`, { token: user.token })).headers.get('etag');
      expect(etag).toBe(`"v${latest.get(task.id)}"`);
    }
  });

  it('holds a change back while an older transaction is still writing, and serves it once that ends', async () => {
    const user = await createUser(t);
    const { cursor } = await drain(t, user);
    // Anyone's transaction, with a transaction id older than the create's below.
    const older = await openTransaction(t.app.db);
    const created = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'after', description: '' } });
    expect(created.status).toBe(201);
    // Committed, but the older transaction could still commit a change before it.
    expect((await feed(t, user, cursor)).body).toEqual({ changes: [], next_cursor: cursor, has_more: false });
    await older.end();
    expect((await drain(t, user, cursor)).changes).toMatchObject([{ kind: 'created', task_id: created.body.task_id }]);
  });

  it('resumes from a cursor handed out before feed positions had transaction ids (a bare number)', async () => {
    const user = await createUser(t);
    await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'since', description: '' } });
    // Changes from before sit at transaction id 0, so every change since follows that cursor.
    const res = await feed(t, user, cursorAt('7'));
    expect(res.status).toBe(200);
    expect(res.body.changes).toMatchObject([{ kind: 'created', task: { title: 'since' } }]);
  });
});

describe('the change feed past its retention', () => {
  const clock = new ManualClock();
  beforeAll(async () => {
    // Access tokens outlive the clock's jump.
    t = await startTestApp({ CHANGE_RETENTION: '1h', JWT_EXPIRES_IN: '1d' }, { clock });
  });
  afterAll(() => t?.close());

  it('answers a cursor older than the retention with 410, and resumes from the head', async () => {
    const user = await createUser(t);
    await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'old', description: '' } });
    const { cursor } = await drain(t, user);
    await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'soon pruned', description: '' } });
    clock.advance(2 * 3600);
    const gone = await feed(t, user, cursor);
    expect(gone.status).toBe(410);
    expect(gone.body.errors).toMatchObject({ code: 'GONE', reason: 'cursor expired' });
    expect((await feed(t, user)).status).toBe(410);
    const gql = await t.graphql('query ($after: String) { taskChanges(after: $after) { hasMore } }', { after: cursor }, user.token);
    expect(gql.errors?.[0]?.extensions.code).toBe('GONE');

    const head = (await t.request('GET', '/api/tasks/changes/head', { token: user.token })).body.cursor;
    expect((await t.graphql('{ taskChangesHead }', {}, user.token)).data.taskChangesHead).toBe(head);
    // The head resumes (a write after it would follow; the database's clock has not jumped as this app's has).
    expect((await feed(t, user, head)).body).toEqual({ changes: [], next_cursor: head, has_more: false });
  });
});
