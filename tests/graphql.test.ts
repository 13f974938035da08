import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from './helpers/projects.js';
import { connectSocket } from './helpers/socket-client.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const TASK_FIELDS = 'id title description completion priority dueDate createdAt updatedAt';
const CREATE = `mutation ($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const LIST = `query ($first: Int, $after: String, $filter: TaskFilter) {
  tasks(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id title completion } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function createTask(user: TestUser, input: Record<string, unknown>) {
  const res = await t.graphql(CREATE, { input: { description: '', ...input } }, user.token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createTask;
}

describe('accounts over GraphQL', () => {
  it('signs up, logs in and answers `me`', async () => {
    const input = { username: 'gql_erin', email: 'erin@example.com', password: 'erin has a passphrase' };
    const signup = await t.graphql('mutation ($input: SignupInput!) { signup(input: $input) { id username email createdAt } }', { input });
    expect(signup.errors).toBeUndefined();
    expect(signup.data.signup).toMatchObject({ username: 'gql_erin', email: 'erin@example.com' });

    const login = await t.graphql('mutation ($input: LoginInput!) { login(input: $input) { token tokenType expiresIn } }', {
      input: { email: 'ERIN@example.com', password: input.password },
    });
    expect(login.data.login).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const me = await t.graphql('{ me { id username } }', {}, login.data.login.token);
    expect(me.data.me).toEqual({ id: signup.data.signup.id, username: 'gql_erin' });
  });

  it('answers a bad login with the envelope in extensions', async () => {
    const res = await t.graphql('mutation { login(input: { username: "nobody_x", password: "whatever1" }) { token } }');
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.message).toBe('Invalid credentials');
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHORIZED',
      type: 'unauthorized',
      status: 401,
      message: 'Invalid credentials',
      reason: 'invalid credentials',
      details: null,
      instance: `/graphql#${res.headers.get('x-request-id')}`,
    });
  });

  it('reports validation failures per field, in GraphQL’s own names', async () => {
    const res = await t.graphql('mutation { signup(input: { username: "x", email: "nope", password: "short" }) { id } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(Object.keys(res.errors?.[0]?.extensions.details).sort()).toEqual(['input.email', 'input.password', 'input.username']);
    expect(res.errors?.[0]?.message).toMatch(/^Invalid input\.\w+: .+ \(and 2 more\)$/);
  });
});

describe('tasks over GraphQL', () => {
  it('needs a token, with the contract reason', async () => {
    const res = await t.graphql('{ tasks { edges { cursor } } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token is missing' });
    const bad = await t.graphql('{ me { id } }', {}, 'not-a-jwt');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token invalid' });
  });

  it('creates, reads, updates and deletes a task', async () => {
    const user = await createUser(t);
    const task = await createTask(user, { title: ' Plan ', priority: 'HIGH', dueDate: '2026-12-01T17:00:00Z' });
    expect(task).toMatchObject({ title: 'Plan', priority: 'HIGH', completion: false, dueDate: '2026-12-01T17:00:00.000Z' });

    const read = await t.graphql(`query ($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`, { id: task.id }, user.token);
    expect(read.data.task).toEqual(task);

    const updated = await t.graphql(
      'mutation ($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { title completion dueDate description } }',
      { id: task.id, input: { completion: true, dueDate: null } },
      user.token,
    );
    expect(updated.data.updateTask).toEqual({ title: 'Plan', completion: true, dueDate: null, description: '' });

    const deleted = await t.graphql('mutation ($id: ID!) { deleteTask(id: $id) { deletedTaskId } }', { id: task.id }, user.token);
    expect(deleted.data.deleteTask).toEqual({ deletedTaskId: task.id });
    // A miss is expected: null for the field, the reason in errors (the GitHub way), nothing else lost.
    const gone = await t.graphql('query ($id: ID!) { task(id: $id) { id } me { username } }', { id: task.id }, user.token);
    expect(gone.data).toEqual({ task: null, me: { username: user.username } });
    expect(gone.errors?.[0]).toMatchObject({ path: ['task'], extensions: { code: 'NOT_FOUND', message: 'No task found' } });
  });

  it('refuses an empty update and bad values with BAD_REQUEST details', async () => {
    const user = await createUser(t);
    const task = await createTask(user, { title: 'x' });
    const empty = await t.graphql('mutation ($id: ID!) { updateTask(id: $id, input: {}) { id } }', { id: task.id }, user.token);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', details: { input: ['give at least one field to change'] } });
    // In GraphQL's own names, and a top-level message that names the problem.
    const long = await t.graphql(CREATE, { input: { title: 'x'.repeat(61), description: '' } }, user.token);
    expect(long.errors?.[0]?.extensions.details).toEqual({ 'input.title': ['must be at most 60 characters'] });
    expect(long.errors?.[0]?.message).toBe('Invalid input.title: must be at most 60 characters');
  });

  it('pages a filtered connection with Relay cursors', async () => {
    const user = await createUser(t);
    const all = [];
    for (let i = 0; i < 5; i++) all.push(await createTask(user, { title: `n${i}`, completion: i !== 2 }));
    const expected = all.filter((task) => task.completion).map(({ id, title }) => ({ id, title, completion: true }));

    const first = await t.graphql(LIST, { first: 3, filter: { completion: true } }, user.token);
    const page1 = first.data.tasks;
    expect(page1.edges.map((e: { node: unknown }) => e.node)).toEqual(expected.slice(0, 3));
    expect(page1.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: page1.edges[0].cursor,
      endCursor: page1.edges[2].cursor,
    });
    const second = await t.graphql(LIST, { first: 3, after: page1.pageInfo.endCursor, filter: { completion: true } }, user.token);
    expect(second.data.tasks.edges.map((e: { node: unknown }) => e.node)).toEqual(expected.slice(3));
    expect(second.data.tasks.pageInfo.hasNextPage).toBe(false);
  });

  it("resumes from any edge's cursor right after that edge, in tasks (any order) and in projects", async () => {
    const user = await createUser(t);
    for (const [i, priority] of ['LOW', 'HIGH', 'MEDIUM', 'HIGH', 'LOW'].entries()) await createTask(user, { title: `e${i}`, priority });
    for (const name of ['p0', 'p1', 'p2', 'p3']) await createProject(t, user, name);
    const walks = [
      ['tasks', 'query ($after: String) { list: tasks(first: 5, after: $after) { edges { cursor node { id } } pageInfo { startCursor } } }'],
      [
        'tasks by priority',
        'query ($after: String) { list: tasks(first: 5, after: $after, orderBy: { field: PRIORITY, direction: DESC }) { edges { cursor node { id } } pageInfo { startCursor } } }',
      ],
      ['projects', 'query ($after: String) { list: projects(first: 4, after: $after) { edges { cursor node { id } } pageInfo { startCursor } } }'],
    ] as const;
    for (const [walk, query] of walks) {
      const whole = await t.graphql(query, {}, user.token);
      const { edges, pageInfo } = whole.data.list;
      const ids = edges.map((edge: { node: { id: string } }) => edge.node.id);
      expect(ids, walk).toHaveLength(walk === 'projects' ? 4 : 5);
      expect(pageInfo.startCursor, walk).toBe(edges[0].cursor);
      for (const [at, edge] of edges.entries()) {
        const rest = await t.graphql(query, { after: edge.cursor }, user.token);
        expect(
          rest.data.list.edges.map((e: { node: { id: string } }) => e.node.id),
          `${walk} after edge ${at}`,
        ).toEqual(ids.slice(at + 1));
      }
      // Over WebSocket the same page, cursors and all.
      const socket = connectSocket(t, user.token);
      try {
        expect((await socket.run({ query })).data, `${walk} over WebSocket`).toEqual(whole.data);
      } finally {
        await socket.dispose();
      }
    }
  });

  it('caps `first` at 100 and refuses a forged cursor', async () => {
    const user = await createUser(t);
    const big = await t.graphql(LIST, { first: 101 }, user.token);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', details: { first: ['must be between 1 and 100'] } });
    const forged = await t.graphql(LIST, { after: 'dGFzazotMQ' }, user.token);
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', details: { after: ['is not a cursor from this API'] } });
  });

  it('deletes all of the caller’s tasks and returns the count', async () => {
    const user = await createUser(t);
    await createTask(user, { title: 'a' });
    await createTask(user, { title: 'b' });
    const ids = [(await createTask(user, { title: 'c' })).id];
    const res = await t.graphql('mutation { deleteAllTasks { deletedCount deletedTaskIds } }', {}, user.token);
    expect(res.data.deleteAllTasks.deletedCount).toBe(3);
    expect(res.data.deleteAllTasks.deletedTaskIds).toHaveLength(3);
    expect(res.data.deleteAllTasks.deletedTaskIds).toContain(ids[0]);
  });

  it('keeps users apart: B cannot read, update or delete A’s task', async () => {
    const a = await createUser(t, 'gqla');
    const b = await createUser(t, 'gqlb');
    const task = await createTask(a, { title: 'A only' });
    const attempts = [
      await t.graphql('query ($id: ID!) { task(id: $id) { id } }', { id: task.id }, b.token),
      await t.graphql('mutation ($id: ID!) { updateTask(id: $id, input: { title: "B" }) { id } }', { id: task.id }, b.token),
      await t.graphql('mutation ($id: ID!) { deleteTask(id: $id) { deletedTaskId } }', { id: task.id }, b.token),
    ];
    for (const res of attempts) expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const bList = await t.graphql(LIST, {}, b.token);
    expect(bList.data.tasks.edges).toEqual([]);
    const still = await t.graphql('query ($id: ID!) { task(id: $id) { title } }', { id: task.id }, a.token);
    expect(still.data.task.title).toBe('A only');
  });
});

describe('one API, two doors', () => {
  it('shows the same task through REST and GraphQL', async () => {
    const user = await createUser(t);
    const viaRest = await t.request('POST', '/api/tasks', {
      token: user.token,
      body: { title: 'Shared', description: 'both ways', priority: 'low', due_date: '2027-01-02T03:04:05Z' },
    });
    const id = viaRest.body.task.id;
    const viaGraphQL = await t.graphql(`query ($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`, { id }, user.token);
    expect(viaGraphQL.data.task).toMatchObject({
      id: String(id),
      title: 'Shared',
      description: 'both ways',
      priority: 'LOW',
      dueDate: '2027-01-02T03:04:05.000Z',
    });

    await t.graphql('mutation ($id: ID!) { updateTask(id: $id, input: { completion: true }) { id } }', { id }, user.token);
    const again = await t.request('GET', `/api/tasks/${id}`, { token: user.token });
    expect(again.body.completion).toBe(true);
  });
});

describe('GraphQL request errors', () => {
  it('answers syntax and validation errors with BAD_REQUEST in the envelope', async () => {
    const syntax = await t.graphql('{ tasks { ');
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', status: 400, type: 'bad_request' });
    const unknownField = await t.graphql('{ me { passwordHash } }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'graphql validation failed' });
    const badVariable = await t.graphql('query ($id: ID!) { task(id: $id) { id } }', { id: { not: 'an id' } });
    expect(badVariable.status).toBe(400);
    expect(badVariable.errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('answers request errors with 200 to clients that accept only application/json', async () => {
    const res = await t.request('POST', '/graphql', { body: { query: '{ tasks { ' }, headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
  });
});
