import { type Expression, type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { CompiledOnce } from '../compiled-once.js';
import type { Database, NewTask, Task, TaskChangeKind, TaskPriority, TaskUpdate } from '../database.types.js';
import { isMember, isWriter } from './project-access.js';
import {
  COMPILED_FILTERS,
  compilePage,
  EPOCH,
  filtered,
  type PageShape,
  pageQuery,
  type PageValues,
  scope,
  type SortedTask,
  TASK_COLUMNS,
  type TaskListFilter,
  type TaskPageQuery,
} from './task-pages.js';

export { isSortKey, TASK_ORDER_FIELDS } from './task-pages.js';
export type { PagePosition, SortedTask, TaskListFilter, TaskOrder, TaskOrderField, TaskPageQuery } from './task-pages.js';

/** A new task with every value given (the insert selects them, so column defaults do not apply). */
export type NewTaskValues = Required<Pick<NewTask, 'title' | 'description' | 'completion' | 'priority' | 'due_date'>>;

/** A new task of a project, created by a member who may write there, assigned to a member or to no one. */
export type NewProjectTaskValues = NewTaskValues & { project_id: number; assignee_id: number | null };

// Raw statements as common table expressions go in parentheses of their own: Kysely adds
// them only around the queries it builds.
/**
 * Appends the change of `kind` for the task in `written` (one row or none), a part of the
 * write's own statement; its place in the feed (the transaction's id and the next number)
 * comes from the columns' defaults. (PostgreSQL runs a data-modifying common table
 * expression to the end whether or not it is read.)
 */
const appendChange = (userId: number, kind: TaskChangeKind) => () =>
  sql<
    Record<string, never>
  >`(insert into "task_changes" ("user_id", "task_id", "kind", "version") select ${userId}::integer, "written"."id", ${sql.lit(kind)}, "written"."version" from "written")`;

/** The same for a write to a project's task: its project's feed, read by every member (see TaskChangeRepository). */
const appendProjectChange = (kind: TaskChangeKind) => () =>
  sql<Record<string, never>>`(insert into "project_changes" ("project_id", "task_id", "kind", "version")
    select "written"."project_id", "written"."id", ${sql.lit(kind)}, "written"."version" from "written" where "written"."project_id" is not null)`;

/** The columns an update may set. */
const CHANGEABLE = ['title', 'description', 'completion', 'priority', 'due_date', 'assignee_id'] as const;
export type TaskChanges = Partial<Pick<TaskUpdate, (typeof CHANGEABLE)[number]>>;

type CreateValues = [userId: number, quota: number, title: string, description: string, completion: boolean, priority: TaskPriority, dueDate: Date | null];
type ProjectCreateValues = [...CreateValues, projectId: number, assigneeId: number | null];
type UpdateValues = [userId: number, id: number, versions: readonly number[], ...ChangeValues];
type ChangeValues = [title?: string, description?: string, completion?: boolean, priority?: TaskPriority, dueDate?: Date | null, assigneeId?: number | null];
type DeleteValues = [userId: number, id: number, versions: readonly number[]];
/** A task deleted, and the project it was in (null for a personal one). */
export type DeletedTask = { id: number; project_id: number | null };

function compileCreate(db: Kysely<Database>): CompiledOnce<CreateValues, Task> {
  return new CompiledOnce(
    db,
    (db, userId: number, quota: number, title: string, description: string, completion: boolean, priority: TaskPriority, dueDate: Date | null) =>
      db
        .with('bumped', (db) =>
          db
            .updateTable('users')
            .set((eb) => ({ task_count: eb('task_count', '+', 1) }))
            .where('id', '=', userId)
            .where('task_count', '<', quota)
            .returning('id'),
        )
        .with('written', (db) =>
          db
            .insertInto('tasks')
            .columns(['user_id', 'title', 'description', 'completion', 'priority', 'due_date'])
            .expression((eb) =>
              eb
                .selectFrom('bumped')
                .select([
                  'bumped.id',
                  eb.val(title).as('title'),
                  eb.val(description).as('description'),
                  eb.val(completion).as('completion'),
                  sql<TaskPriority>`${priority}::task_priority`.as('priority'),
                  sql<Date | null>`${dueDate}::timestamptz`.as('due_date'),
                ]),
            )
            .returning(TASK_COLUMNS),
        )
        .with('logged', appendChange(userId, 'created'))
        .selectFrom('written')
        .select(TASK_COLUMNS),
  );
}

/**
 * A create in a project: its counter goes up (under the project row's lock) only while it
 * holds fewer than `quota` tasks, the creator may write there and the assignee, if any, is a
 * member; then the row goes in and its change is appended to the project's feed.
 */
function compileCreateInProject(db: Kysely<Database>): CompiledOnce<ProjectCreateValues, Task> {
  return new CompiledOnce(
    db,
    (
      db,
      userId: number,
      quota: number,
      title: string,
      description: string,
      completion: boolean,
      priority: TaskPriority,
      dueDate: Date | null,
      projectId: number,
      assigneeId: number | null,
    ) =>
      db
        .with('bumped', (db) =>
          db
            .updateTable('projects')
            .set((eb) => ({ task_count: eb('task_count', '+', 1) }))
            .where('id', '=', projectId)
            .where('task_count', '<', quota)
            .where((eb) => isWriter(eb, eb.ref('projects.id'), userId))
            .where((eb) => assigneeMayBe(eb, eb.ref('projects.id'), assigneeId))
            .returning('id'),
        )
        .with('written', (db) =>
          db
            .insertInto('tasks')
            .columns(['project_id', 'assignee_id', 'title', 'description', 'completion', 'priority', 'due_date'])
            .expression((eb) =>
              eb
                .selectFrom('bumped')
                .select([
                  'bumped.id',
                  sql<number | null>`${assigneeId}::integer`.as('assignee_id'),
                  eb.val(title).as('title'),
                  eb.val(description).as('description'),
                  eb.val(completion).as('completion'),
                  sql<TaskPriority>`${priority}::task_priority`.as('priority'),
                  sql<Date | null>`${dueDate}::timestamptz`.as('due_date'),
                ]),
            )
            .returning(TASK_COLUMNS),
        )
        .with('logged', appendProjectChange('created'))
        .selectFrom('written')
        .select(TASK_COLUMNS),
  );
}

/** No one, or a member of the project `projectId` (the row being written's): who a task may be assigned to. */
const assigneeMayBe = (eb: ExpressionBuilder<Database, 'projects' | 'tasks'>, projectId: Expression<number | null>, assigneeId: number | null | undefined) =>
  eb.or([sql<boolean>`${assigneeId}::integer is null`, isMember(eb, projectId, sql<number>`${assigneeId}::integer`)]);

/**
 * Where a write by id looks: the caller's own list (by the (user_id, id) key, as before
 * projects), or the projects where they are an owner or an editor, checked in the statement
 * that writes. Anyone else's task is left alone, as if it did not exist.
 */
type Scope = 'own' | 'project';

/**
 * An update setting the `changed` columns of a task in `scope`; when `conditional`, only of
 * a task at one of the given versions.
 */
function compileUpdate(
  db: Kysely<Database>,
  scope: Scope,
  changed: ReadonlyArray<(typeof CHANGEABLE)[number]>,
  conditional: boolean,
): CompiledOnce<UpdateValues, Task> {
  return new CompiledOnce(
    db,
    (
      db,
      userId: number,
      id: number,
      versions: readonly number[],
      title?: string,
      description?: string,
      completion?: boolean,
      priority?: TaskPriority,
      dueDate?: Date | null,
      assigneeId?: number | null,
    ) => {
      const values: TaskChanges = { title, description, completion, priority, due_date: dueDate, assignee_id: assigneeId };
      const set = Object.fromEntries(changed.map((column) => [column, values[column]]));
      return db
        .with('written', (db) => {
          const update = db.updateTable('tasks').set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: sql<Date>`now()` }));
          // Their own by the (user_id, id) key, as before projects; or a project's they may write in.
          let query =
            scope === 'own'
              ? update.where('user_id', '=', userId).where('id', '=', id)
              : update
                  .where('id', '=', id)
                  .where('project_id', 'is not', null)
                  .where((eb) => isWriter(eb, eb.ref('tasks.project_id'), userId));
          // Only a member of the task's project can be its assignee.
          if (changed.includes('assignee_id')) {
            query = query.where((eb) => assigneeMayBe(eb, eb.ref('tasks.project_id'), assigneeId));
          }
          if (conditional) query = query.where(isOneOf(versions));
          return query.returning(TASK_COLUMNS);
        })
        .with('logged', scope === 'own' ? appendChange(userId, 'updated') : appendProjectChange('updated'))
        .selectFrom('written')
        .select(TASK_COLUMNS);
    },
  );
}

/**
 * A delete of a task in `scope` that gives its quota slot back (its owner's or its
 * project's); when `conditional`, only of a task at one of the given versions.
 */
function compileDelete(db: Kysely<Database>, scope: Scope, conditional: boolean): CompiledOnce<DeleteValues, DeletedTask> {
  return new CompiledOnce(db, (db, userId: number, id: number, versions: readonly number[]) => {
    const written = db.with('written', (db) => {
      const remove = db.deleteFrom('tasks');
      let query =
        scope === 'own'
          ? remove.where('user_id', '=', userId).where('id', '=', id)
          : remove
              .where('id', '=', id)
              .where('project_id', 'is not', null)
              .where((eb) => isWriter(eb, eb.ref('tasks.project_id'), userId));
      if (conditional) query = query.where(isOneOf(versions));
      return query.returning(['id', 'version', 'project_id']);
    });
    const freed =
      scope === 'own'
        ? written.with('slotsFreed', (db) =>
            db
              .updateTable('users')
              .set((eb) => ({ task_count: eb('task_count', '-', 1) }))
              .where('id', '=', userId)
              .where((eb) => eb.exists(eb.selectFrom('written').select('written.id'))),
          )
        : written.with('slotsFreed', (db) =>
            db
              .updateTable('projects')
              .set((eb) => ({ task_count: eb('task_count', '-', 1) }))
              .where((eb) => eb('id', '=', eb.selectFrom('written').select('written.project_id'))),
          );
    return freed
      .with('logged', scope === 'own' ? appendChange(userId, 'deleted') : appendProjectChange('deleted'))
      .selectFrom('written')
      .select(['id', 'project_id']);
  });
}

/** `version = any($n)`: one statement for any number of allowed versions (none allowed matches no task). */
const isOneOf = (versions: readonly number[]) => sql<boolean>`"version" = any(${versions})`;

type TaskAccess = Task & { writable: boolean };

/**
 * Every write appends its change to the owner's feed (task_changes), or to the project's
 * (project_changes), in its own statement, so
 * the change commits with the write or not at all; no lock beyond the write's own orders it
 * (TaskChangeRepository reads changes only once no earlier transaction can still commit one).
 * Telling subscribers is the caller's part, once the write has committed.
 *
 * Every method takes the caller, and its statement checks their access in the same statement
 * as the work: their own tasks, and those of the projects they are a member of (to write,
 * as an owner or an editor); no query here reaches anything else. Methods take
 * the database or a transaction first, so a service can compose a transaction.
 */
export class TaskRepository {
  // The reads every request makes, compiled once (see CompiledOnce); a page per filter combination.
  private readonly byId: CompiledOnce<[userId: number, id: number], Task>;
  private readonly byIdInProjects: CompiledOnce<[userId: number, id: number], Task>;
  private readonly accessById: CompiledOnce<[userId: number, id: number], TaskAccess>;
  private readonly pages = new Map<string, CompiledOnce<PageValues, Task>>();
  // The writes, compiled once too: building a statement of four parts cost more than
  // running it. An update per combination of the columns it sets, and whether it is conditional.
  private readonly createStatement: CompiledOnce<CreateValues, Task>;
  private readonly createInProjectStatement: CompiledOnce<ProjectCreateValues, Task>;
  private readonly updateStatements = new Map<string, CompiledOnce<UpdateValues, Task>>();
  private readonly deleteStatements = new Map<string, CompiledOnce<DeleteValues, DeletedTask>>();

  /** `compiler`: the database whose dialect the hot reads are compiled for, once. */
  constructor(private readonly compiler: Kysely<Database>) {
    this.byId = new CompiledOnce(compiler, (db, userId: number, id: number) =>
      db.selectFrom('tasks').select(TASK_COLUMNS).where('user_id', '=', userId).where('id', '=', id),
    );
    this.byIdInProjects = new CompiledOnce(compiler, (db, userId: number, id: number) =>
      db
        .selectFrom('tasks')
        .select(TASK_COLUMNS)
        .where('id', '=', id)
        .where('project_id', 'is not', null)
        .where((eb) => isMember(eb, eb.ref('tasks.project_id'), userId)),
    );
    this.accessById = new CompiledOnce(compiler, (db, userId: number, id: number) =>
      db
        .selectFrom('tasks')
        .leftJoin('project_members as member', (join) => join.onRef('member.project_id', '=', 'tasks.project_id').on('member.user_id', '=', userId))
        .select([
          ...TASK_COLUMNS.map((column) => `tasks.${column}` as const),
          sql<boolean>`"tasks"."user_id" is not null or "member"."role" <> 'viewer'`.as('writable'),
        ])
        .where('tasks.id', '=', id)
        .where((eb) => eb.or([eb('tasks.user_id', '=', userId), eb('member.user_id', 'is not', null)])),
    );
    this.createStatement = compileCreate(compiler);
    this.createInProjectStatement = compileCreateInProject(compiler);
  }

  /**
   * A task `userId` can see: their own, or one of a project they are a member of. Their own
   * is looked for first, by the key every personal read used before projects; only a miss
   * looks in their projects.
   */
  async getById(db: Kysely<Database>, userId: number, id: number): Promise<Task | undefined> {
    const [own] = await this.byId.execute(db, userId, id);
    if (own) return own;
    const [shared] = await this.byIdInProjects.execute(db, userId, id);
    return shared;
  }

  /** The same, and whether they may change it: what explains a write that changed nothing. */
  async access(db: Kysely<Database>, userId: number, id: number): Promise<{ task: Task; writable: boolean } | undefined> {
    const [row] = await this.accessById.execute(db, userId, id);
    if (!row) return undefined;
    const { writable, ...task } = row;
    return { task, writable };
  }

  /**
   * One keyset page of the caller's tasks or a project's, filtered, in `order` (see `page`
   * and `sortedPage`); tasks in an order other than id's carry their sort key.
   */
  list(db: Kysely<Database>, userId: number, query: TaskPageQuery): Promise<SortedTask[]> {
    const { filter, projectId, order, after, limit } = query;
    const given = (Object.keys(filter) as Array<keyof TaskListFilter>).filter((name) => filter[name] !== undefined);
    // Another order, or a filter the compiled pages do not take: built for this request (a screen's query, not the hot path).
    if (order.field !== 'id' || order.descending || given.some((name) => !(COMPILED_FILTERS as readonly string[]).includes(name))) {
      return pageQuery(db, userId, query).execute();
    }
    const afterId = after?.id ?? 0;
    const { completion, title, createdFrom, createdUntil } = filter;
    const shape: PageShape = {
      completion: completion !== undefined,
      title: title !== undefined,
      createdFrom: !!createdFrom,
      createdUntil: !!createdUntil,
      project: projectId !== undefined,
    };
    const key = Object.values(shape).map(Number).join('');
    let compiled = this.pages.get(key);
    if (!compiled) this.pages.set(key, (compiled = compilePage(this.compiler, shape)));
    // A filter the page leaves out still takes a value, unused.
    return compiled.execute(db, userId, projectId ?? 0, afterId, limit, completion ?? false, title ?? '', createdFrom ?? EPOCH, createdUntil ?? EPOCH);
  }

  /** How many tasks a list with `filter` holds in all (what a client shows as "12 of 340"). */
  async count(db: Kysely<Database>, userId: number, filter: TaskListFilter, projectId?: number): Promise<number> {
    const row = await filtered(
      scope(db, userId, projectId).select((eb) => eb.fn.countAll<string>().as('count')),
      filter,
    ).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * Inserts a task if its owner has fewer than `quota`, in one statement: the owner's
   * counter goes up (under its row lock, so concurrent creates cannot overshoot) and the
   * row goes in, or neither. Undefined when the quota is reached.
   */
  async createWithinQuota(db: Kysely<Database>, userId: number, task: NewTaskValues, quota: number): Promise<Task | undefined> {
    const { title, description, completion, priority, due_date } = task;
    const [created] = await this.createStatement.execute(db, userId, quota, title, description, completion, priority, due_date);
    return created;
  }

  /**
   * The same for a project's task, created by `userId`: only while the project holds fewer
   * than `quota`, they may write there, and the assignee (if any) is a member. Undefined otherwise.
   */
  async createInProject(db: Kysely<Database>, userId: number, task: NewProjectTaskValues, quota: number): Promise<Task | undefined> {
    const { title, description, completion, priority, due_date, project_id, assignee_id } = task;
    const [created] = await this.createInProjectStatement.execute(
      db,
      userId,
      quota,
      title,
      description,
      completion,
      priority,
      due_date,
      project_id,
      assignee_id,
    );
    return created;
  }

  /**
   * Changes a task and adds 1 to its version, in one statement; only while its version is
   * one of `versions`, when given. The caller's own task is looked for first, with the
   * statement every personal write used before projects; only a miss tries their projects'.
   * Undefined when no task was changed.
   */
  async update(db: Kysely<Database>, userId: number, id: number, changes: TaskChanges, versions?: readonly number[]): Promise<Task | undefined> {
    const changed = CHANGEABLE.filter((column) => changes[column] !== undefined);
    const { title, description, completion, priority, due_date, assignee_id } = changes;
    // A personal task has no assignee: only a project's can take one.
    const scopes: Scope[] = assignee_id ? ['project'] : ['own', 'project'];
    for (const scope of scopes) {
      const key = `${scope}|${changed.join(',')}|${versions ? 'if' : ''}`;
      let update = this.updateStatements.get(key);
      if (!update) this.updateStatements.set(key, (update = compileUpdate(this.compiler, scope, changed, versions !== undefined)));
      // A column the statement leaves alone still takes a value, unused.
      const [task] = await update.execute(db, userId, id, versions ?? [], title, description, completion, priority, due_date, assignee_id);
      if (task) return task;
    }
    return undefined;
  }

  /**
   * Deletes one task (only while its version is one of `versions`, when given) and gives its
   * quota slot back (its owner's or its project's), in one statement. What was deleted, if anything.
   */
  async delete(db: Kysely<Database>, userId: number, id: number, versions?: readonly number[]): Promise<DeletedTask | undefined> {
    for (const scope of ['own', 'project'] as const) {
      const key = `${scope}|${versions ? 'if' : ''}`;
      let remove = this.deleteStatements.get(key);
      if (!remove) this.deleteStatements.set(key, (remove = compileDelete(this.compiler, scope, versions !== undefined)));
      const [deleted] = await remove.execute(db, userId, id, versions ?? []);
      if (deleted) return deleted;
    }
    return undefined;
  }

  /**
   * Deletes every task of the owner and lowers the counter, in one statement, appending a
   * change per task (in id order); the ids that went.
   */
  async deleteAll(db: Kysely<Database>, userId: number): Promise<number[]> {
    const row = await db
      .with('gone', (db) => db.deleteFrom('tasks').where('user_id', '=', userId).returning(['id', 'version']))
      .with('slotsFreed', (db) =>
        db
          .updateTable('users')
          .set({ task_count: sql`"task_count" - (select count(*) from "gone")` })
          .where('id', '=', userId)
          .where((eb) => eb.exists(eb.selectFrom('gone').select('gone.id'))),
      )
      .with('logged', (db) =>
        db
          .insertInto('task_changes')
          .columns(['user_id', 'task_id', 'kind', 'version'])
          .expression((eb) =>
            eb
              .selectFrom('gone')
              .select([sql<number>`${userId}::integer`.as('user_id'), 'gone.id', sql.lit('deleted').as('kind'), 'gone.version'])
              .orderBy('gone.id'),
          ),
      )
      .selectNoFrom(sql<number[]>`(select coalesce(array_agg("id" order by "id"), '{}') from "gone")`.as('ids'))
      .executeTakeFirst();
    return (row?.ids ?? []).map(Number);
  }
}
