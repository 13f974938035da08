import { sql, type Kysely } from 'kysely';
import * as notifyTokenVersionChanges from './20261125130000-notify-token-version-changes.js';

/**
 * Sessions (one per login) and their refresh tokens, replacing the per-user token version:
 * every access token names its session, and ending a session (logout, revocation, password
 * change or reset, account deletion) is deleting its row. The trigger tells every instance,
 * so the session's access tokens stop working there too within moments.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_used_at', 'timestamptz', (col) => col.notNull())
    // The absolute cap: no refresh carries a session past it.
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();

  // Every refresh token a session was given, as a SHA-256 of the token: the current one
  // (rotated_at null) and those rotated away, kept to tell a replay from a stranger's guess.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'bytea', (col) => col.primaryKey())
    .addColumn('session_id', 'uuid', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('rotated_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('refresh_tokens_session_id_idx').on('refresh_tokens').column('session_id').execute();

  await sql`
    CREATE FUNCTION notify_session_end() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('session_ends', OLD.id::text);
      RETURN NULL;
    END
    $$`.execute(db);
  // Fires for rows a user's deletion cascades to as well.
  await sql`CREATE TRIGGER sessions_end AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION notify_session_end()`.execute(db);

  await sql`DROP TRIGGER users_token_version_change ON users`.execute(db);
  await sql`DROP FUNCTION notify_token_version_change()`.execute(db);
  await db.schema.alterTable('users').dropColumn('token_version').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('token_version', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await notifyTokenVersionChanges.up(db);
  await sql`DROP TRIGGER sessions_end ON sessions`.execute(db);
  await sql`DROP FUNCTION notify_session_end()`.execute(db);
  await db.schema.dropTable('refresh_tokens').execute();
  await db.schema.dropTable('sessions').execute();
}
