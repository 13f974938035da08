import { type Compilable, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { CompiledOnce } from '../compiled-once.js';
import { MAX_ID, type Database, type Task, type TaskPriority } from '../database.types.js';
import { isMember } from './project-access.js';

/** The reads of task lists: their scope, keyset pages and filters (TaskRepository runs them). */

/** Filters a list of tasks; every condition is optional, and all given must hold. */
export interface TaskListFilter {
  completion?: boolean;
  title?: string;
  /** created_at >= this */
  createdFrom?: Date;
  /** created_at < this */
  createdUntil?: Date;
  /** Any of these priorities. */
  priorities?: readonly TaskPriority[];
  /** due_date >= this */
  dueFrom?: Date;
  /** due_date < this */
  dueUntil?: Date;
  /** Past due and not done (true), or anything else (false). */
  overdue?: boolean;
  hasDueDate?: boolean;
  /** updated_at >= this */
  updatedFrom?: Date;
  /** A project's tasks assigned to this member. */
  assigneeId?: number;
  /** Words of a full-text search, each matched as a prefix of a word of the title or description (after stemming). */
  searchWords?: readonly string[];
}

/** The orders a list can be read in; `id` is creation order, the compiled pages' own. */
export const TASK_ORDER_FIELDS = ['id', 'created_at', 'updated_at', 'due_date', 'priority', 'title', 'relevance'] as const;
export type TaskOrderField = (typeof TASK_ORDER_FIELDS)[number];

export interface TaskOrder {
  field: TaskOrderField;
  descending: boolean;
}

/**
 * Where a page starts: after the task with this id and sort key (as PostgreSQL writes the key
 * as text, so a timestamp keeps its microseconds; null in id order).
 */
export interface PagePosition {
  key: string | null;
  id: number;
}

/** A task read in an order other than id's, with its sort key (what its cursor holds). */
export type SortedTask = Task & { sort_key?: string };

/** The filters the compiled pages take (each combination compiled once); any other is built per request. */
export const COMPILED_FILTERS = ['completion', 'title', 'createdFrom', 'createdUntil'] as const;

export interface TaskPageQuery {
  filter: TaskListFilter;
  /** A project's tasks (the caller must be a member), instead of the caller's own. */
  projectId?: number;
  order: TaskOrder;
  /** Keyset position: only tasks after this one in `order`. */
  after?: PagePosition;
  limit: number;
}

// Every column but the owner: callers already know whose tasks they asked for.
export const TASK_COLUMNS = [
  'id',
  'title',
  'description',
  'completion',
  'priority',
  'due_date',
  'version',
  'created_at',
  'updated_at',
  'project_id',
  'assignee_id',
] as const;

export type PageValues = [
  userId: number,
  projectId: number,
  afterId: number,
  limit: number,
  completion: boolean,
  title: string,
  createdFrom: Date,
  createdUntil: Date,
];
export type PageShape = Record<(typeof COMPILED_FILTERS)[number] | 'project', boolean>;
export const EPOCH = new Date(0);

/**
 * The tasks a page or a count reads: the caller's own, or a project's they are a member of.
 * `project_id is not null` names the project index's predicate: PostgreSQL does not infer it
 * from the row comparison of a page, and scanned the table instead.
 */
export function scope(db: Kysely<Database>, userId: number, projectId: number | undefined) {
  const tasks = db.selectFrom('tasks');
  return projectId === undefined
    ? tasks.where('user_id', '=', userId)
    : tasks
        .where('project_id', 'is not', null)
        .where('project_id', '=', projectId)
        .where((eb) => isMember(eb, eb.val(projectId), userId));
}

// A timestamp as PostgreSQL writes it (or `infinity`): a sort key read back from a cursor must
// look so, or it was edited (PostgreSQL would read words such as `tomorrow` as a time).
const TIMESTAMP = /^(infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2})$/;

/**
 * Each order's sort key: its expression (those the order indexes are built on, in the
 * migration add-task-search-and-orders), its type, and what its text looks like. Tasks
 * without a due date sort as if due at the end of time: last ascending, first descending.
 */
const SORT_KEYS: Record<Exclude<TaskOrderField, 'id' | 'relevance'>, { key: RawBuilder<unknown>; type: string; form: RegExp }> = {
  created_at: { key: sql`"created_at"`, type: 'timestamptz', form: TIMESTAMP },
  updated_at: { key: sql`"updated_at"`, type: 'timestamptz', form: TIMESTAMP },
  due_date: { key: sql`coalesce("due_date", 'infinity'::timestamptz)`, type: 'timestamptz', form: TIMESTAMP },
  priority: { key: sql`"priority"`, type: 'task_priority', form: /^(low|medium|high)$/ },
  title: { key: sql`lower("title")`, type: 'text', form: /^[\s\S]{0,256}$/ },
};
const RELEVANCE_FORM = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/;

/** Whether `key` can be a sort key of `field` as a page hands it out (none in id order). */
export function isSortKey(field: TaskOrderField, key: string | null): boolean {
  if (field === 'id') return key === null;
  const form = field === 'relevance' ? RELEVANCE_FORM : SORT_KEYS[field].form;
  return key !== null && form.test(key);
}

/** The search's words as a query: each a prefix (`plan:*`), all required; stemmed in the database's search language. */
const searchQuery = (words: readonly string[]) => sql`to_tsquery(task_search_language(), ${words.map((word) => `${word}:*`).join(' & ')})`;

function sortKey(field: Exclude<TaskOrderField, 'id'>, searchWords: readonly string[] | undefined) {
  if (field !== 'relevance') return SORT_KEYS[field];
  // Best first when ascending, as the other orders read; no index: every match is ranked, on
  // every page (the service requires a search).
  return { key: sql`(-ts_rank("search", ${searchQuery(searchWords ?? [])}))`, type: 'real' };
}

/**
 * One keyset page in an order other than id's: a range of that order's index, (project_id,
 * user_id, key, id), whose first two columns pin the scope (a personal task has no project, a
 * project's task no user), so a deep page costs what the first costs. Ties on the key go by id.
 */
export function sortedPage(
  db: Kysely<Database>,
  userId: number,
  projectId: number | undefined,
  order: TaskOrder & { field: Exclude<TaskOrderField, 'id'> },
  after: PagePosition | undefined,
  limit: number,
  searchWords: readonly string[] | undefined,
) {
  const { key, type } = sortKey(order.field, searchWords);
  const direction = order.descending ? 'desc' : 'asc';
  const tasks = db.selectFrom('tasks').select(TASK_COLUMNS).select(sql<string>`${key}::text`.as('sort_key'));
  let query =
    projectId === undefined
      ? tasks.where('project_id', 'is', null).where('user_id', '=', userId)
      : tasks
          .where('project_id', '=', projectId)
          .where('user_id', 'is', null)
          .where((eb) => isMember(eb, eb.val(projectId), userId));
  if (after) {
    const beyond = sql.raw(order.descending ? '<' : '>');
    query = query.where(sql<boolean>`(${key}, "id") ${beyond} (${after.key}::${sql.raw(type)}, ${after.id}::integer)`);
  }
  return query.orderBy('project_id', direction).orderBy('user_id', direction).orderBy(key, direction).orderBy('id', direction).limit(limit);
}

/**
 * One keyset page in id order: a pure range of (user_id, id), or of (project_id, id), so its
 * cost does not grow with depth or with how many tasks anyone has. The two row bounds pin the
 * owner exactly; written with `user_id = $1`, PostgreSQL either walks the primary key
 * filtering by owner (slow for an owner of most rows) or starts at the owner's first entry
 * instead of at the cursor (slow for deep pages); BENCHMARKS.md has the timings at a million
 * tasks. Descending, the same range is read backwards from the task before `afterId`.
 */
export function page(db: Kysely<Database>, userId: number, projectId: number | undefined, afterId: number | undefined, limit: number, descending = false) {
  const owner = projectId === undefined ? 'user_id' : 'project_id';
  const ownerId = projectId ?? userId;
  const tasks = db.selectFrom('tasks').select(TASK_COLUMNS);
  const scoped = projectId === undefined ? tasks : tasks.where('project_id', 'is not', null).where((eb) => isMember(eb, eb.val(projectId), userId));
  const range = (beyond: '>' | '<' | '<=', id: number) => (eb: ExpressionBuilder<Database, 'tasks'>) =>
    eb(eb.refTuple(owner, 'id'), beyond, eb.tuple(ownerId, id));
  // Ascending as it always was, to the byte: the bench's ceiling prepares the same text.
  return descending
    ? scoped
        .where(afterId === undefined ? range('<=', MAX_ID) : range('<', afterId))
        .where(range('>', 0))
        .orderBy(owner, 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
    : scoped
        .where(range('>', afterId ?? 0))
        .where(range('<=', MAX_ID))
        .orderBy(owner)
        .orderBy('id')
        .limit(limit);
}

/**
 * A page's statement as Kysely builds it, for any order and filter (what the compiled pages
 * compile for theirs; the bench explains it).
 */
export function pageQuery(
  db: Kysely<Database>,
  userId: number,
  { filter, projectId, order, after, limit }: TaskPageQuery,
): Compilable<SortedTask> & { execute(): Promise<SortedTask[]> } {
  const { field, descending } = order;
  if (field !== 'id') return filtered(sortedPage(db, userId, projectId, { field, descending }, after, limit, filter.searchWords), filter);
  return filtered(page(db, userId, projectId, after?.id, limit, descending), filter);
}

/** Adds the conditions of `filter` (each field given adds one) to a read of tasks. */
export function filtered<O>(query: SelectQueryBuilder<Database, 'tasks', O>, filter: TaskListFilter): SelectQueryBuilder<Database, 'tasks', O> {
  const { completion, title, createdFrom, createdUntil, priorities, dueFrom, dueUntil, overdue, hasDueDate, updatedFrom, assigneeId, searchWords } = filter;
  if (completion !== undefined) query = query.where('completion', '=', completion);
  if (title !== undefined) query = query.where('title', '=', title);
  if (createdFrom !== undefined) query = query.where('created_at', '>=', createdFrom);
  if (createdUntil !== undefined) query = query.where('created_at', '<', createdUntil);
  if (priorities !== undefined) query = query.where(sql<boolean>`"priority" = any(${priorities}::task_priority[])`);
  if (dueFrom !== undefined) query = query.where('due_date', '>=', dueFrom);
  if (dueUntil !== undefined) query = query.where('due_date', '<', dueUntil);
  const isOverdue = sql<boolean>`("due_date" < now() and not "completion")`;
  if (overdue !== undefined) query = query.where(overdue ? isOverdue : sql<boolean>`not coalesce(${isOverdue}, false)`);
  if (hasDueDate !== undefined) query = query.where('due_date', hasDueDate ? 'is not' : 'is', null);
  if (updatedFrom !== undefined) query = query.where('updated_at', '>=', updatedFrom);
  if (assigneeId !== undefined) query = query.where('assignee_id', '=', assigneeId);
  if (searchWords !== undefined) query = query.where(sql<boolean>`"search" @@ ${searchQuery(searchWords)}`);
  return query;
}

/** The page with the compiled filters `shape` sets; the values come at each run. */
export function compilePage(db: Kysely<Database>, shape: PageShape): CompiledOnce<PageValues, Task> {
  return new CompiledOnce(
    db,
    (db, userId: number, projectId: number, afterId: number, limit: number, completion: boolean, title: string, createdFrom: Date, createdUntil: Date) =>
      filtered(page(db, userId, shape.project ? projectId : undefined, afterId, limit), {
        completion: shape.completion ? completion : undefined,
        title: shape.title ? title : undefined,
        createdFrom: shape.createdFrom ? createdFrom : undefined,
        createdUntil: shape.createdUntil ? createdUntil : undefined,
      }),
  );
}
