import type { Kysely } from 'kysely';
import { createChangeTriggers, dropChangeTriggers } from './20261130110000-add-task-sync.js';

/**
 * The change feed is appended by the task repository's own write statements (one statement
 * bumps the user's counter, writes the task, appends the change and notifies) instead of by
 * statement triggers: a trigger's transition table, its function call and a second update of
 * the user's row (a create already bumps task_count) made every write markedly slower
 * (BENCHMARKS.md, runs 14 to 16). Only the API's writes are recorded from here on.
 *
 * The foreign key from task_changes to users goes too: its check repeated the lock the
 * counter's bump already holds. Deleting a user deletes their changes (UserRepository).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await dropChangeTriggers(db);
  await db.schema.alterTable('task_changes').dropConstraint('task_changes_user_id_fkey').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('task_changes')
    .addForeignKeyConstraint('task_changes_user_id_fkey', ['user_id'], 'users', ['id'], (constraint) => constraint.onDelete('cascade'))
    .execute();
  await createChangeTriggers(db);
}
