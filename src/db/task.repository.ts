import { sql, type Kysely } from 'kysely';
import type { Database, NewTask, Task, TaskPriority, TaskUpdate } from './database.types.js';

/** Filters a list of one owner's tasks; every bound is optional. */
export interface TaskFilter {
  completion?: boolean;
  title?: string;
  /** created_at >= this */
  createdFrom?: Date;
  /** created_at < this */
  createdUntil?: Date;
}

export interface TaskPageQuery {
  filter: TaskFilter;
  /** Keyset position: only tasks with a greater id. */
  afterId?: number;
  limit: number;
}

// Every column but the owner: callers already know whose tasks they asked for.
const TASK_COLUMNS = [
  'id',
  'title',
  'description',
  'completion',
  'priority',
  'due_date',
  'created_at',
  'updated_at',
] as const;

/** Every method takes the owner: no query here can reach another user's tasks. */
export class TaskRepository {
  constructor(private readonly db: Kysely<Database>) {}

  getById(userId: number, id: number): Promise<Task | undefined> {
    return this.db
      .selectFrom('tasks')
      .select(TASK_COLUMNS)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** One keyset page in id order; the (user_id, id) index makes its cost independent of depth. */
  list(userId: number, { filter, afterId, limit }: TaskPageQuery): Promise<Task[]> {
    let query = this.db.selectFrom('tasks').select(TASK_COLUMNS).where('user_id', '=', userId);
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    if (filter.completion !== undefined) query = query.where('completion', '=', filter.completion);
    if (filter.title !== undefined) query = query.where('title', '=', filter.title);
    if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
    if (filter.createdUntil) query = query.where('created_at', '<', filter.createdUntil);
    return query.orderBy('id').limit(limit).execute();
  }

  /** How many tasks the owner has, counting no further than `cap` (the quota). */
  async countUpTo(userId: number, cap: number): Promise<number> {
    const row = await this.db
      .selectFrom((eb) => eb.selectFrom('tasks').select('id').where('user_id', '=', userId).limit(cap).as('capped'))
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  create(task: NewTask): Promise<Task> {
    return this.db.insertInto('tasks').values(task).returning(TASK_COLUMNS).executeTakeFirstOrThrow();
  }

  update(userId: number, id: number, changes: Omit<TaskUpdate, 'updated_at'>): Promise<Task | undefined> {
    return this.db
      .updateTable('tasks')
      .set({ ...changes, updated_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .returning(TASK_COLUMNS)
      .executeTakeFirst();
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('tasks').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteAll(userId: number): Promise<number> {
    const result = await this.db.deleteFrom('tasks').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

export type { Task, TaskPriority };
