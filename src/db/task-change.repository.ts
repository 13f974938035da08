import { sql, type Kysely } from 'kysely';
import { CompiledOnce } from './compiled-once.js';
import type { Database, Task, TaskChangeKind } from './database.types.js';

/** One change, with the task as it is now (null once deleted). */
export interface TaskChangeRow {
  seq: string;
  kind: TaskChangeKind;
  taskId: number;
  version: number;
  changedAt: Date;
  task: Task | null;
}

/** Where a user's changes stand: the latest number, up to which number they were pruned, and the oldest kept. */
export interface ChangeHistory {
  head: string;
  prunedThrough: string;
  /** When the oldest change kept was made; null when none is. */
  oldest: Date | null;
}

type PageRow = {
  seq: string;
  kind: TaskChangeKind;
  task_id: number;
  change_version: number;
  changed_at: Date;
  id: number | null;
  title: string | null;
  description: string | null;
  completion: boolean | null;
  priority: Task['priority'] | null;
  due_date: Date | null;
  version: number | null;
  created_at: Date | null;
  updated_at: Date | null;
};

/**
 * The change feed's reads and pruning. Changes are appended by the task repository's writes,
 * each in its write's own statement, never here.
 */
export class TaskChangeRepository {
  // The feed's two reads, compiled once (see CompiledOnce): a subscriber or poller makes them often.
  private readonly historyOf: CompiledOnce<[userId: number], { change_seq: string; changes_pruned_through: string; oldest: Date | null }>;
  private readonly pageOf: CompiledOnce<[userId: number, afterSeq: string, limit: number], PageRow>;

  constructor(compiler: Kysely<Database>) {
    this.historyOf = new CompiledOnce(compiler, (db, userId: number) =>
      db
        .selectFrom('users as u')
        .select((eb) => [
          'u.change_seq',
          'u.changes_pruned_through',
          // The first entry of the user's part of the primary key: one index probe.
          eb.selectFrom('task_changes as c').select('c.changed_at').whereRef('c.user_id', '=', 'u.id').orderBy('c.seq').limit(1).as('oldest'),
        ])
        .where('u.id', '=', userId),
    );
    this.pageOf = new CompiledOnce(compiler, (db, userId: number, afterSeq: string, limit: number) =>
      db
      .selectFrom('task_changes as c')
      .leftJoin('tasks as t', (join) => join.onRef('t.user_id', '=', 'c.user_id').onRef('t.id', '=', 'c.task_id'))
      .select([
        'c.seq',
        'c.kind',
        'c.task_id',
        'c.version as change_version',
        'c.changed_at',
        't.id',
        't.title',
        't.description',
        't.completion',
        't.priority',
        't.due_date',
        't.version',
        't.created_at',
        't.updated_at',
      ])
      .where('c.user_id', '=', userId)
      .where('c.seq', '>', afterSeq)
      .orderBy('c.seq')
      .limit(limit),
    );
  }

  async history(db: Kysely<Database>, userId: number): Promise<ChangeHistory | undefined> {
    const [row] = await this.historyOf.execute(db, userId);
    return row && { head: String(row.change_seq), prunedThrough: String(row.changes_pruned_through), oldest: row.oldest };
  }

  /** Up to `limit` changes after number `afterSeq`, in order. */
  async page(db: Kysely<Database>, userId: number, afterSeq: string, limit: number): Promise<TaskChangeRow[]> {
    const rows = await this.pageOf.execute(db, userId, afterSeq, limit);
    return rows.map((row) => ({
      seq: String(row.seq),
      kind: row.kind,
      taskId: row.task_id,
      version: row.change_version,
      changedAt: row.changed_at,
      task:
        row.id === null
          ? null
          : {
              id: row.id,
              title: row.title!,
              description: row.description!,
              completion: row.completion!,
              priority: row.priority!,
              due_date: row.due_date,
              version: row.version!,
              created_at: row.created_at!,
              updated_at: row.updated_at!,
            },
    }));
  }

  /**
   * Deletes changes made before `before` (of one user, or of anyone: at most `batch` then),
   * and notes on each user how far their history is gone.
   */
  async prune(db: Kysely<Database>, before: Date, scope: { userId: number } | { batch: number }): Promise<number> {
    const result = await db
      .with('gone', (db) => {
        const doomed = db.selectFrom('task_changes').select(['user_id', 'seq']).where('changed_at', '<', before);
        const chosen = 'userId' in scope ? doomed.where('user_id', '=', scope.userId) : doomed.limit(scope.batch);
        return db
          .deleteFrom('task_changes')
          .where(sql<boolean>`(user_id, seq) IN (${chosen})`)
          .returning(['user_id', 'seq']);
      })
      .with('reach', (db) => db.selectFrom('gone').select(['user_id', (eb) => eb.fn.max('seq').as('through')]).groupBy('user_id'))
      .updateTable('users')
      .from('reach')
      .set((eb) => ({ changes_pruned_through: sql<string>`greatest(${eb.ref('users.changes_pruned_through')}, ${eb.ref('reach.through')})` }))
      .whereRef('users.id', '=', 'reach.user_id')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
