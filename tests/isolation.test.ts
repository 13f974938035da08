import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Per-user isolation on every read and write, over both transports, both ways round: the
 * earlier-registered user against a later one and the later against the earlier (a bound
 * that leaks towards higher or lower user ids shows up in one direction only).
 */
let t: TestApp;
const tasksOf = new Map<TestUser, Array<{ id: number; title: string }>>();
let early: TestUser;
let late: TestUser;

const TASK = 'query ($id: ID!) { task(id: $id) { id title } }';
const TASKS = 'query ($filter: TaskFilter) { tasks(first: 100, filter: $filter) { edges { node { id } } } }';
const UPDATE = 'mutation ($id: ID!) { updateTask(id: $id, input: { title: "taken over" }) { id } }';
const DELETE = 'mutation ($id: ID!) { deleteTask(id: $id) { deletedTaskId } }';

async function withTasks(user: TestUser): Promise<void> {
  const made = [];
  for (const title of [`${user.username} one`, `${user.username} two`]) {
    made.push(
      (await t.request('POST', '/api/tasks', { token: user.token, body: { title, description: 'private', completion: title.endsWith('two') } })).body.task,
    );
  }
  tasksOf.set(user, made);
}

beforeAll(async () => {
  t = await startTestApp();
  early = await createUser(t, 'early');
  await withTasks(early);
  late = await createUser(t, 'late');
  await withTasks(late);
});
afterAll(() => t?.close());

const ownIds = (user: TestUser) =>
  tasksOf
    .get(user)!
    .map((task) => task.id)
    .sort((a, b) => a - b);

async function restListIds(user: TestUser, query = ''): Promise<number[]> {
  const res = await t.request('GET', `/api/tasks${query}`, { token: user.token });
  expect(res.status).toBe(200);
  return res.body.data.map((task: { id: number }) => task.id);
}

async function graphqlListIds(user: TestUser, filter?: Record<string, unknown>): Promise<number[]> {
  const res = await t.graphql(TASKS, { filter }, user.token);
  expect(res.errors).toBeUndefined();
  return res.data.tasks.edges.map((edge: { node: { id: string } }) => Number(edge.node.id));
}

describe.each([
  ['the earlier user', () => early, () => late],
  ['the later user', () => late, () => early],
])('%s against the other', (_label, attackerOf, victimOf) => {
  it('lists only their own tasks, with and without filters, on both transports', async () => {
    const attacker = attackerOf();
    const victim = victimOf();
    const victimTitle = tasksOf.get(victim)![0]!.title;
    expect(await restListIds(attacker)).toEqual(ownIds(attacker));
    expect(await restListIds(attacker, '?completion=true')).toEqual([tasksOf.get(attacker)![1]!.id]);
    expect(await restListIds(attacker, `?title=${encodeURIComponent(victimTitle)}`)).toEqual([]);
    expect(await graphqlListIds(attacker)).toEqual(ownIds(attacker));
    expect(await graphqlListIds(attacker, { completion: false })).toEqual([tasksOf.get(attacker)![0]!.id]);
    expect(await graphqlListIds(attacker, { title: victimTitle })).toEqual([]);
  });

  it("cannot read, change or delete the other's task by id, on both transports", async () => {
    const attacker = attackerOf();
    const victim = victimOf();
    for (const { id } of tasksOf.get(victim)!) {
      for (const [method, body] of [['GET'], ['PUT', { title: 'taken over' }], ['DELETE']] as const) {
        const res = await t.request(method, `/api/tasks/${id}`, { token: attacker.token, body });
        expect(res.status, `${method} ${id}`).toBe(404);
        expect(res.body.errors.code).toBe('NOT_FOUND');
      }
      for (const document of [TASK, UPDATE, DELETE]) {
        const res = await t.graphql(document, { id }, attacker.token);
        expect(
          res.errors?.map((e) => e.extensions.code),
          document,
        ).toEqual(['NOT_FOUND']);
      }
    }
    // The victim's tasks are as they were.
    expect(await restListIds(victim)).toEqual(ownIds(victim));
    for (const { id, title } of tasksOf.get(victim)!) {
      expect((await t.request('GET', `/api/tasks/${id}`, { token: victim.token })).body.title).toBe(title);
    }
  });
});

describe('deleting all of one user’s tasks', () => {
  it("leaves every other user's tasks, whichever registered first", async () => {
    const third = await createUser(t, 'third');
    await withTasks(third);
    // The middle user clears theirs on REST, then the first on GraphQL.
    expect((await t.request('DELETE', '/api/tasks', { token: late.token })).body.deleted).toBe(2);
    expect(await restListIds(early)).toEqual(ownIds(early));
    expect(await restListIds(third)).toEqual(ownIds(third));
    const cleared = await t.graphql('mutation { deleteAllTasks { deletedCount deletedTaskIds } }', {}, early.token);
    expect(cleared.errors).toBeUndefined();
    expect(await restListIds(third)).toEqual(ownIds(third));
  });
});
