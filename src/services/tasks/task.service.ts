import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, ProjectRole, Task } from '../../db/database.types.js';
import type { IdempotencyKeyRepository } from '../../db/repositories/idempotency-key.repository.js';
import type {
  NewProjectTaskValues,
  NewTaskValues,
  SortedTask,
  TaskChanges,
  TaskListFilter,
  TaskOrder,
  TaskRepository,
} from '../../db/repositories/task.repository.js';
import { isDataException } from '../../db/database-errors.js';
import { AppError } from '../../errors/app-error.js';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { BackgroundWork } from '../background-work.js';
import type { Caller } from '../caller.js';
import { isStorableId } from '../input-rules.js';
import type { Page } from '../page.js';
import { projectNotFound } from '../projects/project-errors.js';
import { decodeTaskCursor, encodeTaskCursor, filterFingerprint, invalidCursor, type ListWalk } from './task-cursor.js';
import type { Clock } from '../clock.js';
import { createTaskSchema, idempotencyKeySchema, listTasksSchema, TASK_PRIORITIES, updateTaskSchema } from './task.validation.js';
import { parseInput } from '../validation.js';

export type { Task };

export interface TaskPage extends Page<SortedTask> {
  tasks: SortedTask[];
  limit: number;
  /** How many tasks the filter matches in all; only when asked. */
  totalCount?: number;
}

const taskNotFound = () => new AppError('NOT_FOUND', { message: 'No task found', reason: 'task not found' });
const quotaReached = (quota: number, of?: 'project') =>
  new AppError('FORBIDDEN_ACCESS', { message: `${of ? 'Project task' : 'Task'} limit reached (${quota})`, reason: 'task quota reached' });
const versionMismatch = (current: Task) =>
  new AppError('PRECONDITION_FAILED', {
    message: `The task changed since you read it: it is at version ${current.version}`,
    reason: 'version mismatch',
    details: { version: [`is ${current.version}`] },
    current,
  });

/**
 * A write's condition: go ahead only while the task is at one of these versions (REST's
 * If-Match, GraphQL's expectedVersion). None: write whatever the version.
 */
export type ExpectedVersions = readonly number[] | undefined;

/** A create's result, and whether it is the stored answer to an earlier request with the same key. */
export interface CreatedTask {
  task: Task;
  replayed: boolean;
}

/** How long an idempotency key is remembered (Stripe's 24 hours). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
/** Keys swept per call of `pruneIdempotencyKeys`. */
const PRUNE_BATCH = 10_000;

export interface TaskServiceDependencies {
  db: Kysely<Database>;
  tasks: TaskRepository;
  idempotencyKeys: IdempotencyKeyRepository;
  guard: AbuseGuard;
  clock: Clock;
  /** Tells subscribers on every instance that a user's tasks changed; called once a write has committed. */
  announceChange: (userId: number) => Promise<void>;
  /** The same for every member of a project. */
  announceProjectChange: (projectId: number) => Promise<void>;
  /** A caller's role in a project: what tells a non-member (NOT_FOUND) from a viewer (FORBIDDEN_ACCESS). */
  roleOf: (userId: number, projectId: number) => Promise<ProjectRole | undefined>;
  background: BackgroundWork;
}

export interface TaskQuotas {
  /** Tasks a user may hold in their own list. */
  personal: number;
  /** Tasks a project may hold. */
  project: number;
}

const viewerCannotWrite = () => new AppError('FORBIDDEN_ACCESS', { message: "A project's viewers cannot change its tasks", reason: 'read-only project role' });
const assigneeNotMember = () =>
  new AppError('BAD_REQUEST', {
    message: "The assignee must be a member of the task's project",
    reason: 'assignee not a member',
    details: { assigneeId: ["must be a member of the task's project"] },
  });

/**
 * Tasks a caller can reach: their own, and those of the projects they are a member of
 * (to change them, as an owner or an editor). Anyone else's task is indistinguishable from a
 * missing one; a viewer's write is FORBIDDEN_ACCESS.
 */
export class TaskService {
  constructor(
    private readonly deps: TaskServiceDependencies,
    private readonly quotas: TaskQuotas,
  ) {}

  /**
   * Creates a task. With an idempotency `key` the create is safe to retry: the first request
   * with it creates the task, and a repeat (same user, same key, within 24 hours) gets that
   * task back without creating another. The key is stored in the create's own transaction,
   * so a crash between commit and answer leaves both or neither. A repeat with another body
   * is UNPROCESSABLE_CONTENT; one arriving while the first still runs is CONFLICT.
   */
  async create(caller: Caller, input: unknown, key?: unknown): Promise<CreatedTask> {
    await this.spendWrite(caller);
    const created = await this.createOnce(caller, input, key);
    if (!created.replayed) this.announce(caller, created.task);
    return created;
  }

  private async createOnce(caller: Caller, input: unknown, key: unknown): Promise<CreatedTask> {
    if (key === undefined || key === null) return { task: await this.insert(this.deps.db, caller, this.newTask(input)), replayed: false };
    const { idempotencyKey } = parseInput(idempotencyKeySchema, { idempotencyKey: key });
    const values = this.newTask(input);
    const requestHash = createHash('sha256').update(JSON.stringify(values)).digest();
    const { idempotencyKeys, clock } = this.deps;
    return this.deps.db.transaction().execute(async (trx) => {
      if (!(await idempotencyKeys.tryLock(trx, caller.userId, idempotencyKey))) {
        throw new AppError('CONFLICT', { message: 'A request with this Idempotency-Key is still in progress; retry later', reason: 'idempotency key in use' });
      }
      const now = clock.now();
      const used = await idempotencyKeys.find(trx, caller.userId, idempotencyKey);
      if (used && now.getTime() - used.createdAt.getTime() < IDEMPOTENCY_KEY_TTL_MS) {
        if (!used.requestHash.equals(requestHash)) {
          throw new AppError('UNPROCESSABLE_CONTENT', {
            message: 'This Idempotency-Key was used with another request',
            reason: 'idempotency key reused',
          });
        }
        return { task: used.result, replayed: true };
      }
      const task = await this.insert(trx, caller, values);
      await idempotencyKeys.record(trx, caller.userId, idempotencyKey, requestHash, task, now);
      return { task, replayed: false };
    });
  }

  /** Forgets idempotency keys older than 24 hours, a batch at a time (called periodically). */
  pruneIdempotencyKeys(): Promise<number> {
    return this.deps.idempotencyKeys.prune(this.deps.db, new Date(this.deps.clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS), PRUNE_BATCH);
  }

  private newTask(input: unknown): NewTaskValues | NewProjectTaskValues {
    const { title, description, completion, priority, dueDate, projectId, assigneeId } = parseInput(createTaskSchema, input);
    const values = { title, description, completion, priority, due_date: dueDate ?? null };
    if (projectId === undefined || projectId === null) {
      if (assigneeId !== undefined && assigneeId !== null) throw assigneeNotMember();
      return values;
    }
    return { ...values, project_id: projectId, assignee_id: assigneeId ?? null };
  }

  private async insert(db: Kysely<Database>, caller: Caller, values: NewTaskValues | NewProjectTaskValues): Promise<Task> {
    if (!('project_id' in values)) {
      const task = await this.deps.tasks.createWithinQuota(db, caller.userId, values, this.quotas.personal);
      if (!task) throw quotaReached(this.quotas.personal);
      return task;
    }
    const task = await this.deps.tasks.createInProject(db, caller.userId, values, this.quotas.project);
    if (task) return task;
    // Nothing was written: say why, from what is true now.
    const role = await this.deps.roleOf(caller.userId, values.project_id);
    if (!role) throw projectNotFound();
    if (role === 'viewer') throw viewerCannotWrite();
    if (values.assignee_id !== null && !(await this.deps.roleOf(values.assignee_id, values.project_id))) throw assigneeNotMember();
    throw quotaReached(this.quotas.project, 'project');
  }

  async get(caller: Caller, id: number): Promise<Task> {
    await this.spendRead(caller);
    const task = isStorableId(id) ? await this.deps.tasks.getById(this.deps.db, caller.userId, id) : undefined;
    if (!task) throw taskNotFound();
    return task;
  }

  async list(caller: Caller, input: unknown): Promise<TaskPage> {
    await this.spendRead(caller);
    const { filter: given, orderBy, limit, cursor, projectId, withTotalCount } = parseInput(listTasksSchema, input);
    const filter: TaskListFilter = {
      completion: given.completion,
      title: given.title,
      createdFrom: given.createdAfter,
      createdUntil: given.createdBefore,
      // In one order, so the same set is the same filter to a cursor.
      priorities: given.priority && TASK_PRIORITIES.filter((priority) => given.priority?.includes(priority)),
      dueFrom: given.dueAfter,
      dueUntil: given.dueBefore,
      overdue: given.overdue,
      hasDueDate: given.hasDueDate,
      updatedFrom: given.updatedAfter,
      assigneeId: given.assigneeId,
      searchWords: given.search,
    };
    const project = projectId ?? undefined;
    const order: TaskOrder = { field: orderBy.field, descending: orderBy.direction === 'desc' };
    const walk: ListWalk = { order: `${order.descending ? '-' : ''}${order.field}`, filter: filterFingerprint({ project, ...filter }) };
    const after = cursor ? decodeTaskCursor(cursor, walk) : undefined;
    // One extra row tells whether another page follows, without a COUNT.
    const rows = await this.deps.tasks
      .list(this.deps.db, caller.userId, { filter, projectId: project, order, after, limit: limit + 1 })
      .catch((error: unknown) => {
        // A sort key PostgreSQL cannot read back can only come from an edited cursor.
        throw after && isDataException(error) ? invalidCursor() : error;
      });
    // The page's own statement read only if the caller is a member; none read says nothing, so ask.
    if (rows.length === 0 && project && !(await this.deps.roleOf(caller.userId, project))) throw projectNotFound();
    const tasks = rows.slice(0, limit);
    const last = tasks.at(-1);
    const totalCount = withTotalCount ? await this.deps.tasks.count(this.deps.db, caller.userId, filter, project) : undefined;
    return {
      tasks,
      cursorOf: (task) => encodeTaskCursor(walk, task),
      endCursor: last ? encodeTaskCursor(walk, last) : null,
      hasMore: rows.length > limit,
      limit,
      totalCount,
    };
  }

  async update(caller: Caller, id: number, input: unknown, expected?: ExpectedVersions): Promise<Task> {
    await this.spendWrite(caller);
    const { dueDate, assigneeId, id: echoedId, createdAt, updatedAt, version, ...fields } = parseInput(updateTaskSchema, input);
    if (!isStorableId(id)) throw taskNotFound();
    if (echoedId !== undefined || createdAt !== undefined || updatedAt !== undefined) {
      await this.assertEchoesStored(caller, id, { id: echoedId, createdAt, updatedAt }, version);
    }
    // The version sent back, as a precondition; with If-Match as well, both must hold.
    if (version !== undefined && expected !== undefined && !expected.includes(version)) throw await this.whyNotWritten(caller, id, expected);
    const changes: TaskChanges = { ...fields, due_date: dueDate, assignee_id: assigneeId };
    const versions = version === undefined ? expected : [version];
    const task = await this.deps.tasks.update(this.deps.db, caller.userId, id, changes, versions);
    if (!task) throw await this.whyNotWritten(caller, id, versions, assigneeId);
    this.announce(caller, task);
    return task;
  }

  /**
   * A write that changed nothing, explained from what is true now: the task is not there for
   * the caller, they may only read it, the assignee is no member, or it is at another version.
   */
  private async whyNotWritten(caller: Caller, id: number, versions: ExpectedVersions, assigneeId?: number | null): Promise<AppError> {
    const access = await this.deps.tasks.access(this.deps.db, caller.userId, id);
    if (!access) return taskNotFound();
    if (!access.writable) return viewerCannotWrite();
    if (versions && !versions.includes(access.task.version)) return versionMismatch(access.task);
    if (assigneeId !== undefined && assigneeId !== null) return assigneeNotMember();
    return versionMismatch(access.task);
  }

  /** Read-only fields sent back must be the stored ones (times to the second, as answers give them). */
  private async assertEchoesStored(
    caller: Caller,
    id: number,
    echoed: { id: unknown; createdAt: unknown; updatedAt: unknown },
    version: number | undefined,
  ): Promise<void> {
    const stored = await this.deps.tasks.getById(this.deps.db, caller.userId, id);
    if (!stored) throw taskNotFound();
    // A stale copy sent back whole: its version says so first (412 with the task as it is
    // now), before its older updated_at would be refused as a changed read-only field.
    if (version !== undefined && version !== stored.version) throw versionMismatch(stored);
    const sameSecond = (given: unknown, at: Date) => typeof given === 'string' && Math.floor(Date.parse(given) / 1000) === Math.floor(at.getTime() / 1000);
    const differs: Record<string, string[]> = {};
    const readOnly = ['is read-only: send the stored value, or leave it out'];
    if (echoed.id !== undefined && echoed.id !== stored.id) differs.id = readOnly;
    if (echoed.createdAt !== undefined && !sameSecond(echoed.createdAt, stored.created_at)) differs.createdAt = readOnly;
    if (echoed.updatedAt !== undefined && !sameSecond(echoed.updatedAt, stored.updated_at)) differs.updatedAt = readOnly;
    if (Object.keys(differs).length > 0) {
      throw new AppError('BAD_REQUEST', { message: 'Read-only fields differ from the stored task', reason: 'read-only field changed', details: differs });
    }
  }

  async delete(caller: Caller, id: number, expected?: ExpectedVersions): Promise<void> {
    await this.spendWrite(caller);
    if (!isStorableId(id)) throw taskNotFound();
    const deleted = await this.deps.tasks.delete(this.deps.db, caller.userId, id, expected);
    if (!deleted) throw await this.whyNotWritten(caller, id, expected);
    this.announce(caller, deleted);
  }

  /** Deletes every task of the caller; the ids that went (none is fine). */
  async deleteAll(caller: Caller): Promise<number[]> {
    await this.spendWrite(caller);
    const ids = await this.deps.tasks.deleteAll(this.deps.db, caller.userId);
    if (ids.length > 0) this.announce(caller, { project_id: null });
    return ids;
  }

  /** The subscribers of whoever reads the task's changes hear of a committed write, while its answer goes out. */
  private announce(caller: Caller, task: { project_id: number | null }): void {
    const announced = task.project_id === null ? this.deps.announceChange(caller.userId) : this.deps.announceProjectChange(task.project_id);
    this.deps.background.track('announcing a task change', announced);
  }

  private async spendRead(caller: Caller): Promise<void> {
    await this.deps.guard.consume(caller.ip, ['taskReads', caller.userId]);
  }

  private async spendWrite(caller: Caller): Promise<void> {
    await this.deps.guard.consume(caller.ip, ['taskWrites', caller.userId]);
  }
}
