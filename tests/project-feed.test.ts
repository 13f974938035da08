import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { GENEROUS_LIMITS } from './helpers/generous-limits.js';
import { addMember, createProject } from './helpers/projects.js';
import { subscribe, type Seen } from './helpers/task-subscriber.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * A project's changes reach every member, in the feed and live, across instances: a member
 * added sees the project arrive and its changes from then on; a member removed gets a
 * PROJECT_LEFT and nothing of the project after it.
 */
let a: TestApp;
let b: TestApp;
const open: Seen[] = [];
const watch = async (t: TestApp, user: TestUser) => {
  const seen = await subscribe(t, user.token);
  open.push(seen);
  return seen;
};

beforeAll(async () => {
  a = await startTestApp(GENEROUS_LIMITS);
  b = await startTestApp(GENEROUS_LIMITS, { databaseOf: a });
});
afterAll(async () => {
  for (const seen of open) await seen.client.dispose();
  await b?.close();
  await a?.close();
});

const createTask = (t: TestApp, user: TestUser, title: string, projectId?: number) =>
  t.request('POST', '/api/tasks', { token: user.token, body: { title, description: '', ...(projectId ? { project_id: projectId } : {}) } });

/** Every change in `user`'s REST feed after `cursor`. */
async function feedOf(t: TestApp, user: TestUser, cursor?: string) {
  const changes: Array<{ kind: string; task_id: number | null; project_id: number | null; task: { title: string } | null }> = [];
  for (;;) {
    const page = await t.request('GET', `/api/tasks/changes?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: user.token });
    changes.push(...page.body.changes);
    cursor = page.body.next_cursor;
    if (!page.body.has_more) return changes;
  }
}

describe('a project in the change feed', () => {
  it('reaches a member added, from their joining on, live and on another instance', async () => {
    const owner = await createUser(a, 'owner');
    const joiner = await createUser(a, 'joiner');
    // Their cursor is older than the project: what it held before they joined is in the list, not the feed.
    const head = (await a.request('GET', '/api/tasks/changes/head', { token: joiner.token })).body.cursor;
    const projectId = await createProject(a, owner);
    await createTask(a, owner, 'before you came', projectId);
    const seen = await watch(a, joiner);
    await addMember(b, owner, projectId, joiner, 'editor');
    await eventually(async () => seen.changes.length === 1, 10_000);
    expect(seen.changes[0]).toMatchObject({ kind: 'PROJECT_JOINED', taskId: null, projectId: String(projectId), task: null });
    await createTask(b, owner, 'after you came', projectId);
    await eventually(async () => seen.changes.length === 2, 10_000);
    expect(seen.changes[1]).toMatchObject({ kind: 'CREATED', projectId: String(projectId), task: { title: 'after you came' } });
    // The REST feed holds the same, and nothing from before the joining: that is in the list.
    const feed = await feedOf(a, joiner, head);
    expect(feed.map((change) => [change.kind, change.task?.title ?? null])).toEqual([
      ['project_joined', null],
      ['created', 'after you came'],
    ]);
    const listed = await a.request('GET', `/api/tasks?project_id=${projectId}`, { token: joiner.token });
    expect(listed.body.data.map((task: { title: string }) => task.title)).toEqual(['before you came', 'after you came']);
  });

  it('tells a member removed mid-subscription to drop the project, then nothing of it', async () => {
    const owner = await createUser(a, 'owner');
    const leaver = await createUser(a, 'leaver');
    const projectId = await createProject(a, owner);
    await addMember(a, owner, projectId, leaver, 'editor');
    const task = (await createTask(a, owner, 'assigned', projectId)).body.task;
    await a.request('PUT', `/api/tasks/${task.id}`, { token: owner.token, body: { assignee_id: leaver.id } });
    const seen = await watch(a, leaver);
    await createTask(b, owner, 'while a member', projectId);
    await eventually(async () => seen.changes.length === 1, 10_000);
    expect((await b.request('DELETE', `/api/projects/${projectId}/members/${leaver.id}`, { token: owner.token })).status).toBe(200);
    await eventually(async () => seen.changes.length === 2, 10_000);
    expect(seen.changes[1]).toMatchObject({ kind: 'PROJECT_LEFT', projectId: String(projectId), taskId: null });
    // The project goes on without them; their own tasks still reach them, and nothing else.
    await createTask(b, owner, 'after you left', projectId);
    await createTask(b, leaver, 'my own');
    await eventually(async () => seen.changes.length >= 3, 10_000);
    await createTask(b, leaver, 'my own again');
    await eventually(async () => seen.changes.length >= 4, 10_000);
    expect(seen.changes.slice(2).map((change) => [change.kind, change.projectId, change.task?.title])).toEqual([
      ['CREATED', null, 'my own'],
      ['CREATED', null, 'my own again'],
    ]);
    // What was assigned to them is unassigned, and the project's task is gone for them.
    const now = await a.request('GET', `/api/tasks/${task.id}`, { token: owner.token });
    expect(now.body.assignee_id).toBeNull();
    expect((await a.request('GET', `/api/tasks/${task.id}`, { token: leaver.token })).status).toBe(404);
    expect(seen.errors).toEqual([]);
  });

  it("tells every member when the project is deleted, with its tasks, and no project's change reaches another project's member", async () => {
    const owner = await createUser(a, 'owner');
    const members = await Promise.all([1, 2, 3].map(() => createUser(a, 'member')));
    const outsider = await createUser(a, 'outsider');
    const [mine, theirs] = [await createProject(a, owner, 'mine'), await createProject(a, outsider, 'theirs')];
    for (const member of members) await addMember(a, owner, mine, member, 'editor');
    const heads = await Promise.all(
      [...members, outsider].map(async (user) => (await a.request('GET', '/api/tasks/changes/head', { token: user.token })).body.cursor),
    );
    // Everyone writes at once, on both instances, to their own project and their own list.
    await Promise.all([
      ...members.flatMap((member, i) => [0, 1, 2].map((n) => createTask(n % 2 ? a : b, member, `m${i}-${n}`, mine))),
      ...[0, 1, 2].map((n) => createTask(n % 2 ? a : b, outsider, `o-${n}`, theirs)),
      ...members.map((member, i) => createTask(b, member, `own-${i}`)),
    ]);
    for (const [i, member] of members.entries()) {
      const titles = (await feedOf(a, member, heads[i])).map((change) => change.task?.title).sort();
      const expected = [...members.flatMap((_, j) => [0, 1, 2].map((n) => `m${j}-${n}`)), `own-${i}`].sort();
      expect(titles).toEqual(expected);
    }
    expect((await feedOf(a, outsider, heads[3])).map((change) => change.task?.title).sort()).toEqual(['o-0', 'o-1', 'o-2']);

    const cursors = await Promise.all(members.map(async (user) => (await a.request('GET', '/api/tasks/changes/head', { token: user.token })).body.cursor));
    expect((await a.request('DELETE', `/api/projects/${mine}`, { token: owner.token })).status).toBe(200);
    for (const [i, member] of members.entries()) {
      expect((await feedOf(a, member, cursors[i])).map((change) => [change.kind, change.project_id])).toEqual([['project_left', mine]]);
      expect((await a.request('GET', `/api/tasks?project_id=${mine}`, { token: member.token })).status).toBe(404);
    }
    const gone = await a.app.db.selectFrom('tasks').select('id').where('project_id', '=', mine).execute();
    expect(gone).toEqual([]);
  });
});

describe('the last owner', () => {
  /** A project of two owners, and a way to change a role as one of them, on either instance. */
  async function twoOwners() {
    const first = await createUser(a, 'first');
    const second = await createUser(a, 'second');
    const projectId = await createProject(a, first);
    await addMember(a, first, projectId, second, 'owner');
    const demote = (by: TestUser, whom: TestUser, t: TestApp) =>
      t.request('PUT', `/api/projects/${projectId}/members/${whom.id}`, { token: by.token, body: { role: 'editor' } });
    const owners = async () =>
      (await a.request('GET', `/api/projects/${projectId}/members`, { token: first.token })).body.data.filter((m: { role: string }) => m.role === 'owner');
    return { first, second, demote, owners };
  }

  it('stays when two owners step down at the same moment, on two instances', async () => {
    const projects = await Promise.all([1, 2, 3].map(() => twoOwners()));
    // A change of role is made slow (300 ms), so the two requests, sent together, are both
    // inside it: without a lock each would count the other as the owner that stays.
    await sql`CREATE FUNCTION slow_role_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$`.execute(a.app.db);
    await sql`CREATE TRIGGER slow_role_change BEFORE UPDATE ON project_members FOR EACH ROW EXECUTE FUNCTION slow_role_change()`.execute(a.app.db);
    const rounds = [];
    try {
      // One project at a time: requests of other projects must not queue ahead of either.
      for (const { first, second, demote, owners } of projects) {
        const results = await Promise.all([demote(first, first, a), demote(second, second, b)]);
        rounds.push({ statuses: results.map((r) => r.status).sort(), reasons: results.map((r) => r.body.errors?.reason), owners: (await owners()).length });
      }
    } finally {
      await sql`DROP TRIGGER slow_role_change ON project_members`.execute(a.app.db);
      await sql`DROP FUNCTION slow_role_change()`.execute(a.app.db);
    }
    for (const round of rounds) {
      expect(round.statuses).toEqual([200, 409]);
      expect(round.reasons).toContain('last owner');
      expect(round.owners).toBe(1);
    }
  });

  it('stays when two owners demote each other at the same moment: the second is no owner by then', async () => {
    const { first, second, demote, owners } = await twoOwners();
    const results = await Promise.all([demote(first, second, a), demote(second, first, b)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(await owners()).toHaveLength(1);
  });

  it('cannot leave or be removed, and another owner can', async () => {
    const first = await createUser(a, 'first');
    const second = await createUser(a, 'second');
    const projectId = await createProject(a, first);
    const leave = (user: TestUser) => a.request('POST', `/api/projects/${projectId}/leave`, { token: user.token });
    expect((await leave(first)).status).toBe(409);
    expect((await a.request('DELETE', `/api/projects/${projectId}/members/${first.id}`, { token: first.token })).status).toBe(409);
    await addMember(a, first, projectId, second, 'owner');
    expect((await leave(first)).status).toBe(200);
    expect((await leave(second)).status).toBe(409);
  });

  it('is handed over when they delete their account: the member who joined first becomes owner; a project they alone are in goes', async () => {
    const leaving = await createUser(a, 'leaving');
    const first = await createUser(a, 'first');
    const second = await createUser(a, 'second');
    const shared = await createProject(a, leaving, 'shared');
    const alone = await createProject(a, leaving, 'alone');
    await addMember(a, leaving, shared, first, 'viewer');
    await addMember(a, leaving, shared, second, 'editor');
    const task = (await createTask(a, leaving, 'theirs', shared)).body.task;
    await a.request('PUT', `/api/tasks/${task.id}`, { token: leaving.token, body: { assignee_id: leaving.id } });
    await createTask(a, leaving, 'lonely', alone);
    const deleted = await a.request('POST', '/api/auth/delete-account', { token: leaving.token, body: { password: leaving.password } });
    expect(deleted.status).toBe(200);
    const members = await a.request('GET', `/api/projects/${shared}/members`, { token: first.token });
    expect(members.body.data.map((m: { username: string; role: string }) => [m.username, m.role])).toEqual([
      [first.username, 'owner'],
      [second.username, 'editor'],
    ]);
    expect((await a.request('GET', `/api/tasks/${task.id}`, { token: second.token })).body.assignee_id).toBeNull();
    expect(await a.app.db.selectFrom('projects').select('id').where('id', '=', alone).execute()).toEqual([]);
    expect(await a.app.db.selectFrom('tasks').select('id').where('project_id', '=', alone).execute()).toEqual([]);
  });
});
