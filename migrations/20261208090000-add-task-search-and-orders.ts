import { sql, type Kysely } from 'kysely';

/**
 * Full-text search and the sort orders of task lists.
 *
 * `search` is the title (weight A) and description (weight B) as a `tsvector`, generated in
 * the language `task_search_language()` names and kept in a GIN index. The language lives in
 * the database, in that one function, so the stored vectors and every query agree whatever
 * an instance is configured with; `npm run migrate -- latest` changes it (and rebuilds the
 * vectors) when `SEARCH_LANGUAGE` asks for another (see `alignSearchLanguage`).
 *
 * Each order has one index serving both scopes: a personal list is (project_id is null,
 * user_id), a project's is (project_id, user_id is null), and the sort key and id follow,
 * so a keyset page of any order is one range read whatever its depth. The expressions
 * here are the ones the pages sort by (task-pages.ts): PostgreSQL uses an expression index
 * only for the same expression. Tasks without a due date sort as
 * if due at the end of time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE FUNCTION task_search_language() RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 'english'::regconfig $$`.execute(db);
  await sql`ALTER TABLE tasks ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector(task_search_language(), title), 'A') || setweight(to_tsvector(task_search_language(), description), 'B')
  ) STORED`.execute(db);
  await sql`CREATE INDEX tasks_search_idx ON tasks USING gin (search)`.execute(db);
  for (const [name, key] of ORDER_KEYS) {
    await sql`CREATE INDEX ${sql.id(`tasks_${name}_order_idx`)} ON tasks (project_id, user_id, ${sql.raw(key)}, id)`.execute(db);
  }
}

/** Each order's sort key, as its index and its pages write it. */
const ORDER_KEYS = [
  ['due_date', "(coalesce(due_date, 'infinity'::timestamptz))"],
  ['priority', 'priority'],
  ['created_at', 'created_at'],
  ['updated_at', 'updated_at'],
  ['title', '(lower(title))'],
] as const;

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of ORDER_KEYS) await sql`DROP INDEX ${sql.id(`tasks_${name}_order_idx`)}`.execute(db);
  await sql`ALTER TABLE tasks DROP COLUMN search`.execute(db);
  await sql`DROP FUNCTION task_search_language()`.execute(db);
}
