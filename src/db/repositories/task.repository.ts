import { sql, type Kysely } from 'kysely';
import { CompiledOnce } from '../compiled-once.js';
import { MAX_ID, type Database, type NewTask, type Task, type TaskChangeKind, type TaskPriority, type TaskUpdate } from '../database.types.js';

/** A new task with every value given (the insert selects them, so column defaults do not apply). */
export type NewTaskValues = Required<Pick<NewTask, 'user_id' | 'title' | 'description' | 'completion' | 'priority' | 'due_date'>>;

/** Filters a list of one owner's tasks; every bound is optional. */
export interface TaskListFilter {
  completion?: boolean;
  title?: string;
  /** created_at >= this */
  createdFrom?: Date;
  /** created_at < this */
  createdUntil?: Date;
}

export interface TaskPageQuery {
  filter: TaskListFilter;
  /** Keyset position: only tasks with a greater id. */
  afterId?: number;
  limit: number;
}

// Every column but the owner: callers already know whose tasks they asked for.
const TASK_COLUMNS = ['id', 'title', 'description', 'completion', 'priority', 'due_date', 'version', 'created_at', 'updated_at'] as const;

type PageValues = [userId: number, afterId: number, limit: number, completion: boolean, title: string, createdFrom: Date, createdUntil: Date];
type FilterShape = Record<keyof TaskListFilter, boolean>;
const EPOCH = new Date(0);

/** The list query with the filters `shape` sets; the values come at each run. */
function compilePage(db: Kysely<Database>, shape: FilterShape): CompiledOnce<PageValues, Task> {
  return new CompiledOnce(
    db,
    (db, userId: number, afterId: number, limit: number, completion: boolean, title: string, createdFrom: Date, createdUntil: Date) => {
      let query = db
        .selectFrom('tasks')
        .select(TASK_COLUMNS)
        .where((eb) => eb(eb.refTuple('user_id', 'id'), '>', eb.tuple(userId, afterId)))
        .where((eb) => eb(eb.refTuple('user_id', 'id'), '<=', eb.tuple(userId, MAX_ID)));
      if (shape.completion) query = query.where('completion', '=', completion);
      if (shape.title) query = query.where('title', '=', title);
      if (shape.createdFrom) query = query.where('created_at', '>=', createdFrom);
      if (shape.createdUntil) query = query.where('created_at', '<', createdUntil);
      return query.orderBy('user_id').orderBy('id').limit(limit);
    },
  );
}

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

/** The columns an update may set. */
const CHANGEABLE = ['title', 'description', 'completion', 'priority', 'due_date'] as const;
type TaskChanges = Partial<Pick<TaskUpdate, (typeof CHANGEABLE)[number]>>;

type CreateValues = [userId: number, quota: number, title: string, description: string, completion: boolean, priority: TaskPriority, dueDate: Date | null];
type UpdateValues = [userId: number, id: number, versions: readonly number[], ...ChangeValues];
type ChangeValues = [title?: string, description?: string, completion?: boolean, priority?: TaskPriority, dueDate?: Date | null];
type DeleteValues = [userId: number, id: number, versions: readonly number[]];

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

/** An update setting the `changed` columns; when `conditional`, only of a task at one of the given versions. */
function compileUpdate(db: Kysely<Database>, changed: ReadonlyArray<(typeof CHANGEABLE)[number]>, conditional: boolean): CompiledOnce<UpdateValues, Task> {
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
    ) => {
      const values: TaskChanges = { title, description, completion, priority, due_date: dueDate };
      const set = Object.fromEntries(changed.map((column) => [column, values[column]]));
      return db
        .with('written', (db) => {
          let query = db
            .updateTable('tasks')
            .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: sql<Date>`now()` }))
            .where('user_id', '=', userId)
            .where('id', '=', id);
          if (conditional) query = query.where(isOneOf(versions));
          return query.returning(TASK_COLUMNS);
        })
        .with('logged', appendChange(userId, 'updated'))
        .selectFrom('written')
        .select(TASK_COLUMNS);
    },
  );
}

/** A delete that gives the task's quota slot back; when `conditional`, only of a task at one of the given versions. */
function compileDelete(db: Kysely<Database>, conditional: boolean): CompiledOnce<DeleteValues, { id: number }> {
  return new CompiledOnce(db, (db, userId: number, id: number, versions: readonly number[]) =>
    db
      .with('written', (db) => {
        let query = db.deleteFrom('tasks').where('user_id', '=', userId).where('id', '=', id);
        if (conditional) query = query.where(isOneOf(versions));
        return query.returning(['id', 'version']);
      })
      .with('slotsFreed', (db) =>
        db
          .updateTable('users')
          .set((eb) => ({ task_count: eb('task_count', '-', 1) }))
          .where('id', '=', userId)
          .where((eb) => eb.exists(eb.selectFrom('written').select('written.id'))),
      )
      .with('logged', appendChange(userId, 'deleted'))
      .selectFrom('written')
      .select('id'),
  );
}

/** `version = any($n)`: one statement for any number of allowed versions (none allowed matches no task). */
const isOneOf = (versions: readonly number[]) => sql<boolean>`"version" = any(${versions})`;

/**
 * Every write appends its change to the owner's feed (task_changes) in its own statement, so
 * the change commits with the write or not at all; no lock beyond the write's own orders it
 * (TaskChangeRepository reads changes only once no earlier transaction can still commit one).
 * Telling subscribers is the caller's part, once the write has committed.
 *
 * Every method takes the owner: no query here can reach another user's tasks. Methods take
 * the database or a transaction first, so a service can compose a transaction.
 */
export class TaskRepository {
  // The reads every request makes, compiled once (see CompiledOnce); a page per filter combination.
  private readonly byId: CompiledOnce<[userId: number, id: number], Task>;
  private readonly pages = new Map<string, CompiledOnce<PageValues, Task>>();
  // The writes, compiled once too: building a statement of four parts cost more than
  // running it. An update per combination of the columns it sets, and whether it is conditional.
  private readonly createStatement: CompiledOnce<CreateValues, Task>;
  private readonly updateStatements = new Map<string, CompiledOnce<UpdateValues, Task>>();
  private readonly deleteStatement: CompiledOnce<DeleteValues, { id: number }>;
  private readonly conditionalDeleteStatement: CompiledOnce<DeleteValues, { id: number }>;

  /** `compiler`: the database whose dialect the hot reads are compiled for, once. */
  constructor(private readonly compiler: Kysely<Database>) {
    this.byId = new CompiledOnce(compiler, (db, userId: number, id: number) =>
      db.selectFrom('tasks').select(TASK_COLUMNS).where('user_id', '=', userId).where('id', '=', id),
    );
    this.createStatement = compileCreate(compiler);
    this.deleteStatement = compileDelete(compiler, false);
    this.conditionalDeleteStatement = compileDelete(compiler, true);
  }

  async getById(db: Kysely<Database>, userId: number, id: number): Promise<Task | undefined> {
    const [task] = await this.byId.execute(db, userId, id);
    return task;
  }

  /**
   * One keyset page in id order, as a pure range of the (user_id, id) index, so its cost
   * does not grow with depth or with how many tasks anyone has. The two row bounds pin
   * user_id exactly (only `userId`'s tasks lie between them). Written with
   * `user_id = $1`, PostgreSQL either walks the primary key filtering by owner (slow for an
   * owner of most rows) or starts at the owner's first entry instead of at the cursor (slow
   * for deep pages); BENCHMARKS.md has the timings at a million tasks.
   */
  list(db: Kysely<Database>, userId: number, { filter, afterId, limit }: TaskPageQuery): Promise<Task[]> {
    const { completion, title, createdFrom, createdUntil } = filter;
    const shape = { completion: completion !== undefined, title: title !== undefined, createdFrom: !!createdFrom, createdUntil: !!createdUntil };
    const key = Object.values(shape).map(Number).join('');
    let page = this.pages.get(key);
    if (!page) this.pages.set(key, (page = compilePage(this.compiler, shape)));
    // A filter the page leaves out still takes a value, unused.
    return page.execute(db, userId, afterId ?? 0, limit, completion ?? false, title ?? '', createdFrom ?? EPOCH, createdUntil ?? EPOCH);
  }

  /**
   * Inserts a task if its owner has fewer than `quota`, in one statement: the owner's
   * counter goes up (under its row lock, so concurrent creates cannot overshoot) and the
   * row goes in, or neither. Undefined when the quota is reached.
   */
  async createWithinQuota(db: Kysely<Database>, task: NewTaskValues, quota: number): Promise<Task | undefined> {
    const { user_id, title, description, completion, priority, due_date } = task;
    const [created] = await this.createStatement.execute(db, user_id, quota, title, description, completion, priority, due_date);
    return created;
  }

  /**
   * Changes a task and adds 1 to its version, in one statement; only while its version is
   * one of `versions`, when given. Undefined when no task was changed.
   */
  async update(db: Kysely<Database>, userId: number, id: number, changes: TaskChanges, versions?: readonly number[]): Promise<Task | undefined> {
    const changed = CHANGEABLE.filter((column) => changes[column] !== undefined);
    const key = `${changed.join(',')}|${versions ? 'if' : ''}`;
    let update = this.updateStatements.get(key);
    if (!update) this.updateStatements.set(key, (update = compileUpdate(this.compiler, changed, versions !== undefined)));
    const { title, description, completion, priority, due_date } = changes;
    // A column the statement leaves alone still takes a value, unused.
    const [task] = await update.execute(db, userId, id, versions ?? [], title, description, completion, priority, due_date);
    return task;
  }

  /**
   * Deletes one task (only while its version is one of `versions`, when given) and gives its
   * quota slot back, in one statement. Whether it was deleted.
   */
  async delete(db: Kysely<Database>, userId: number, id: number, versions?: readonly number[]): Promise<boolean> {
    const remove = versions ? this.conditionalDeleteStatement : this.deleteStatement;
    const rows = await remove.execute(db, userId, id, versions ?? []);
    return rows.length > 0;
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
