import { sql, type Kysely } from 'kysely';
import type { Database, NewUser, User } from '../database.types.js';

/** Matches a user by username or email, ignoring case (served by the lower() unique indexes). */
export type UserLookup = { username: string } | { email: string };

const lower = (column: 'username' | 'email') => sql<string>`lower(${sql.ref(column)})`;

/** Methods take the database or a transaction first, so a service can compose a transaction. */
export class UserRepository {
  getById(db: Kysely<Database>, id: number): Promise<User | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findOne(db: Kysely<Database>, lookup: UserLookup): Promise<User | undefined> {
    const [column, value] = 'username' in lookup ? (['username', lookup.username] as const) : (['email', lookup.email] as const);
    return db.selectFrom('users').selectAll().where(lower(column), '=', value.toLowerCase()).executeTakeFirst();
  }

  /** Which of a username and an email are already taken (case-insensitively). */
  async findTaken(db: Kysely<Database>, username: string, email: string): Promise<{ username: boolean; email: boolean }> {
    const rows = await db
      .selectFrom('users')
      .select(['username', 'email'])
      .where((eb) => eb.or([eb(lower('username'), '=', username.toLowerCase()), eb(lower('email'), '=', email.toLowerCase())]))
      .execute();
    return {
      username: rows.some((r) => r.username.toLowerCase() === username.toLowerCase()),
      email: rows.some((r) => r.email.toLowerCase() === email.toLowerCase()),
    };
  }

  async setPassword(db: Kysely<Database>, id: number, passwordHash: string): Promise<void> {
    await db.updateTable('users').set({ password_hash: passwordHash, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
  }

  /**
   * Deletes the user; their tasks, sessions and reset requests go with them (foreign keys),
   * then their change feed. Two statements in one transaction (the caller's, or one of its
   * own): the second, with a snapshot taken once the user's row is gone, sees every change
   * committed before that, and no write can append one after it (a write appends under the
   * user's row lock).
   */
  async delete(db: Kysely<Database>, id: number): Promise<void> {
    if (!db.isTransaction) return db.transaction().execute((trx) => this.delete(trx, id));
    await db.deleteFrom('users').where('id', '=', id).execute();
    await db.deleteFrom('task_changes').where('user_id', '=', id).execute();
  }

  create(db: Kysely<Database>, user: NewUser): Promise<User> {
    return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
  }
}

/** Unique index names, for telling which field a concurrent signup collided on. */
export const USER_UNIQUE_INDEX = {
  username: 'users_username_lower_key',
  email: 'users_email_lower_key',
} as const;
