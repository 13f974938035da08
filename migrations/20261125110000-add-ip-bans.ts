import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // In PostgreSQL, not in each instance's memory: bans survive restarts and hold everywhere.
  await db.schema
    .createTable('ip_bans')
    .addColumn('ip', sql`inet`, (col) => col.primaryKey())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('banned_until', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('ip_bans_banned_until_idx').on('ip_bans').column('banned_until').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ip_bans').execute();
}
