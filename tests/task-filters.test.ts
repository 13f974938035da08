import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENEROUS_LIMITS } from './helpers/generous-limits.js';
import { addMember, createProject } from './helpers/projects.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * The screens a task app shows ("due this week", "high priority", "overdue", "12 of 340"),
 * each read the same on both faces: every filter, their combinations, and counts.
 */
let t: TestApp;
let user: TestUser;
const DAY = 86_400_000;
const now = Date.now();
const at = (days: number) => new Date(now + days * DAY).toISOString();
const titles = (tasks: Array<{ title: string }>) => tasks.map((task) => task.title).sort();

beforeAll(async () => {
  t = await startTestApp(GENEROUS_LIMITS);
  user = await createUser(t, 'filters');
  const tasks = [
    { title: 'late high', priority: 'high', due_date: at(-2) },
    { title: 'late but done', priority: 'low', due_date: at(-1), completion: true },
    { title: 'this week medium', priority: 'medium', due_date: at(3) },
    { title: 'next month high', priority: 'high', due_date: at(30) },
    { title: 'someday low', priority: 'low' },
  ];
  for (const task of tasks) {
    const made = await t.request('POST', '/api/tasks', { token: user.token, body: { description: '', ...task } });
    expect(made.status).toBe(201);
  }
});
afterAll(() => t?.close());

const LIST = `query ($filter: TaskFilter, $first: Int) { tasks(filter: $filter, first: $first) { totalCount edges { node { title } } } }`;

/** The titles each face lists for the same filter, REST given as its query string. */
async function bothFaces(query: string, filter: Record<string, unknown>) {
  const rest = await t.request('GET', `/api/tasks?limit=100&${query}`, { token: user.token });
  expect(rest.status, JSON.stringify(rest.body)).toBe(200);
  const graphql = await t.graphql(LIST, { filter, first: 100 }, user.token);
  expect(graphql.errors).toBeUndefined();
  return { rest: titles(rest.body.data), graphql: titles(graphql.data.tasks.edges.map((edge: { node: { title: string } }) => edge.node)) };
}

describe('task filters, on both faces', () => {
  const cases: Array<[string, string, Record<string, unknown>, string[]]> = [
    ['one priority', 'priority=high', { priority: ['HIGH'] }, ['late high', 'next month high']],
    ['several priorities', 'priority=high,medium', { priority: ['HIGH', 'MEDIUM'] }, ['late high', 'next month high', 'this week medium']],
    ['due this week', `due_after=${at(0)}&due_before=${at(7)}`, { dueAfter: at(0), dueBefore: at(7) }, ['this week medium']],
    ['overdue', 'overdue=true', { overdue: true }, ['late high']],
    ['not overdue', 'overdue=false', { overdue: false }, ['late but done', 'next month high', 'someday low', 'this week medium']],
    ['without a due date', 'has_due_date=false', { hasDueDate: false }, ['someday low']],
    ['high priority and not done', 'priority=high&completion=false', { priority: ['HIGH'], completion: false }, ['late high', 'next month high']],
    [
      'changed lately',
      `updated_after=${at(-1)}`,
      { updatedAfter: at(-1) },
      ['late but done', 'late high', 'next month high', 'someday low', 'this week medium'],
    ],
    ['changed in the future', `updated_after=${at(1)}`, { updatedAfter: at(1) }, []],
  ];
  for (const [name, query, filter, expected] of cases) {
    it(name, async () => {
      expect(await bothFaces(query, filter)).toEqual({ rest: expected, graphql: expected });
    });
  }

  it('count every match only when asked, apart from the page', async () => {
    const paged = await t.request('GET', '/api/tasks?priority=high&limit=1&total_count=true', { token: user.token });
    expect(paged.body.pagination).toMatchObject({ total_returned: 1, total_count: 2, has_more: true });
    const plain = await t.request('GET', '/api/tasks?priority=high&limit=1', { token: user.token });
    expect(plain.body.pagination).not.toHaveProperty('total_count');
    const graphql = await t.graphql(LIST, { filter: { priority: ['HIGH'] }, first: 1 }, user.token);
    expect(graphql.data.tasks).toMatchObject({ totalCount: 2, edges: [{ node: {} }] });
    // Through a fragment too.
    const fragment = await t.graphql('query { tasks(first: 1) { ...Counted } } fragment Counted on TaskConnection { totalCount }', {}, user.token);
    expect(fragment.data.tasks.totalCount).toBe(5);
  });

  it('refuse a wrong value by name, saying what is accepted', async () => {
    const rest = await t.request('GET', '/api/tasks?priority=urgent&overdue=maybe', { token: user.token });
    expect(rest.status).toBe(400);
    expect(rest.body.errors.details.overdue).toEqual(['must be true, false, 1, 0, yes or no']);
    const priority = await t.request('GET', '/api/tasks?priority=urgent', { token: user.token });
    expect(priority.status).toBe(400);
    expect(priority.body.errors.details.priority).toEqual(['must be one of low, medium, high']);
    const unknown = await t.request('GET', '/api/tasks?sort_by=title', { token: user.token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.message).toContain('(this route takes completion, title, after, before, priority, due_after, due_before');
    const graphql = await t.graphql(LIST, { filter: { priority: [] } }, user.token);
    expect(graphql.errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it("filter a project's tasks by assignee, for its members only", async () => {
    const member = await createUser(t, 'assignee');
    const project = await createProject(t, user);
    await addMember(t, user, project, member, 'editor');
    for (const [title, assignee] of [
      ['for the member', member.id],
      ['for the owner', user.id],
      ['for no one', null],
    ] as const) {
      await t.request('POST', '/api/tasks', { token: user.token, body: { title, description: '', project_id: project, assignee_id: assignee } });
    }
    const mine = await t.request('GET', `/api/tasks?project_id=${project}&assignee_id=${member.id}&total_count=1`, { token: member.token });
    expect(titles(mine.body.data)).toEqual(['for the member']);
    expect(mine.body.pagination.total_count).toBe(1);
    const graphql = await t.graphql(
      'query ($p: ID, $a: ID) { tasks(projectId: $p, filter: { assigneeId: $a }) { totalCount edges { node { title } } } }',
      { p: project, a: user.id },
      member.token,
    );
    expect(graphql.data.tasks).toEqual({ totalCount: 1, edges: [{ node: { title: 'for the owner' } }] });
    const stranger = await createUser(t, 'stranger');
    expect((await t.request('GET', `/api/tasks?project_id=${project}&assignee_id=${member.id}`, { token: stranger.token })).status).toBe(404);
  });

  it('page through a filtered list without skipping or repeating a task', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await t.request('GET', `/api/tasks?overdue=false&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: user.token });
      seen.push(...page.body.data.map((task: { title: string }) => task.title));
      if (!page.body.pagination.has_more) break;
      cursor = page.body.pagination.next_cursor;
    }
    expect(seen.sort()).toEqual(['late but done', 'next month high', 'someday low', 'this week medium']);
  });
});
