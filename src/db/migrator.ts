import { type Kysely, sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../migrations/index.js';

/** Migrations see the database untyped: they describe past schemas, not today's table types. */
export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/**
 * Runs every pending migration, then makes search stem in `searchLanguage` when given;
 * throws with the failing migration's name and cause.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, searchLanguage?: string): Promise<MigrationResultSet> {
  const resultSet = await createMigrator(db).migrateToLatest();
  throwIfFailed(resultSet);
  if (searchLanguage !== undefined) await alignSearchLanguage(db, searchLanguage);
  return resultSet;
}

/** Names of the migrations this code knows that the database has not run yet. */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

export function throwIfFailed({ error, results }: MigrationResultSet): void {
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
  throw new Error(`Migration ${failed} failed`, { cause: error });
}

/** The language task search stems in, as the database has it. */
export async function searchLanguage<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ language: string }>`SELECT task_search_language()::text AS language`.execute(db);
  return rows[0]!.language;
}

/**
 * Makes task search stem in `language` (a PostgreSQL text search configuration: english,
 * german, simple…): replaces the function the stored vectors and the queries name, and
 * regenerates every task's vector in the same transaction (a table rewrite: minutes on a big
 * table, so it is a release step, as migrations are). Nothing happens when it already is.
 */
export async function alignSearchLanguage<DB>(db: Kysely<DB>, language: string): Promise<{ from: string; to: string } | undefined> {
  const from = await searchLanguage(db);
  if (from === language) return undefined;
  await db.transaction().execute(async (trx) => {
    // The cast refuses a configuration PostgreSQL does not have before anything changes.
    await sql`SELECT ${language}::regconfig`.execute(trx);
    await sql`CREATE OR REPLACE FUNCTION task_search_language() RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS ${sql.raw(`$$ SELECT '${language}'::regconfig $$`)}`.execute(
      trx,
    );
    // An update regenerates a stored generated column; nothing else changes.
    await sql`UPDATE tasks SET title = title`.execute(trx);
  });
  return { from, to: language };
}
