import { sql, type Kysely } from 'kysely';

/**
 * What offline-safe clients need: task versions (conditional writes), idempotency keys
 * (creates a client may retry), and the change feed: every write to tasks appends to its owner's
 * `task_changes`, numbered by a per-user counter on the user's row. The counter is bumped
 * under that row's lock, held until commit, so one user's changes commit in the order of
 * their numbers: a reader never sees number n+1 while n may still commit (the gap a global
 * sequence would leave between transactions committing out of order).
 *
 * Statement triggers over transition tables, so a statement touching many rows (a delete of
 * all tasks) bumps the counter once and appends its rows in one insert.
 */
// A user being deleted has no row left to bump: their tasks' deletion records nothing (and
// their changes go with them).
const CHANGE_TRIGGERS = [
  { event: 'INSERT', kind: 'created', rows: 'new_rows' },
  { event: 'UPDATE', kind: 'updated', rows: 'new_rows' },
  { event: 'DELETE', kind: 'deleted', rows: 'old_rows' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('users')
    // The number of the user's latest change.
    .addColumn('change_seq', 'bigint', (col) => col.notNull().defaultTo(0))
    // Changes up to this number were pruned (CHANGE_RETENTION): a cursor before it cannot resume.
    .addColumn('changes_pruned_through', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('task_changes')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('task_id', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind IN ('created', 'updated', 'deleted')`))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('changed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('task_changes_pkey', ['user_id', 'seq'])
    .execute();
  await db.schema.createIndex('task_changes_changed_at_idx').on('task_changes').column('changed_at').execute();

  // A create's Idempotency-Key, its request's hash and its result, written in the create's
  // own transaction: a retry after a lost answer (or a crash) finds it and gets the result again.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('request_hash', 'bytea', (col) => col.notNull())
    .addColumn('result', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created_at_idx').on('idempotency_keys').column('created_at').execute();

  await createChangeTriggers(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropChangeTriggers(db);
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('task_changes').execute();
  await db.schema.alterTable('users').dropColumn('change_seq').dropColumn('changes_pruned_through').execute();
  await db.schema.alterTable('tasks').dropColumn('version').execute();
}

/** The triggers that record every write to tasks (replaced by the writes' own statements since record-changes-in-writes). */
export async function createChangeTriggers(db: Kysely<unknown>): Promise<void> {
  for (const { event, kind, rows } of CHANGE_TRIGGERS) {
    await sql`
      CREATE FUNCTION ${sql.raw(`record_task_${kind}`)}() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        WITH changed AS (
          SELECT user_id, id, version, row_number() OVER (PARTITION BY user_id ORDER BY id) AS n FROM ${sql.raw(rows)}
        ),
        counts AS (SELECT user_id, count(*) AS c FROM changed GROUP BY user_id),
        bumped AS (
          UPDATE users SET change_seq = users.change_seq + counts.c FROM counts WHERE users.id = counts.user_id
          RETURNING users.id, users.change_seq - counts.c AS base
        )
        INSERT INTO task_changes (user_id, seq, task_id, kind, version)
        SELECT changed.user_id, bumped.base + changed.n, changed.id, ${sql.lit(kind)}, changed.version
        FROM changed JOIN bumped ON bumped.id = changed.user_id;
        -- Wakes the user's subscribers on every instance, once this commits.
        PERFORM pg_notify('task_changes', owners.user_id::text) FROM (SELECT DISTINCT user_id FROM ${sql.raw(rows)}) AS owners;
        RETURN NULL;
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER ${sql.raw(`tasks_${kind}`)} AFTER ${sql.raw(event)} ON tasks
      REFERENCING ${sql.raw(rows === 'old_rows' ? 'OLD' : 'NEW')} TABLE AS ${sql.raw(rows)}
      FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(`record_task_${kind}`)}()`.execute(db);
  }
}

export async function dropChangeTriggers(db: Kysely<unknown>): Promise<void> {
  for (const { kind } of CHANGE_TRIGGERS) {
    await sql`DROP TRIGGER ${sql.raw(`tasks_${kind}`)} ON tasks`.execute(db);
    await sql`DROP FUNCTION ${sql.raw(`record_task_${kind}`)}()`.execute(db);
  }
}
