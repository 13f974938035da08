import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Security budgets (logins, codes, signups, refusals) shared by every process and instance
  // when there is no Redis: one row per counted key, its hits' times in the trailing window.
  await db.schema
    .createTable('limit_hits')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('hits', sql`bigint[]`, (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('limit_hits_expires_at_idx').on('limit_hits').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('limit_hits').execute();
}
