import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The quota's counter: kept by the same statements that insert and delete tasks, so a
  // create checks the quota without counting rows.
  await db.schema
    .alterTable('users')
    .addColumn('task_count', 'integer', (col) => col.notNull().defaultTo(0).check(sql`task_count >= 0`))
    .execute();
  await sql`UPDATE users SET task_count = (SELECT count(*) FROM tasks WHERE tasks.user_id = users.id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('task_count').execute();
}
