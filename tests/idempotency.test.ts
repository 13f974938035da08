import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './helpers/manual-clock.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

const clock = new ManualClock();
let t: TestApp;
beforeAll(async () => {
  // Access tokens outlive the clock's jumps.
  t = await startTestApp({ JWT_EXPIRES_IN: '3d' }, { clock });
});
afterAll(() => t?.close());

const create = (user: TestUser, key: string | undefined, body: unknown) =>
  t.request('POST', '/api/tasks', { token: user.token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });
const titles = async (user: TestUser) =>
  ((await t.request('GET', '/api/tasks?limit=100', { token: user.token })).body.data as Array<{ title: string }>).map((task) => task.title);

describe('Idempotency-Key on REST creates', () => {
  it('answers a repeat with the first answer and creates nothing more, even after the task changed', async () => {
    const user = await createUser(t);
    const body = { title: 'pay rent', description: 'once' };
    const first = await create(user, 'rent-2026-12', body);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    await t.request('PUT', `/api/tasks/${first.body.task_id}`, { token: user.token, body: { completion: true } });
    const again = await create(user, 'rent-2026-12', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await titles(user)).toEqual(['pay rent']);
  });

  it('refuses the same key with another body (422), and keeps keys per user', async () => {
    const user = await createUser(t);
    const other = await createUser(t);
    await create(user, 'shared-key', { title: 'one', description: '' });
    const changed = await create(user, 'shared-key', { title: 'two', description: '' });
    expect(changed.status).toBe(422);
    expect(changed.body.errors).toMatchObject({ code: 'UNPROCESSABLE_CONTENT', reason: 'idempotency key reused' });
    expect((await create(other, 'shared-key', { title: 'theirs', description: '' })).status).toBe(201);
    expect(await titles(user)).toEqual(['one']);
    expect(await titles(other)).toEqual(['theirs']);
  });

  it('creates one task for a key sent many times at once: the others replay it or are told it is in progress', async () => {
    const user = await createUser(t);
    const answers = await Promise.all(Array.from({ length: 12 }, () => create(user, 'burst', { title: 'burst', description: '' })));
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const created = answers.filter((answer) => answer.status === 201);
    expect(new Set(created.map((answer) => answer.body.task_id)).size).toBe(1);
    for (const conflict of answers.filter((answer) => answer.status === 409)) expect(conflict.body.errors.code).toBe('CONFLICT');
    expect(await titles(user)).toEqual(['burst']);
    expect((await create(user, 'burst', { title: 'burst', description: '' })).headers.get('idempotent-replayed')).toBe('true');
  });

  it('forgets a key after 24 hours', async () => {
    const user = await createUser(t);
    await create(user, 'daily', { title: 'daily', description: '' });
    clock.advance(24 * 3600 + 1);
    const later = await create(user, 'daily', { title: 'daily', description: '' });
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(await titles(user)).toEqual(['daily', 'daily']);
  });

  it('refuses a key it cannot keep, and a refused create leaves no key behind', async () => {
    const user = await createUser(t);
    const long = await create(user, 'x'.repeat(256), { title: 'long key', description: '' });
    expect(long.status).toBe(400);
    expect(long.body.errors.details['Idempotency-Key']).toEqual(['must be 1 to 255 printable ASCII characters']);
    const invalid = await create(user, 'fine-key', { title: '', description: '' });
    expect(invalid.status).toBe(400);
    expect((await create(user, 'fine-key', { title: 'now valid', description: '' })).status).toBe(201);
  });
});

describe('idempotencyKey on GraphQL creates', () => {
  const CREATE = 'mutation ($input: CreateTaskInput!) { createTask(input: $input) { id title } }';

  it('returns the same task for a repeat, and refuses the key with other fields', async () => {
    const user = await createUser(t);
    const input = { title: 'from graphql', description: '', idempotencyKey: 'gql-1' };
    const first = await t.graphql(CREATE, { input }, user.token);
    const again = await t.graphql(CREATE, { input }, user.token);
    expect(again.data.createTask).toEqual(first.data.createTask);
    // The key is the user's, whichever transport used it first.
    const rest = await create(user, 'gql-1', { title: 'from graphql', description: '' });
    expect(String(rest.body.task_id)).toBe(first.data.createTask.id);
    const other = await t.graphql(CREATE, { input: { ...input, title: 'something else' } }, user.token);
    expect(other.errors?.[0]?.extensions.code).toBe('UNPROCESSABLE_CONTENT');
    const bad = await t.graphql(CREATE, { input: { ...input, idempotencyKey: '' } }, user.token);
    expect(bad.errors?.[0]?.extensions.details).toHaveProperty(['input.idempotencyKey']);
    expect(await titles(user)).toEqual(['from graphql']);
  });
});
