import type { Kysely } from 'kysely';
import type { Database, Task } from '../db/database.types.js';
import type { TaskRepository } from '../db/task.repository.js';
import { AppError } from '../errors/app-error.js';
import type { AbuseGuard } from './abuse/abuse-guard.js';
import type { Caller } from './caller.js';
import { isStorableId } from './input-rules.js';
import { decodeTaskCursor, encodeTaskCursor } from './task-cursor.js';
import { createTaskSchema, listTasksSchema, updateTaskSchema } from './task.validation.js';
import { parseInput } from './validation.js';

export type { Task };

export interface TaskPage {
  tasks: Task[];
  /** Cursor of the last task on this page; null when the page is empty. */
  endCursor: string | null;
  hasMore: boolean;
  limit: number;
}

const taskNotFound = () => new AppError('NOT_FOUND', { message: 'No task found', reason: 'task not found' });

/** Tasks of one caller at a time: another user's task is indistinguishable from a missing one. */
export class TaskService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tasks: TaskRepository,
    private readonly quota: number,
    private readonly guard: AbuseGuard,
  ) {}

  async create(caller: Caller, input: unknown): Promise<Task> {
    await this.spendWrite(caller);
    const { title, description, completion, priority, dueDate } = parseInput(createTaskSchema, input);
    const task = await this.tasks.createWithinQuota(this.db, 
      { user_id: caller.userId, title, description, completion, priority, due_date: dueDate ?? null },
      this.quota,
    );
    if (!task) {
      throw new AppError('FORBIDDEN_ACCESS', { message: `Task limit reached (${this.quota})`, reason: 'task quota reached' });
    }
    return task;
  }

  async get(caller: Caller, id: number): Promise<Task> {
    await this.spendRead(caller);
    const task = isStorableId(id) ? await this.tasks.getById(this.db, caller.userId, id) : undefined;
    if (!task) throw taskNotFound();
    return task;
  }

  async list(caller: Caller, input: unknown): Promise<TaskPage> {
    await this.spendRead(caller);
    const { filter, limit, cursor } = parseInput(listTasksSchema, input);
    const afterId = cursor ? decodeTaskCursor(cursor) : undefined;
    // One extra row tells whether another page follows, without a COUNT.
    const rows = await this.tasks.list(this.db, caller.userId, {
      filter: {
        completion: filter.completion,
        title: filter.title,
        createdFrom: filter.createdAfter,
        createdUntil: filter.createdBefore,
      },
      afterId,
      limit: limit + 1,
    });
    const tasks = rows.slice(0, limit);
    const last = tasks.at(-1);
    return { tasks, endCursor: last ? encodeTaskCursor(last.id) : null, hasMore: rows.length > limit, limit };
  }

  async update(caller: Caller, id: number, input: unknown): Promise<Task> {
    await this.spendWrite(caller);
    const { dueDate, id: echoedId, createdAt, updatedAt, ...fields } = parseInput(updateTaskSchema, input);
    if (!isStorableId(id)) throw taskNotFound();
    if (echoedId !== undefined || createdAt !== undefined || updatedAt !== undefined) {
      await this.assertEchoesStored(caller, id, { id: echoedId, createdAt, updatedAt });
    }
    const changes = dueDate === undefined ? fields : { ...fields, due_date: dueDate };
    const task = await this.tasks.update(this.db, caller.userId, id, changes);
    if (!task) throw taskNotFound();
    return task;
  }

  /** Read-only fields sent back must be the stored ones (times to the second, as answers give them). */
  private async assertEchoesStored(caller: Caller, id: number, echoed: { id: unknown; createdAt: unknown; updatedAt: unknown }): Promise<void> {
    const stored = await this.tasks.getById(this.db, caller.userId, id);
    if (!stored) throw taskNotFound();
    const sameSecond = (given: unknown, at: Date) =>
      typeof given === 'string' && Math.floor(Date.parse(given) / 1000) === Math.floor(at.getTime() / 1000);
    const differs: Record<string, string[]> = {};
    const readOnly = ['is read-only: send the stored value, or leave it out'];
    if (echoed.id !== undefined && echoed.id !== stored.id) differs.id = readOnly;
    if (echoed.createdAt !== undefined && !sameSecond(echoed.createdAt, stored.created_at)) differs.createdAt = readOnly;
    if (echoed.updatedAt !== undefined && !sameSecond(echoed.updatedAt, stored.updated_at)) differs.updatedAt = readOnly;
    if (Object.keys(differs).length > 0) {
      throw new AppError('BAD_REQUEST', { message: 'Read-only fields differ from the stored task', reason: 'read-only field changed', details: differs });
    }
  }

  async delete(caller: Caller, id: number): Promise<void> {
    await this.spendWrite(caller);
    if (!isStorableId(id) || !(await this.tasks.delete(this.db, caller.userId, id))) throw taskNotFound();
  }

  /** Deletes every task of the caller; the ids that went (none is fine). */
  async deleteAll(caller: Caller): Promise<number[]> {
    await this.spendWrite(caller);
    return this.tasks.deleteAll(this.db, caller.userId);
  }

  private async spendRead(caller: Caller): Promise<void> {
    await this.guard.consume(caller.ip, ['taskReads', caller.userId]);
  }

  private async spendWrite(caller: Caller): Promise<void> {
    await this.guard.consume(caller.ip, ['taskWrites', caller.userId]);
  }
}
