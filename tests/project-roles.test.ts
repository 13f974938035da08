import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENEROUS_LIMITS } from './helpers/generous-limits.js';
import { addMember, createProject } from './helpers/projects.js';
import { connectSocket, type SocketConnection, type SocketOutcome } from './helpers/socket-client.js';
import { statementsSentDuring } from './helpers/statements-sent.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Every role against every operation, at every door (REST, GraphQL over HTTP, GraphQL over
 * WebSocket): a table, not a sample. A non-member is told NOT_FOUND, as for a task or project
 * that does not exist; a member whose role does not allow a write is told FORBIDDEN_ACCESS.
 */
let t: TestApp;
let owner: TestUser;
const users = {} as Record<Role, TestUser>;
let projectId: number;
const sockets = new Map<TestUser, SocketConnection>();

type Role = 'owner' | 'editor' | 'viewer' | 'outsider';
type Outcome = 'ok' | 'NOT_FOUND' | 'FORBIDDEN_ACCESS';
type Door = 'rest' | 'http' | 'socket';

beforeAll(async () => {
  t = await startTestApp(GENEROUS_LIMITS);
  owner = await createUser(t, 'owner');
  users.owner = owner;
  users.editor = await createUser(t, 'editor');
  users.viewer = await createUser(t, 'viewer');
  users.outsider = await createUser(t, 'outsider');
  projectId = await createProject(t, owner);
  await addMember(t, owner, projectId, users.editor, 'editor');
  await addMember(t, owner, projectId, users.viewer, 'viewer');
});
afterAll(async () => {
  for (const socket of sockets.values()) await socket.dispose();
  await t?.close();
});

const CODE_OF_STATUS: Record<number, Outcome> = { 404: 'NOT_FOUND', 403: 'FORBIDDEN_ACCESS' };

/** A GraphQL operation at one of its doors, reduced to ok or its error code. */
async function graphql(door: 'http' | 'socket', user: TestUser, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  let result: { data?: unknown; errors?: Array<{ extensions: Record<string, any> }> | undefined };
  if (door === 'http') {
    result = await t.graphql(query, variables, user.token);
  } else {
    let socket = sockets.get(user);
    if (!socket) sockets.set(user, (socket = connectSocket(t, user.token)));
    result = await socket.run({ query, variables });
  }
  return (result.errors?.[0]?.extensions.code as Outcome | undefined) ?? 'ok';
}

async function rest(user: TestUser, method: string, path: string, body?: unknown): Promise<Outcome> {
  const answer = await t.request(method, path, { token: user.token, body });
  return answer.status < 300 ? 'ok' : (CODE_OF_STATUS[answer.status] ?? (`HTTP ${answer.status}` as Outcome));
}

/** A fresh task of the project, made by its owner, for one operation to act on. */
async function projectTask(): Promise<number> {
  const made = await t.request('POST', '/api/tasks', { token: owner.token, body: { title: 'shared', description: '', project_id: projectId } });
  return made.body.task.id;
}

type Operation = (door: Door, user: TestUser) => Promise<Outcome>;

const OPERATIONS: Record<string, Operation> = {
  'read a task': async (door, user) => {
    const id = await projectTask();
    return door === 'rest' ? rest(user, 'GET', `/api/tasks/${id}`) : graphql(door, user, 'query ($id: ID!) { task(id: $id) { id projectId } }', { id });
  },
  'list the tasks': async (door, user) =>
    door === 'rest'
      ? rest(user, 'GET', `/api/tasks?project_id=${projectId}`)
      : graphql(door, user, 'query ($p: ID) { tasks(projectId: $p) { edges { node { id } } } }', { p: projectId }),
  'create a task': async (door, user) =>
    door === 'rest'
      ? rest(user, 'POST', '/api/tasks', { title: 'new', description: '', project_id: projectId })
      : graphql(door, user, 'mutation ($p: ID) { createTask(input: { title: "new", description: "", projectId: $p }) { id } }', { p: projectId }),
  'update a task': async (door, user) => {
    const id = await projectTask();
    return door === 'rest'
      ? rest(user, 'PUT', `/api/tasks/${id}`, { completion: true })
      : graphql(door, user, 'mutation ($id: ID!) { updateTask(id: $id, input: { completion: true }) { id } }', { id });
  },
  'delete a task': async (door, user) => {
    const id = await projectTask();
    return door === 'rest'
      ? rest(user, 'DELETE', `/api/tasks/${id}`)
      : graphql(door, user, 'mutation ($id: ID!) { deleteTask(id: $id) { deletedTaskId } }', { id });
  },
  'read the project': async (door, user) =>
    door === 'rest'
      ? rest(user, 'GET', `/api/projects/${projectId}`)
      : graphql(door, user, 'query ($p: ID!) { project(id: $p) { id role members { userId } } }', { p: projectId }),
  'rename the project': async (door, user) =>
    door === 'rest'
      ? rest(user, 'PUT', `/api/projects/${projectId}`, { name: 'Renamed' })
      : graphql(door, user, 'mutation ($p: ID!) { updateProject(id: $p, input: { name: "Renamed" }) { id } }', { p: projectId }),
  'invite someone': async (door, user) =>
    door === 'rest'
      ? rest(user, 'POST', `/api/projects/${projectId}/invitations`, { email: 'someone@example.com', role: 'viewer' })
      : graphql(door, user, 'mutation ($p: ID!) { inviteToProject(projectId: $p, email: "someone@example.com", role: VIEWER) { id } }', { p: projectId }),
  "change a member's role": async (door, user) =>
    door === 'rest'
      ? rest(user, 'PUT', `/api/projects/${projectId}/members/${users.viewer.id}`, { role: 'viewer' })
      : graphql(door, user, 'mutation ($p: ID!, $u: ID!) { setMemberRole(projectId: $p, userId: $u, role: VIEWER) { role } }', {
          p: projectId,
          u: users.viewer.id,
        }),
  'list the members': async (door, user) =>
    door === 'rest'
      ? rest(user, 'GET', `/api/projects/${projectId}/members`)
      : graphql(door, user, 'query ($p: ID!) { project(id: $p) { members { userId role } } }', { p: projectId }),
  'list the invitations': async (door, user) =>
    door === 'rest'
      ? rest(user, 'GET', `/api/projects/${projectId}/invitations`)
      : graphql(door, user, 'query ($p: ID!) { projectInvitations(projectId: $p) { id } }', { p: projectId }),
  'revoke an invitation': async (door, user) => {
    const sent = await t.request('POST', `/api/projects/${projectId}/invitations`, {
      token: owner.token,
      body: { email: 'revocable@example.com', role: 'viewer' },
    });
    const invitationId = sent.body.invitation.id;
    return door === 'rest'
      ? rest(user, 'DELETE', `/api/projects/${projectId}/invitations/${invitationId}`)
      : graphql(door, user, 'mutation ($p: ID!, $i: ID!) { revokeInvitation(projectId: $p, invitationId: $i) }', { p: projectId, i: invitationId });
  },
  'remove a member': async (door, user) => {
    const member = await createUser(t, 'removable');
    await addMember(t, owner, projectId, member, 'viewer');
    return door === 'rest'
      ? rest(user, 'DELETE', `/api/projects/${projectId}/members/${member.id}`)
      : graphql(door, user, 'mutation ($p: ID!, $u: ID!) { removeMember(projectId: $p, userId: $u) }', { p: projectId, u: member.id });
  },
  'delete the project': async (door, user) => {
    // A project of its own, so the table's project stays.
    const doomed = await createProject(t, owner, 'Doomed');
    await addMember(t, owner, doomed, users.editor, 'editor');
    await addMember(t, owner, doomed, users.viewer, 'viewer');
    return door === 'rest'
      ? rest(user, 'DELETE', `/api/projects/${doomed}`)
      : graphql(door, user, 'mutation ($p: ID!) { deleteProject(id: $p) }', { p: doomed });
  },
};

const READ: Record<Role, Outcome> = { owner: 'ok', editor: 'ok', viewer: 'ok', outsider: 'NOT_FOUND' };
const WRITE_TASKS: Record<Role, Outcome> = { owner: 'ok', editor: 'ok', viewer: 'FORBIDDEN_ACCESS', outsider: 'NOT_FOUND' };
const OWNERS_ONLY: Record<Role, Outcome> = { owner: 'ok', editor: 'FORBIDDEN_ACCESS', viewer: 'FORBIDDEN_ACCESS', outsider: 'NOT_FOUND' };

const EXPECTED: Record<keyof typeof OPERATIONS, Record<Role, Outcome>> = {
  'read a task': READ,
  'list the tasks': READ,
  'create a task': WRITE_TASKS,
  'update a task': WRITE_TASKS,
  'delete a task': WRITE_TASKS,
  'read the project': READ,
  'rename the project': OWNERS_ONLY,
  'invite someone': OWNERS_ONLY,
  "change a member's role": OWNERS_ONLY,
  'list the members': READ,
  'list the invitations': OWNERS_ONLY,
  'revoke an invitation': OWNERS_ONLY,
  'remove a member': OWNERS_ONLY,
  'delete the project': OWNERS_ONLY,
};

describe('project roles, every role × every operation × every door', () => {
  for (const door of ['rest', 'http', 'socket'] as const) {
    it(`hold over ${door === 'rest' ? 'REST' : door === 'http' ? 'GraphQL over HTTP' : 'GraphQL over WebSocket'}`, async () => {
      const seen: Record<string, Record<string, Outcome>> = {};
      for (const [operation, run] of Object.entries(OPERATIONS)) {
        seen[operation] = {};
        for (const role of ['owner', 'editor', 'viewer', 'outsider'] as const) seen[operation][role] = await run(door, users[role]);
      }
      expect(seen).toEqual(EXPECTED);
    });
  }
});

describe('project tasks', () => {
  it('an outsider cannot tell a project task from a missing one, nor see it in its own list or feed', async () => {
    const id = await projectTask();
    const missing = await t.request('GET', '/api/tasks/2147483000', { token: users.outsider.token });
    const shared = await t.request('GET', `/api/tasks/${id}`, { token: users.outsider.token });
    expect(shared.status).toBe(404);
    expect(shared.body.errors.message).toBe(missing.body.errors.message);
    const own = await t.request('GET', '/api/tasks?limit=100', { token: users.outsider.token });
    expect(own.body.data).toEqual([]);
    const feed = await t.request('GET', '/api/tasks/changes?limit=100', { token: users.outsider.token });
    expect(feed.body.changes).toEqual([]);
  });

  it("keep the legacy answer for a personal task, and say their project and assignee for a project's", async () => {
    const personal = await t.request('POST', '/api/tasks', { token: users.editor.token, body: { title: 'mine', description: '' } });
    expect(Object.keys(personal.body.task)).not.toContain('project_id');
    const shared = await t.request('POST', '/api/tasks', {
      token: users.editor.token,
      body: { title: 'ours', description: '', project_id: projectId, assignee_id: users.viewer.id },
    });
    expect(shared.status).toBe(201);
    expect(shared.body.task).toMatchObject({ project_id: projectId, assignee_id: users.viewer.id });
    // Only a member can be the assignee; a personal task has none.
    const stranger = await t.request('PUT', `/api/tasks/${shared.body.task.id}`, { token: users.editor.token, body: { assignee_id: users.outsider.id } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors.details).toHaveProperty('assignee_id');
    const onPersonal = await t.request('PUT', `/api/tasks/${personal.body.task.id}`, { token: users.editor.token, body: { assignee_id: users.viewer.id } });
    expect(onPersonal.status).toBe(400);
    // The personal list holds no project task, and the project's no personal one.
    const mine = await t.request('GET', '/api/tasks?limit=100', { token: users.editor.token });
    expect(mine.body.data.map((task: { id: number }) => task.id)).toEqual([personal.body.task.id]);
    const ours = await t.request('GET', `/api/tasks?project_id=${projectId}&limit=100`, { token: users.editor.token });
    expect(ours.body.data.map((task: { id: number }) => task.id)).toContain(shared.body.task.id);
    expect(ours.body.data.map((task: { id: number }) => task.id)).not.toContain(personal.body.task.id);
  });

  it('versions, If-Match and idempotency keys work on project tasks', async () => {
    const key = `shared-${projectId}`;
    const body = { title: 'once', description: '', project_id: projectId };
    const first = await t.request('POST', '/api/tasks', { token: users.editor.token, body, headers: { 'idempotency-key': key } });
    const again = await t.request('POST', '/api/tasks', { token: users.editor.token, body, headers: { 'idempotency-key': key } });
    expect(again.body.task.id).toBe(first.body.task.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const id = first.body.task.id;
    const byOwner = await t.request('PUT', `/api/tasks/${id}`, { token: owner.token, body: { title: 'owner was here' }, headers: { 'if-match': '"v1"' } });
    expect(byOwner.status).toBe(200);
    const stale = await t.request('PUT', `/api/tasks/${id}`, { token: users.editor.token, body: { title: 'stale' }, headers: { 'if-match': '"v1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.errors.current).toMatchObject({ title: 'owner was here', version: 2 });
  });

  it("spend the caller's task budgets on both faces, as a personal task does", async () => {
    const small = await startTestApp({ ...GENEROUS_LIMITS, RATE_LIMIT_TASK_WRITES: '3/1m', RATE_LIMIT_TASK_READS: '2/1m' });
    try {
      const lead = await createUser(small, 'lead');
      const project = await createProject(small, lead);
      const created = await small.graphql(
        'mutation ($p: ID) { createTask(input: { title: "t", description: "", projectId: $p }) { id } }',
        { p: project },
        lead.token,
      );
      expect(created.errors).toBeUndefined();
      expect((await small.request('POST', '/api/projects', { token: lead.token, body: { name: 'third write' } })).status).toBe(201);
      const fourth = await small.request('POST', '/api/tasks', { token: lead.token, body: { title: 't', description: '', project_id: project } });
      expect(fourth.status).toBe(429);
      expect((await small.request('GET', `/api/tasks?project_id=${project}`, { token: lead.token })).status).toBe(200);
      expect((await small.request('GET', `/api/projects/${project}`, { token: lead.token })).status).toBe(200);
      const third = await small.graphql('query ($p: ID!) { project(id: $p) { id } }', { p: project }, lead.token);
      expect(third.errors?.[0]?.extensions.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await small.close();
    }
  });

  it('a project holds at most PROJECT_TASK_QUOTA tasks, apart from its members own quotas', async () => {
    const small = await startTestApp({ ...GENEROUS_LIMITS, PROJECT_TASK_QUOTA: '2', TASK_QUOTA: '1' });
    try {
      const lead = await createUser(small, 'lead');
      const project = await createProject(small, lead);
      const create = (body: object) => small.request('POST', '/api/tasks', { token: lead.token, body: { title: 't', description: '', ...body } });
      const results = await Promise.all([1, 2, 3, 4].map(() => create({ project_id: project })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 201, 403, 403]);
      expect(results.find((r) => r.status === 403)?.body.errors.message).toBe('Project task limit reached (2)');
      expect((await create({})).status).toBe(201);
      // The same refusal at GraphQL's doors.
      const CREATE = 'mutation ($p: ID) { createTask(input: { title: "t", description: "", projectId: $p }) { id } }';
      const overHttp = await small.graphql(CREATE, { p: project }, lead.token);
      expect(overHttp.errors?.[0]).toMatchObject({ message: 'Project task limit reached (2)', extensions: { code: 'FORBIDDEN_ACCESS' } });
      const socket = connectSocket(small, lead.token);
      try {
        const overSocket = await socket.run({ query: CREATE, variables: { p: project } });
        expect(overSocket.errors?.[0]).toMatchObject({ message: 'Project task limit reached (2)', extensions: { code: 'FORBIDDEN_ACCESS' } });
      } finally {
        await socket.dispose();
      }
      expect((await small.request('GET', `/api/tasks?project_id=${project}`, { token: lead.token })).body.data).toHaveLength(2);
    } finally {
      await small.close();
    }
  });
});

describe('the members of many projects', () => {
  it('are read together: one statement and one read of the budget for a page of projects, however many, at both GraphQL doors', async () => {
    const small = await startTestApp({ ...GENEROUS_LIMITS, RATE_LIMIT_TASK_READS: '4/1m' });
    try {
      const lead = await createUser(small, 'lead');
      const mate = await createUser(small, 'mate');
      const projects: number[] = [];
      for (const name of ['one', 'two', 'three', 'four']) projects.push(await createProject(small, lead, name));
      await addMember(small, lead, projects[1]!, mate, 'viewer');
      const PAGE = '{ projects(first: 10) { edges { node { name members { username role } } } } }';
      let page: { data: any; errors?: unknown[] } | undefined;
      const sent = await statementsSentDuring(async () => {
        page = await small.graphql(PAGE, {}, lead.token);
      });
      expect(page?.errors).toBeUndefined();
      expect(
        page?.data.projects.edges.map((edge: { node: { name: string; members: Array<{ username: string }> } }) => [
          edge.node.name,
          edge.node.members.map((m) => m.username),
        ]),
      ).toEqual([
        ['one', [lead.username]],
        ['two', [lead.username, mate.username]],
        ['three', [lead.username]],
        ['four', [lead.username]],
      ]);
      expect(sent.filter((statement) => statement.text.includes('"u"."username"'))).toHaveLength(1);
      const socket = connectSocket(small, lead.token);
      try {
        let overSocket: SocketOutcome | undefined;
        const sentOverSocket = await statementsSentDuring(async () => {
          overSocket = await socket.run({ query: PAGE });
        });
        expect(overSocket?.data).toEqual(page?.data);
        expect(sentOverSocket.filter((statement) => statement.text.includes('"u"."username"'))).toHaveLength(1);
        // Each page and its members: two reads each, the budget's four; the next read is over it.
        expect((await small.graphql(PAGE, {}, lead.token)).errors?.[0]?.extensions.code).toBe('TOO_MANY_REQUESTS');
        expect((await socket.run({ query: PAGE })).errors?.[0]?.extensions.code).toBe('TOO_MANY_REQUESTS');
      } finally {
        await socket.dispose();
      }
    } finally {
      await small.close();
    }
  });
});

describe("a project's page", () => {
  it('is read from its own index, as a personal page is, however many tasks the table holds (the statement the app sent)', async () => {
    const sent = await statementsSentDuring(() => t.request('GET', `/api/tasks?project_id=${projectId}`, { token: owner.token }));
    const listProject = sent.map((statement) => statement.text).find((text) => text.includes('from "tasks"') && text.includes('"project_id", "id"'));
    expect(listProject).toBeDefined();
    const db = t.app.db;
    await sql`INSERT INTO tasks (user_id, title, description) SELECT ${owner.id}, 'mine ' || n, '' FROM generate_series(1, 5000) n`.execute(db);
    await sql`INSERT INTO tasks (project_id, title, description) SELECT ${projectId}, 'ours ' || n, '' FROM generate_series(1, 5000) n`.execute(db);
    await sql`ANALYZE tasks`.execute(db);
    const plan = await db.connection().execute(async (connection) => {
      // The plan a prepared statement settles on once its values stop mattering.
      await sql`SET plan_cache_mode = force_generic_plan`.execute(connection);
      await sql.raw(`PREPARE project_page AS ${listProject}`).execute(connection);
      const { rows } = await sql
        .raw<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE project_page(${projectId}, 0, ${projectId}, 2147483647, ${projectId}, ${owner.id}, 11)`)
        .execute(connection);
      await sql`DEALLOCATE project_page`.execute(connection);
      await sql`RESET plan_cache_mode`.execute(connection);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('tasks_project_id_id_idx');
    expect(plan).not.toContain('Seq Scan on tasks');
  });
});
