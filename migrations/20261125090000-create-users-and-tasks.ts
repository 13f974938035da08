import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they describe the schema at one point in time,
// not the app's current table types.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('username', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // Usernames and emails are unique regardless of case; lookups use the same expressions.
  await sql`CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`.execute(db);

  await db.schema.createType('task_priority').asEnum(['low', 'medium', 'high']).execute();
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'integer', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull().check(sql`char_length(title) BETWEEN 1 AND 60`))
    .addColumn('description', 'text', (col) => col.notNull().check(sql`char_length(description) <= 10000`))
    .addColumn('completion', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('priority', sql`task_priority`, (col) => col.notNull().defaultTo('medium'))
    .addColumn('due_date', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // Keyset pages per owner: WHERE user_id = $1 AND id > $cursor ORDER BY id.
  await db.schema.createIndex('tasks_user_id_id_idx').on('tasks').columns(['user_id', 'id']).execute();
  // The exact-title filter, still in id order for the same keyset pages.
  await db.schema.createIndex('tasks_user_id_title_id_idx').on('tasks').columns(['user_id', 'title', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
  await db.schema.dropType('task_priority').execute();
  await db.schema.dropTable('users').execute();
}
