import { CompiledQuery, type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../../src/db/database.js';
import type { Database } from '../../src/db/database.types.js';
import { pageQuery, type PagePosition, type TaskOrderField } from '../../src/db/repositories/task-pages.js';
import type { AppProcess } from '../app-process.js';
import { signup } from '../seeding.js';
import { SCALE_TASKS, smoke } from '../settings.js';

/**
 * Issue 32: every sort order and a search on one user's million tasks, the first page and
 * page 1,000 (tasks 20,001–20,020), read one request at a time (what a screen waits for), with
 * the plan PostgreSQL chose for the deep page.
 */

const PAGE = 20;
const DEEP_PAGE = 1000;
const REQUESTS = smoke ? 10 : 200;

// Words a task list holds: a verb in one task of 20, a noun in one of 50, a code in one of 997.
const VERBS = [
  'review',
  'write',
  'fix',
  'call',
  'plan',
  'ship',
  'test',
  'draft',
  'file',
  'book',
  'pay',
  'email',
  'clean',
  'order',
  'check',
  'update',
  'prepare',
  'send',
  'read',
  'sign',
];
const NOUNS = Array.from(
  { length: 50 },
  (_, i) => `${['budget', 'report', 'invoice', 'contract', 'roadmap'][i % 5]}${['', 's', 'ing'][Math.floor(i / 5) % 3]}${i}`,
);

interface OrderCase {
  name: string;
  /** REST's sort, and q when searching. */
  sort?: string;
  q?: string;
}

const CASES: OrderCase[] = [
  { name: 'id (the plain list)' },
  { name: 'created_at', sort: 'created_at' },
  { name: 'updated_at', sort: 'updated_at' },
  { name: 'due_date', sort: 'due_date' },
  { name: '-due_date', sort: '-due_date' },
  { name: 'priority', sort: 'priority' },
  { name: '-priority', sort: '-priority' },
  { name: 'title', sort: 'title' },
  { name: 'search "review" (1 task in 20), id order', q: 'review' },
  { name: 'search "review", due_date', q: 'review', sort: 'due_date' },
  { name: 'search "k123" (1 in 997), relevance', q: 'k123', sort: 'relevance' },
  { name: 'search "review" (1 in 20), relevance', q: 'review', sort: 'relevance' },
];

export interface OrderResult {
  name: string;
  firstP50: number;
  firstP99: number;
  deepPage: number;
  deepP50: number;
  deepP99: number;
  plan: string[];
}

/** A million tasks with spread-out due dates, priorities, titles and change times. */
async function seed(db: Kysely<Database>, username: string, count: number): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT id FROM users WHERE username = ${username}`.execute(db);
  const userId = rows[0]!.id;
  await sql`INSERT INTO tasks (user_id, title, description, priority, due_date, completion, created_at, updated_at)
    SELECT ${userId}, initcap((${VERBS}::text[])[1 + n % 20]) || ' ' || (${NOUNS}::text[])[1 + (n / 20) % 50] || ' k' || (n % 997),
      'notes on the ' || (${NOUNS}::text[])[1 + (n * 7) % 50],
      (ARRAY['low','medium','high'])[1 + (n * 13) % 3]::task_priority,
      CASE WHEN (n / 7) % 5 = 0 THEN NULL ELSE timestamptz '2027-01-01' + ((n * 7919) % 86400) * interval '1 hour' END,
      n % 4 = 0,
      now() - (${count} - n) * interval '1 second',
      now() - ((n * 104729) % ${count}) * interval '1 second'
    FROM generate_series(1::bigint, ${count}) AS n`.execute(db);
  await sql`UPDATE users SET task_count = task_count + ${count} WHERE id = ${userId}`.execute(db);
  await sql`VACUUM ANALYZE tasks`.execute(db);
  return userId;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function latencies(url: string, token: string, path: string): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`bench: ${path} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    // The first few warm the path up.
    if (i >= 5) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

function listPath(order: OrderCase, limit: number, cursor?: string): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (order.sort) query.set('sort', order.sort);
  if (order.q) query.set('q', order.q);
  if (cursor) query.set('cursor', cursor);
  return `/api/tasks?${query}`;
}

/** The cursor after the first `(DEEP_PAGE - 1) × PAGE` tasks (read a hundred at a time), or as deep as the list goes; and the page number it starts. */
async function deepCursor(url: string, token: string, order: OrderCase): Promise<{ cursor: string | undefined; page: number }> {
  let cursor: string | undefined;
  let read = 0;
  while (read < (DEEP_PAGE - 1) * PAGE) {
    const limit = Math.min(100, (DEEP_PAGE - 1) * PAGE - read);
    const res = await fetch(`${url}${listPath(order, limit, cursor)}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { data: unknown[]; pagination: { next_cursor: string | null } };
    if (!body.pagination.next_cursor || body.data.length < limit) break;
    read += body.data.length;
    cursor = body.pagination.next_cursor;
  }
  return { cursor, page: Math.floor(read / PAGE) + 1 };
}

/** The position a cursor holds (the bench reads its own API's cursors: base64url of `kind:value`). */
function positionOf(cursor: string | undefined): PagePosition | undefined {
  if (!cursor) return undefined;
  const [kind, value] = Buffer.from(cursor, 'base64url').toString().split(/:(.*)/s) as [string, string];
  if (kind === 'task') return { key: null, id: Number(value) };
  const [, , key, id] = JSON.parse(value) as [string, string, string | null, number];
  return { key, id };
}

/** EXPLAIN ANALYZE of the app's own statement for the page after `cursor`. */
async function planOf(db: Kysely<Database>, userId: number, order: OrderCase, cursor: string | undefined): Promise<string[]> {
  const field = (order.sort?.replace(/^-/, '') ?? 'id') as TaskOrderField;
  const searchWords = order.q ? [order.q] : undefined;
  const compiled = pageQuery(db, userId, {
    filter: { searchWords },
    order: { field, descending: order.sort?.startsWith('-') ?? false },
    after: positionOf(cursor),
    limit: PAGE + 1,
  }).compile();
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${compiled.sql}`, [...compiled.parameters]),
  );
  return rows.map((row) => row['QUERY PLAN']);
}

export async function measureListOrders(app: AppProcess, databaseUrl: string): Promise<OrderResult[]> {
  const reader = await signup(app.url, 'bench_orders');
  const db = createDatabase({ url: databaseUrl, poolSize: 1, logger: pino({ level: 'silent' }), statementTimeoutMs: 0 });
  const results: OrderResult[] = [];
  try {
    const started = Date.now();
    const userId = await seed(db, reader.username, SCALE_TASKS);
    console.log(`orders: seeded ${SCALE_TASKS} tasks in ${Math.round((Date.now() - started) / 1000)} s`);
    for (const order of CASES) {
      const first = await latencies(app.url, reader.token, listPath(order, PAGE));
      const deep = await deepCursor(app.url, reader.token, order);
      const deepRead = await latencies(app.url, reader.token, listPath(order, PAGE, deep.cursor));
      const plan = await planOf(db, userId, order, deep.cursor);
      results.push({ name: order.name, firstP50: first.p50, firstP99: first.p99, deepPage: deep.page, deepP50: deepRead.p50, deepP99: deepRead.p99, plan });
      console.log(`orders: ${order.name}: page 1 p50 ${first.p50.toFixed(1)} ms, page ${deep.page} p50 ${deepRead.p50.toFixed(1)} ms`);
    }
  } finally {
    await db.destroy();
  }
  return results;
}

/** The results as BENCHMARKS.md shows them, and each deep page's plan. */
export function ordersTable(results: OrderResult[]): string {
  const ms = (value: number) => value.toFixed(1);
  const rows = results.map((r) => `| ${r.name} | ${ms(r.firstP50)} | ${ms(r.firstP99)} | ${r.deepPage} | ${ms(r.deepP50)} | ${ms(r.deepP99)} |`);
  const plans = results.map((r) => `${r.name} (page ${r.deepPage}):\n${r.plan.map((line) => `    ${line}`).join('\n')}`);
  return [
    `| ${SCALE_TASKS.toLocaleString('en-US')} tasks, REST, ${PAGE} a page | page 1 p50 ms | p99 | deep page | p50 ms | p99 |`,
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    ...plans,
  ].join('\n');
}
