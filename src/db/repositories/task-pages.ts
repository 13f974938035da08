import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
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
}

/** The filters the compiled pages take (each combination compiled once); any other is built per request. */
export const COMPILED_FILTERS = ['completion', 'title', 'createdFrom', 'createdUntil'] as const;

export interface TaskPageQuery {
  filter: TaskListFilter;
  /** A project's tasks (the caller must be a member), instead of the caller's own. */
  projectId?: number;
  /** Keyset position: only tasks with a greater id. */
  afterId?: number;
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

/**
 * One keyset page in id order: a pure range of (user_id, id), or of (project_id, id), so its
 * cost does not grow with depth or with how many tasks anyone has. The two row bounds pin the
 * owner exactly; written with `user_id = $1`, PostgreSQL either walks the primary key
 * filtering by owner (slow for an owner of most rows) or starts at the owner's first entry
 * instead of at the cursor (slow for deep pages); BENCHMARKS.md has the timings at a million tasks.
 */
export function page(db: Kysely<Database>, userId: number, projectId: number | undefined, afterId: number, limit: number) {
  const owner = projectId === undefined ? 'user_id' : 'project_id';
  const ownerId = projectId ?? userId;
  const tasks = db.selectFrom('tasks').select(TASK_COLUMNS);
  const scoped = projectId === undefined ? tasks : tasks.where('project_id', 'is not', null).where((eb) => isMember(eb, eb.val(projectId), userId));
  return scoped
    .where((eb) => eb(eb.refTuple(owner, 'id'), '>', eb.tuple(ownerId, afterId)))
    .where((eb) => eb(eb.refTuple(owner, 'id'), '<=', eb.tuple(ownerId, MAX_ID)))
    .orderBy(owner)
    .orderBy('id')
    .limit(limit);
}

/** Adds the conditions of `filter` (each field given adds one) to a read of tasks. */
export function filtered<O>(query: SelectQueryBuilder<Database, 'tasks', O>, filter: TaskListFilter): SelectQueryBuilder<Database, 'tasks', O> {
  const { completion, title, createdFrom, createdUntil, priorities, dueFrom, dueUntil, overdue, hasDueDate, updatedFrom, assigneeId } = filter;
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
