import { type Kysely, type RawBuilder, sql } from 'kysely';
import { CompiledOnce } from '../compiled-once.js';
import type { Database, FeedChangeKind, Task } from '../database.types.js';

/**
 * A place in the feed: the writing transaction's id (xid8) and the change's number, both
 * as text. Changes are read in this order.
 */
export interface ChangePosition {
  xid: string;
  seq: string;
}

/** One change, with the task as it is now (null once deleted, and for a membership change). */
export interface TaskChangeRow {
  position: ChangePosition;
  kind: FeedChangeKind;
  /** Null for a membership change (project_joined, project_left). */
  taskId: number | null;
  /** The project of the task or of the membership; null for a personal task. */
  projectId: number | null;
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
  kind: FeedChangeKind;
  task_id: number | null;
  project_id: number | null;
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
  assignee_id: number | null;
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
  private readonly historyOf: CompiledOnce<[userId: number], HistoryRow>;
  private readonly pageOf: CompiledOnce<[userId: number, afterXid: string, afterSeq: string, limit: number], PageRow>;

  constructor(compiler: Kysely<Database>) {
    this.historyOf = new CompiledOnce(compiler, (db, userId: number) => raw(db, historyQuery(userId)));
    this.pageOf = new CompiledOnce(compiler, (db, userId: number, afterXid: string, afterSeq: string, limit: number) =>
      raw(db, pageQuery(userId, afterXid, afterSeq, limit)),
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
    return (await this.pruneOwn(db, before, scope)) + (await this.pruneProjects(db, before, scope));
  }

  private async pruneOwn(db: Kysely<Database>, before: Date, scope: { userId: number } | { batch: number }): Promise<number> {
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

  /** The same for projects' changes: those of `userId`'s projects, or of any project (at most `batch`). */
  private async pruneProjects(db: Kysely<Database>, before: Date, scope: { userId: number } | { batch: number }): Promise<number> {
    const result = await db
      .with('gone', (db) => {
        const doomed = db.selectFrom('project_changes').select(['project_id', 'xid', 'seq']).where('changed_at', '<', before);
        const chosen =
          'userId' in scope
            ? doomed.where('project_id', 'in', db.selectFrom('project_members').select('project_id').where('user_id', '=', scope.userId))
            : doomed.limit(scope.batch);
        return db.deleteFrom('project_changes').where(sql<boolean>`(project_id, xid, seq) IN (${chosen})`).returning(['project_id', 'xid', 'seq']);
      })
      .with('reach', (db) =>
        db.selectFrom('gone').distinctOn('project_id').select(['project_id', 'xid', 'seq']).orderBy('project_id').orderBy('xid', 'desc').orderBy('seq', 'desc'),
      )
      .updateTable('projects')
      .from('reach')
      .set((eb) => ({ changes_pruned_xid: eb.ref('reach.xid'), changes_pruned_seq: eb.ref('reach.seq') }))
      .whereRef('projects.id', '=', 'reach.project_id')
      .where(sql<boolean>`("reach"."xid", "reach"."seq") > ("projects"."changes_pruned_xid", "projects"."changes_pruned_seq")`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

type HistoryRow = { pruned_xid: string; pruned_seq: string; horizon: string; oldest: Date | null };

/** A raw statement as something CompiledOnce can compile. */
const raw = <Row>(db: Kysely<Database>, query: RawBuilder<Row>) => ({ compile: () => query.compile(db) });

/**
 * Where a user's history stands: how far it was pruned (their own changes', or a project's
 * they were a member of then, whichever reaches later), the head, and the oldest change kept.
 */
const historyQuery = (userId: number) => sql<HistoryRow>`
  select greatest_pruned.xid::text as pruned_xid, greatest_pruned.seq as pruned_seq, ${horizon}::text as horizon,
    least(
      (select c.changed_at from task_changes c where c.user_id = u.id order by c.xid, c.seq limit 1),
      (select min(oldest.changed_at) from project_members m
        cross join lateral (select p.changed_at from project_changes p where p.project_id = m.project_id order by p.xid, p.seq limit 1) oldest
        where m.user_id = u.id)
    ) as oldest
  from users u
  cross join lateral (
    select pruned.xid, pruned.seq from (
      select u.changes_pruned_xid as xid, u.changes_pruned_seq as seq
      union all
      select p.changes_pruned_xid, p.changes_pruned_seq from project_members m join projects p on p.id = m.project_id
        where m.user_id = u.id and (p.changes_pruned_xid, p.changes_pruned_seq) > (m.joined_xid, m.joined_seq)
    ) pruned order by pruned.xid desc, pruned.seq desc limit 1
  ) greatest_pruned
  where u.id = ${userId}`;

/**
 * A reader's changes after a position: their own (personal tasks, joining and leaving
 * projects) merged with those of every project they are a member of now, from where they
 * joined it, each part a range of its primary key. A project's changes are read by membership
 * when read, so a member removed reads none of them after their project_left. A member added
 * reads every change after their join: one made by a transaction older than the join has
 * ended before the project_joined is readable, so the list the client makes on reading it
 * holds that change. A project's task is shown only through its project.
 */
const pageQuery = (userId: number, afterXid: string, afterSeq: string, limit: number) => sql<PageRow>`
  select c.xid::text as xid, c.seq, c.xid >= ${horizon} as held_back, c.kind, c.task_id, c.project_id,
    c.version as change_version, c.changed_at,
    t.id, t.title, t.description, t.completion, t.priority, t.due_date, t.version, t.created_at, t.updated_at, t.assignee_id
  from (
    (select own.xid, own.seq, own.kind, own.task_id, own.project_id, own.version, own.changed_at from task_changes own
      where own.user_id = ${userId} and (own.xid, own.seq) > (${afterXid}::xid8, ${afterSeq}::bigint)
      order by own.xid, own.seq limit ${limit})
    union all
    (select shared.xid, shared.seq, shared.kind, shared.task_id, shared.project_id, shared.version, shared.changed_at
      from project_members m
      -- From the cursor, or from where they joined if later: what came before was not theirs.
      cross join lateral (
        select case when joined then m.joined_xid else ${afterXid}::xid8 end as xid, case when joined then m.joined_seq else ${afterSeq}::bigint end as seq
        from (select (m.joined_xid, m.joined_seq) > (${afterXid}::xid8, ${afterSeq}::bigint) as joined) later
      ) start
      cross join lateral (
        select p.xid, p.seq, p.kind, p.task_id, p.project_id, p.version, p.changed_at from project_changes p
        where p.project_id = m.project_id and (p.xid, p.seq) > (start.xid, start.seq)
        order by p.xid, p.seq limit ${limit}
      ) shared
      where m.user_id = ${userId})
  ) c
  left join tasks t on t.id = c.task_id and (t.user_id = ${userId} or t.project_id = c.project_id)
  order by c.xid, c.seq
  limit ${limit}`;

function toChange(row: PageRow): TaskChangeRow {
  return {
    position: { xid: row.xid, seq: String(row.seq) },
    kind: row.kind,
    taskId: row.task_id,
    projectId: row.project_id,
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
            project_id: row.project_id,
            assignee_id: row.assignee_id,
          },
  };
}
