import { sql, type Kysely } from 'kysely';

/**
 * The change feed is ordered by the writing transaction instead of by a per-user counter.
 * Bumping the counter took the owner's row lock in every write and held it to commit, so a
 * user's writes queued behind each other (and behind the task's own row lock, twice the
 * work), which made updates markedly slower than before the feed (BENCHMARKS.md, runs 16-20).
 *
 * Now each change records its transaction's id (`xid`, pg_current_xact_id()) and a number
 * from one sequence (`seq`), and readers take changes in (xid, seq) order, only those whose
 * transaction is older than every transaction still running (`pg_snapshot_xmin`). Every
 * transaction below that horizon has ended, so no change can later appear before one already
 * read: none is skipped, whatever order writers commit in. A change waits while any older
 * transaction on the server is still writing (TaskChangeRepository).
 *
 * Changes recorded before keep their per-user numbers under xid 0 (before any real
 * transaction), so cursors handed out before still resume where they were.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE task_changes_seq OWNED BY task_changes.seq`.execute(db);
  // Filled with 0 for the rows there are, then the writing transaction's id for every new one.
  await sql`ALTER TABLE task_changes ADD COLUMN xid xid8 NOT NULL DEFAULT '0'`.execute(db);
  await sql`ALTER TABLE task_changes ALTER COLUMN xid SET DEFAULT pg_current_xact_id()`.execute(db);
  await sql`ALTER TABLE task_changes ALTER COLUMN seq SET DEFAULT nextval('task_changes_seq')`.execute(db);
  await sql`ALTER TABLE task_changes DROP CONSTRAINT task_changes_pkey, ADD CONSTRAINT task_changes_pkey PRIMARY KEY (user_id, xid, seq)`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN change_seq`.execute(db);
  // Where a user's pruned history ends is a position in the new order too.
  await sql`ALTER TABLE users RENAME COLUMN changes_pruned_through TO changes_pruned_seq`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN changes_pruned_xid xid8 NOT NULL DEFAULT '0'`.execute(db);
}

/** Back to per-user numbers: each user's changes renumbered from 1 in feed order (cursors handed out since do not survive). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE task_changes DROP CONSTRAINT task_changes_pkey`.execute(db);
  await sql`
    UPDATE task_changes c SET seq = r.n
    FROM (SELECT user_id, xid, seq, row_number() OVER (PARTITION BY user_id ORDER BY xid, seq) AS n FROM task_changes) r
    WHERE (c.user_id, c.xid, c.seq) = (r.user_id, r.xid, r.seq)`.execute(db);
  await sql`ALTER TABLE task_changes ALTER COLUMN seq DROP DEFAULT`.execute(db);
  await sql`DROP SEQUENCE task_changes_seq`.execute(db);
  await sql`ALTER TABLE task_changes DROP COLUMN xid, ADD CONSTRAINT task_changes_pkey PRIMARY KEY (user_id, seq)`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN changes_pruned_xid`.execute(db);
  await sql`ALTER TABLE users RENAME COLUMN changes_pruned_seq TO changes_pruned_through`.execute(db);
  await sql`UPDATE users SET changes_pruned_through = 0`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN change_seq bigint NOT NULL DEFAULT 0`.execute(db);
  await sql`UPDATE users u SET change_seq = c.n FROM (SELECT user_id, max(seq) AS n FROM task_changes GROUP BY user_id) c WHERE c.user_id = u.id`.execute(db);
}
