import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/database.js';
import { alignSearchLanguage } from '../src/db/migrator.js';
import { capturedLogger } from './helpers/captured-logs.js';
import { connectSocket } from './helpers/socket-client.js';
import { GENEROUS_LIMITS } from './helpers/generous-limits.js';
import { addMember, createProject } from './helpers/projects.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

/**
 * Sort orders and full-text search, on both faces: every order walked page by page in both
 * directions through ties, a walk while tasks come and go, cursors kept to their own order
 * and filters, and search with stemming, prefixes and ranking.
 */
let t: TestApp;
let user: TestUser;
const DAY = 86_400_000;
const due = (days: number) => new Date(Date.UTC(2027, 0, 1) + days * DAY).toISOString();

interface Listed {
  id: string;
  title: string;
  priority: string;
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
}
const ALL = `query ($first: Int, $after: String) { tasks(first: $first, after: $after) {
  edges { node { id title priority dueDate createdAt updatedAt } } pageInfo { hasNextPage endCursor } } }`;
const PAGE = `query ($filter: TaskFilter, $orderBy: TaskOrder, $first: Int, $after: String, $projectId: ID) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after, projectId: $projectId) {
    totalCount edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }`;

type Face = 'REST' | 'GraphQL';
interface ListArgs {
  /** REST's form: `due_date`, `-priority`. */
  sort?: string;
  search?: string;
  projectId?: number;
  completion?: boolean;
}

/** GraphQL's `orderBy` for a REST `sort`. */
const orderByOf = (sort: string) => ({ field: sort.replace(/^-/, '').toUpperCase(), direction: sort.startsWith('-') ? 'DESC' : 'ASC' });

function restQuery({ sort, search, projectId, completion }: ListArgs, size: number, cursor?: string): string {
  const query = new URLSearchParams({ limit: String(size) });
  if (sort) query.set('sort', sort);
  if (search !== undefined) query.set('q', search);
  if (projectId) query.set('project_id', String(projectId));
  if (completion !== undefined) query.set('completion', String(completion));
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

function graphqlVariables({ sort, search, projectId, completion }: ListArgs, size: number, cursor?: string) {
  const filter: Record<string, unknown> = {};
  if (search !== undefined) filter.search = search;
  if (completion !== undefined) filter.completion = completion;
  return { filter, orderBy: sort ? orderByOf(sort) : undefined, first: size, after: cursor, projectId: projectId && String(projectId) };
}

/** One page on one face: the ids and titles, and the cursor to read on from (null at the end). */
async function page(face: Face, as: TestUser, args: ListArgs, size: number, cursor?: string) {
  if (face === 'REST') {
    const res = await t.request('GET', `/api/tasks?${restQuery(args, size, cursor)}`, { token: as.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return {
      tasks: res.body.data.map((task: { id: number; title: string }) => ({ id: task.id, title: task.title })),
      next: res.body.pagination.next_cursor as string | null,
    };
  }
  const res = await t.graphql(PAGE, graphqlVariables(args, size, cursor), as.token);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const { edges, pageInfo } = res.data.tasks;
  // Every edge's cursor reads on from its task: the last one's is the page's end.
  if (edges.length > 0) expect(edges.at(-1).cursor).toBe(pageInfo.endCursor);
  return {
    tasks: edges.map((edge: { node: { id: string; title: string } }) => ({ id: Number(edge.node.id), title: edge.node.title })),
    next: pageInfo.hasNextPage ? (pageInfo.endCursor as string) : null,
  };
}

/** Every page from the first, `between` run after each; the ids in the order read. */
async function walk(face: Face, as: TestUser, args: ListArgs, size: number, between?: (pageIndex: number) => Promise<void>): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let index = 0; index < 100; index++) {
    const read = await page(face, as, args, size, cursor);
    ids.push(...read.tasks.map((task: { id: number }) => task.id));
    if (!read.next) return ids;
    cursor = read.next;
    await between?.(index);
  }
  throw new Error('the walk did not end');
}

async function create(as: TestUser, task: Record<string, unknown>): Promise<number> {
  const made = await t.request('POST', '/api/tasks', { token: as.token, body: { description: '', ...task } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.task_id;
}

async function allTasks(as: TestUser): Promise<Listed[]> {
  const res = await t.graphql(ALL, { first: 100 }, as.token);
  expect(res.errors).toBeUndefined();
  return res.data.tasks.edges.map((edge: { node: Listed }) => edge.node);
}

const PRIORITY_RANK: Record<string, number> = { LOW: 0, MEDIUM: 1, HIGH: 2 };
/** Each order as the API promises it, computed here: the key, then the id. */
const EXPECTED_KEY: Record<string, (task: Listed) => number | string> = {
  id: () => 0,
  created_at: (task) => Date.parse(task.createdAt),
  updated_at: (task) => Date.parse(task.updatedAt),
  due_date: (task) => (task.dueDate === null ? Number.POSITIVE_INFINITY : Date.parse(task.dueDate)),
  priority: (task) => PRIORITY_RANK[task.priority]!,
  title: (task) => task.title.toLowerCase(),
};
function expectedOrder(tasks: Listed[], field: string): number[] {
  const key = EXPECTED_KEY[field]!;
  return [...tasks].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : Number(a.id) - Number(b.id))).map((task) => Number(task.id));
}

beforeAll(async () => {
  t = await startTestApp(GENEROUS_LIMITS);
  user = await createUser(t, 'orders');
  // Ties everywhere: titles alike but for case, shared due dates and priorities, no due date.
  const seeds: Array<[string, string, number | null]> = [
    ['fig', 'high', 1],
    ['Banana', 'low', 1],
    ['apple', 'medium', null],
    ['banana', 'high', 2],
    ['cherry', 'low', 2],
    ['Apple', 'medium', null],
    ['date', 'high', 3],
    ['elder', 'low', 0],
    ['grape', 'medium', 1],
  ];
  const ids: number[] = [];
  for (const [title, priority, days] of seeds) ids.push(await create(user, { title, priority, due_date: days === null ? null : due(days) }));
  // Changed in another order than created, so updated_at has an order of its own.
  for (const id of [ids[4], ids[0], ids[7]]) {
    expect((await t.request('PUT', `/api/tasks/${id}`, { token: user.token, body: { completion: true } })).status).toBe(200);
  }
});
afterAll(() => t?.close());

describe('every sort order, on both faces', () => {
  const orders = ['id', 'created_at', 'updated_at', 'due_date', 'priority', 'title'];
  for (const face of ['REST', 'GraphQL'] as const) {
    for (const field of orders) {
      it(`${face}: ${field} and -${field}, two at a time through the ties`, async () => {
        const expected = expectedOrder(await allTasks(user), field);
        expect(await walk(face, user, { sort: field }, 2)).toEqual(expected);
        expect(await walk(face, user, { sort: `-${field}` }, 2)).toEqual([...expected].reverse());
      });
    }
  }

  it('orders a filtered list, and a project’s tasks for its members only', async () => {
    const outsider = await createUser(t, 'orders_out');
    // Someone else's open task, of the top priority: never in another's list.
    await create(outsider, { title: 'not yours', priority: 'high' });
    const open = (await allTasks(user)).filter((task) => !['cherry', 'fig', 'elder'].includes(task.title));
    expect(await walk('REST', user, { sort: '-priority', completion: false }, 4)).toEqual(expectedOrder(open, 'priority').reverse());
    expect(await walk('GraphQL', user, { sort: 'title', completion: false }, 4)).toEqual(expectedOrder(open, 'title'));

    const owner = await createUser(t, 'orders_owner');
    const projectId = await createProject(t, owner);
    for (const [title, days] of [
      ['ship', 2],
      ['plan', 1],
      ['test', 1],
    ] as const) {
      expect(
        (await t.request('POST', '/api/tasks', { token: owner.token, body: { title, description: '', project_id: projectId, due_date: due(days) } })).status,
      ).toBe(201);
    }
    const titlesOf = async (face: Face, sort: string) => {
      const read = await page(face, owner, { sort, projectId }, 10);
      return read.tasks.map((task: { title: string }) => task.title);
    };
    expect(await titlesOf('REST', 'due_date')).toEqual(['plan', 'test', 'ship']);
    expect(await titlesOf('GraphQL', 'due_date')).toEqual(['plan', 'test', 'ship']);
    // The order by last change, which has an index of its own: a filtered list, a project's.
    const changed = (await allTasks(user)).filter((task) => ['cherry', 'fig', 'elder'].includes(task.title));
    expect(await walk('GraphQL', user, { sort: '-updated_at', completion: true }, 2)).toEqual(expectedOrder(changed, 'updated_at').reverse());
    const [plan] = (await page('REST', owner, { sort: 'title', projectId }, 1)).tasks;
    expect((await t.request('PUT', `/api/tasks/${plan.id}`, { token: owner.token, body: { completion: true } })).status).toBe(200);
    expect(await titlesOf('REST', '-updated_at')).toEqual(['plan', 'test', 'ship']);
    expect(await titlesOf('GraphQL', 'updated_at')).toEqual(['ship', 'test', 'plan']);
    const refused = await t.request('GET', `/api/tasks?sort=due_date&project_id=${projectId}`, { token: outsider.token });
    expect(refused.status).toBe(404);
  });
});

describe('a walk while tasks come and go', () => {
  for (const face of ['REST', 'GraphQL'] as const) {
    it(`${face}: skips and repeats nothing that stayed, in due-date order`, async () => {
      const walker = await createUser(t, 'walker');
      const ids: number[] = [];
      // Four at each due date: a page boundary falls inside every tie.
      for (let i = 0; i < 16; i++) ids.push(await create(walker, { title: `task ${i}`, due_date: due(Math.floor(i / 4)) }));
      const deleted: number[] = [];
      const created: number[] = [];
      const seen = await walk(face, walker, { sort: 'due_date' }, 3, async (index) => {
        // After each page: one task ahead goes, one already read goes, one comes behind and one ahead.
        const ahead = ids[15 - index];
        const behind = ids[index];
        for (const id of [ahead, behind]) {
          if (id === undefined || deleted.includes(id)) continue;
          expect((await t.request('DELETE', `/api/tasks/${id}`, { token: walker.token })).status).toBe(200);
          deleted.push(id);
        }
        created.push(await create(walker, { title: `behind ${index}`, due_date: due(-1) }));
        created.push(await create(walker, { title: `ahead ${index}`, due_date: due(10) }));
      });
      expect(new Set(seen).size).toBe(seen.length);
      const stayed = ids.filter((id) => !deleted.includes(id));
      for (const id of stayed) expect(seen, `task ${id} stayed and was not read`).toContain(id);
      for (const id of created.filter((id) => !deleted.includes(id))) {
        // Behind the walk's position: never read; ahead of it: read once.
        const title = (await t.request('GET', `/api/tasks/${id}`, { token: walker.token })).body.title as string;
        expect(seen.includes(id), title).toBe(title.startsWith('ahead'));
      }
    });
  }
});

describe('cursors keep to their own list', () => {
  it('refuses a cursor given with another order, other filters or another project, on both faces', async () => {
    const byDueDate = await page('REST', user, { sort: 'due_date' }, 2);
    const elsewhere: Array<[ListArgs, RegExp]> = [
      [{ sort: '-due_date' }, /another order \(due_date\)/],
      [{ sort: 'title' }, /another order \(due_date\)/],
      [{}, /another order \(due_date\)/],
      [{ sort: 'due_date', completion: false }, /other filters/],
      [{ sort: 'due_date', search: 'apple' }, /other filters/],
    ];
    for (const [args, message] of elsewhere) {
      const rest = await t.request('GET', `/api/tasks?${restQuery(args, 2, byDueDate.next!)}`, { token: user.token });
      expect(rest.status).toBe(400);
      expect(rest.body.errors.message).toMatch(message);
      expect(Object.keys(rest.body.errors.details)).toEqual(['cursor']);
      const graphql = await t.graphql(PAGE, graphqlVariables(args, 2, byDueDate.next!), user.token);
      expect(graphql.errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
      expect(graphql.errors?.[0]?.message).toMatch(message);
    }
    // A plain list's cursor is no filtered list's either.
    const plain = await page('GraphQL', user, {}, 2);
    const filtered = await t.graphql(PAGE, graphqlVariables({ completion: true }, 2, plain.next!), user.token);
    expect(filtered.errors?.[0]?.message).toMatch(/other filters/);
  });

  it('refuses an edited sort key as a malformed cursor, not a 500', async () => {
    const byDueDate = await page('REST', user, { sort: 'due_date' }, 2);
    const [kind, json] = Buffer.from(byDueDate.next!, 'base64url').toString().split(/:(.*)/s) as [string, string];
    const [order, filter, , id] = JSON.parse(json);
    for (const key of ['2027-02-31 00:00:00+00', 'tomorrow', '99999-01-01 00:00:00+00']) {
      const edited = Buffer.from(`${kind}:${JSON.stringify([order, filter, key, id])}`).toString('base64url');
      const res = await t.request('GET', `/api/tasks?sort=due_date&limit=2&cursor=${edited}`, { token: user.token });
      expect(res.status, key).toBe(400);
      expect(res.body.errors.message).toBe('Invalid cursor');
    }
  });
});

describe('names outside the lists refused', () => {
  it('REST: an unknown sort field is a 400 that lists the accepted ones', async () => {
    const res = await t.request('GET', '/api/tasks?sort=-name', { token: user.token });
    expect(res.status).toBe(400);
    expect(res.body.errors.details.sort).toEqual([
      'must be one of id, created_at, updated_at, due_date, priority, title, relevance, each ascending or with a leading - for descending',
    ]);
  });

  it('GraphQL: an unknown order field or filter is refused before anything runs, naming what is accepted', async () => {
    const order = await t.graphql(PAGE, { orderBy: { field: 'NAME' } }, user.token);
    expect(order.status).toBe(400);
    expect(order.errors?.[0]?.message).toMatch(/ID, CREATED_AT, UPDATED_AT, DUE_DATE, PRIORITY, TITLE, RELEVANCE/);
    const filter = await t.graphql(PAGE, { filter: { query: 'x' } }, user.token);
    expect(filter.status).toBe(400);
    expect(filter.errors?.[0]?.message).toMatch(/completion, title, .*search/);
    // And over WebSocket, in the same words.
    const socket = connectSocket(t, user.token);
    try {
      const overSocket = await socket.run({ query: PAGE, variables: { orderBy: { field: 'NAME' } } });
      expect(overSocket.errors?.[0]?.message).toMatch(/ID, CREATED_AT, UPDATED_AT, DUE_DATE, PRIORITY, TITLE, RELEVANCE/);
    } finally {
      await socket.dispose();
    }
  });

  it('relevance without a search is refused on both faces', async () => {
    const rest = await t.request('GET', '/api/tasks?sort=relevance', { token: user.token });
    expect(rest.status).toBe(400);
    expect(rest.body.errors.details.sort).toEqual(['relevance needs a search to rank by']);
    const graphql = await t.graphql(PAGE, { orderBy: { field: 'RELEVANCE' } }, user.token);
    expect(graphql.errors?.[0]?.extensions.details).toEqual({ 'orderBy.field': ['relevance needs a search to rank by'] });
  });
});

describe('full-text search, on both faces', () => {
  let searcher: TestUser;
  beforeAll(async () => {
    searcher = await createUser(t, 'search');
    const tasks: Array<[string, string]> = [
      ['Quarterly report', 'numbers for the board'],
      ['Planning meeting', 'agenda and the report draft'],
      ['Plans for the garden', 'tomatoes'],
      ['Reporting pipeline', 'fix the nightly job'],
      ['Groceries', 'milk, eggs'],
    ];
    for (const [title, description] of tasks) await create(searcher, { title, description });
    // Someone else's matching task is never found.
    await create(await createUser(t, 'search_other'), { title: 'Quarterly report of another', description: '' });
  });

  const titlesFound = async (face: Face, search: string, sort?: string) => {
    const read = await page(face, searcher, { search, sort }, 20);
    return read.tasks.map((task: { title: string }) => task.title);
  };

  for (const face of ['REST', 'GraphQL'] as const) {
    it(`${face}: stems, matches prefixes, searches descriptions and needs every word`, async () => {
      // "plans" and "planning" stem alike; "report" finds "reporting" and a description.
      expect(await titlesFound(face, 'plan')).toEqual(['Planning meeting', 'Plans for the garden']);
      expect(await titlesFound(face, 'planned')).toEqual(['Planning meeting', 'Plans for the garden']);
      expect(await titlesFound(face, 'quart')).toEqual(['Quarterly report']);
      expect(await titlesFound(face, 'reports')).toEqual(['Quarterly report', 'Planning meeting', 'Reporting pipeline']);
      expect(await titlesFound(face, 'REPORT board!')).toEqual(['Quarterly report']);
      expect(await titlesFound(face, 'tomato garden')).toEqual(['Plans for the garden']);
      expect(await titlesFound(face, 'nothing')).toEqual([]);
      // Blank is no search.
      expect(await titlesFound(face, '  ')).toHaveLength(5);
    });

    it(`${face}: ranks by relevance when asked: a title match before a description match, paged`, async () => {
      const ranked = await titlesFound(face, 'report', 'relevance');
      expect(ranked.at(-1)).toBe('Planning meeting');
      expect(ranked.slice(0, 2).sort()).toEqual(['Quarterly report', 'Reporting pipeline']);
      expect(await walk(face, searcher, { search: 'report', sort: 'relevance' }, 1)).toEqual(
        (await page(face, searcher, { search: 'report', sort: 'relevance' }, 10)).tasks.map((task: { id: number }) => task.id),
      );
      expect(await titlesFound(face, 'report', '-relevance')).toEqual([...ranked].reverse());
    });
  }

  it('counts what a search matches, and searches a project’s tasks for its members', async () => {
    const count = await t.graphql(PAGE, { filter: { search: 'plan' }, first: 1 }, searcher.token);
    expect(count.data.tasks.totalCount).toBe(2);
    const rest = await t.request('GET', '/api/tasks?q=plan&total_count=true&limit=1', { token: searcher.token });
    expect(rest.body.pagination.total_count).toBe(2);

    const member = await createUser(t, 'search_member');
    const projectId = await createProject(t, searcher);
    await addMember(t, searcher, projectId, member, 'viewer');
    await t.request('POST', '/api/tasks', { token: searcher.token, body: { title: 'Roadmap planning', description: '', project_id: projectId } });
    const found = await page('GraphQL', member, { search: 'plans', projectId }, 10);
    expect(found.tasks.map((task: { title: string }) => task.title)).toEqual(['Roadmap planning']);
    // The project's tasks are not in the member's own list, searched or not.
    expect((await page('REST', member, { search: 'plans' }, 10)).tasks).toEqual([]);
  });

  it('refuses a search with no word, or too long, on both faces', async () => {
    const refusals: Array<[string, string]> = [
      ['!!!', 'must contain a word (letters or digits)'],
      ['a b c d e f g h i', 'must have at most 8 words'],
      ['x'.repeat(201), 'must be at most 200 characters'],
    ];
    for (const [q, message] of refusals) {
      const rest = await t.request('GET', `/api/tasks?q=${encodeURIComponent(q)}`, { token: searcher.token });
      expect(rest.status).toBe(400);
      expect(rest.body.errors.details.q).toEqual([message]);
      const graphql = await t.graphql(PAGE, { filter: { search: q } }, searcher.token);
      expect(graphql.errors?.[0]?.extensions.details).toEqual({ 'filter.search': [message] });
    }
  });
});

describe('the search language', () => {
  it('stems in SEARCH_LANGUAGE once migrated, says so at start while it differs, and refuses one PostgreSQL lacks', async () => {
    const { logger, lines } = capturedLogger();
    const german = await startTestApp({ ...GENEROUS_LIMITS, SEARCH_LANGUAGE: 'german' }, { logger });
    try {
      expect(lines.join('')).toMatch(/task search stems in english, SEARCH_LANGUAGE says german: run `npm run migrate -- latest`/);
      const owner = await createUser(german, 'german');
      const made = await german.request('POST', '/api/tasks', { token: owner.token, body: { title: 'Häuser streichen', description: '' } });
      expect(made.status).toBe(201);
      const search = async (q: string) =>
        (await german.request('GET', `/api/tasks?q=${encodeURIComponent(q)}`, { token: owner.token })).body.data.map((task: { title: string }) => task.title);
      // English stemming leaves "häuser" whole: "haus" is no prefix of it.
      expect(await search('haus')).toEqual([]);
      const db = createDatabase({ url: german.databaseUrl, poolSize: 1, logger: pino({ level: 'silent' }) });
      try {
        await expect(alignSearchLanguage(db, 'klingon')).rejects.toThrow(/klingon/);
        expect(await alignSearchLanguage(db, 'german')).toEqual({ from: 'english', to: 'german' });
        expect(await alignSearchLanguage(db, 'german')).toBeUndefined();
      } finally {
        await db.destroy();
      }
      // Existing tasks were re-stemmed with the language: "Häuser" is "haus" now.
      expect(await search('Haus')).toEqual(['Häuser streichen']);
      expect(await search('streichst')).toEqual(['Häuser streichen']);
    } finally {
      await german.close();
    }
  });
});

describe('the cost of a list', () => {
  it('a search adds 10 to what a page costs and a ranking 20 more, at every GraphQL door', async () => {
    const capped = await startTestApp({ ...GENEROUS_LIMITS, GRAPHQL_MAX_COMPLEXITY: '10' });
    const owner = await createUser(capped, 'cost');
    const socket = connectSocket(capped, owner.token);
    try {
      const query = 'query ($filter: TaskFilter, $orderBy: TaskOrder) { tasks(first: 10, filter: $filter, orderBy: $orderBy) { edges { node { id } } } }';
      const costs = async (variables: Record<string, unknown>) => {
        const overHttp = await capped.graphql(query, variables, owner.token);
        const overSocket = await socket.run({ query, variables });
        return [overHttp.errors?.[0]?.message, overSocket.errors?.[0]?.message].map((message) => Number(/too costly: (\d+)/.exec(message ?? '')?.[1]));
      };
      const [plain] = await costs({});
      expect(plain).toBeGreaterThan(10);
      expect(await costs({})).toEqual([plain, plain]);
      expect(await costs({ filter: { search: 'plan' } })).toEqual([plain! + 10, plain! + 10]);
      expect(await costs({ filter: { search: 'plan' }, orderBy: { field: 'RELEVANCE' } })).toEqual([plain! + 30, plain! + 30]);
    } finally {
      await socket.dispose();
      await capped.close();
    }
  });
});
