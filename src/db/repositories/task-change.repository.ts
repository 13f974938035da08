import { sql, type Kysely } from 'kysely';
import { CompiledOnce } from '../compiled-once.js';
import type { Database, Task, TaskChangeKind } from '../database.types.js';

/**
 * A place in the feed: the writing transaction's id (xid8) and the change's number, both
 * as text. Changes are read in this order.
 */
export interface ChangePosition {
  xid: string;
  seq: string;
}

/** One change, with the task as it is now (null once deleted). */
export interface TaskChangeRow {
  position: ChangePosition;
  kind: TaskChangeKind;
  taskId: number;
  version: number;
  changedAt: Date;
  task: Task | null;
}

/** Changes that can be read now, and whether later ones wait for older transactions to end. */
export interface TaskChangeBatch {
  rows: TaskChangeRow[];
  /** Changes after these are committed but not readable yet (see TaskChangeRepository). */
  heldBack: boolean;
}

/** Where a user's changes stand: the feed's head, up to where they were pruned, and the oldest kept. */
export interface ChangeHistory {
  /** Every change readable now lies before it, every later one after it. */
  head: ChangePosition;
  prunedThrough: ChangePosition;
  /** When the oldest change kept was made; null when none is. */
  oldest: Date | null;
}

type PageRow = {
  xid: string;
  seq: string;
  held_back: boolean;
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
 * The oldest transaction still running on the server: every transaction before it has
 * ended, so no change before it can appear any more. A change is readable once its
 * transaction is older than this.
 */
const horizon = sql<string>`pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * The change feed's reads and pruning. Changes are appended by the task repository's writes,
 * each in its write's own statement, never here.
 *
 * Writers commit in any order, so a change numbered before another may commit after it. The
 * feed is therefore read in (transaction id, number) order and only below the horizon: a
 * change waits (held back) while a transaction older than its own still runs, anywhere on
 * the server, which is rarely longer than a statement; a transaction left open holds every
 * change after it back (hence the README's advice on idle_in_transaction_session_timeout).
 */
export class TaskChangeRepository {
  // The feed's two reads, compiled once (see CompiledOnce): a subscriber or poller makes them often.
  private readonly historyOf: CompiledOnce<[userId: number], { pruned_xid: string; pruned_seq: string; horizon: string; oldest: Date | null }>;
  private readonly pageOf: CompiledOnce<[userId: number, afterXid: string, afterSeq: string, limit: number], PageRow>;

  constructor(compiler: Kysely<Database>) {
    this.historyOf = new CompiledOnce(compiler, (db, userId: number) =>
      db
        .selectFrom('users as u')
        .select((eb) => [
          sql<string>`${eb.ref('u.changes_pruned_xid')}::text`.as('pruned_xid'),
          'u.changes_pruned_seq as pruned_seq',
          sql<string>`${horizon}::text`.as('horizon'),
          // The first entry of the user's part of the primary key: one index probe.
          eb.selectFrom('task_changes as c').select('c.changed_at').whereRef('c.user_id', '=', 'u.id').orderBy('c.xid').orderBy('c.seq').limit(1).as('oldest'),
        ])
        .where('u.id', '=', userId),
    );
    this.pageOf = new CompiledOnce(compiler, (db, userId: number, afterXid: string, afterSeq: string, limit: number) =>
      db
        .selectFrom('task_changes as c')
        .leftJoin('tasks as t', (join) => join.onRef('t.user_id', '=', 'c.user_id').onRef('t.id', '=', 'c.task_id'))
        .select((eb) => [
          sql<string>`${eb.ref('c.xid')}::text`.as('xid'),
          'c.seq',
          sql<boolean>`${eb.ref('c.xid')} >= ${horizon}`.as('held_back'),
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
        .where(sql<boolean>`("c"."xid", "c"."seq") > (${afterXid}::xid8, ${afterSeq}::bigint)`)
        .orderBy('c.xid')
        .orderBy('c.seq')
        .limit(limit),
    );
  }

  async history(db: Kysely<Database>, userId: number): Promise<ChangeHistory | undefined> {
    const [row] = await this.historyOf.execute(db, userId);
    return row && { head: { xid: row.horizon, seq: '0' }, prunedThrough: { xid: row.pruned_xid, seq: String(row.pruned_seq) }, oldest: row.oldest };
  }

  /**
   * Up to `limit` changes after `after`, in order, stopping at the first one held back. Rows
   * past the horizon sort after every readable one, since the order starts with the xid.
   */
  async page(db: Kysely<Database>, userId: number, after: ChangePosition, limit: number): Promise<TaskChangeBatch> {
    const rows = await this.pageOf.execute(db, userId, after.xid, after.seq, limit);
    const firstHeldBack = rows.findIndex((row) => row.held_back);
    return { rows: (firstHeldBack < 0 ? rows : rows.slice(0, firstHeldBack)).map(toChange), heldBack: firstHeldBack >= 0 };
  }

  /**
   * Deletes changes made before `before` (of one user, or of anyone: at most `batch` then),
   * and notes on each user how far their history is gone.
   */
  async prune(db: Kysely<Database>, before: Date, scope: { userId: number } | { batch: number }): Promise<number> {
    const result = await db
      .with('gone', (db) => {
        const doomed = db.selectFrom('task_changes').select(['user_id', 'xid', 'seq']).where('changed_at', '<', before);
        const chosen = 'userId' in scope ? doomed.where('user_id', '=', scope.userId) : doomed.limit(scope.batch);
        return db.deleteFrom('task_changes').where(sql<boolean>`(user_id, xid, seq) IN (${chosen})`).returning(['user_id', 'xid', 'seq']);
      })
      // Each user's last change pruned.
      .with('reach', (db) =>
        db.selectFrom('gone').distinctOn('user_id').select(['user_id', 'xid', 'seq']).orderBy('user_id').orderBy('xid', 'desc').orderBy('seq', 'desc'),
      )
      .updateTable('users')
      .from('reach')
      .set((eb) => ({ changes_pruned_xid: eb.ref('reach.xid'), changes_pruned_seq: eb.ref('reach.seq') }))
      .whereRef('users.id', '=', 'reach.user_id')
      .where(sql<boolean>`("reach"."xid", "reach"."seq") > ("users"."changes_pruned_xid", "users"."changes_pruned_seq")`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function toChange(row: PageRow): TaskChangeRow {
  return {
    position: { xid: row.xid, seq: String(row.seq) },
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
  };
}
