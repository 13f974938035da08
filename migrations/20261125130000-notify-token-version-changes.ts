import { sql, type Kysely } from 'kysely';

/**
 * Instances remember users' token versions instead of reading one on every request; this
 * tells them when one changes. The trigger sits in the database, so every change notifies,
 * whichever instance, script or hand made it, and only once it commits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION notify_token_version_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.token_version IS DISTINCT FROM NEW.token_version THEN
        PERFORM pg_notify('token_version_changes', OLD.id::text);
      END IF;
      RETURN NULL;
    END
    $$`.execute(db);
  // UPDATE OF token_version: the task counter's updates on every create never fire it.
  await sql`
    CREATE TRIGGER users_token_version_change
    AFTER UPDATE OF token_version OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_token_version_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER users_token_version_change ON users`.execute(db);
  await sql`DROP FUNCTION notify_token_version_change()`.execute(db);
}
