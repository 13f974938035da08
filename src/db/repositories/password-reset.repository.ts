import type { Kysely } from 'kysely';
import type { Database, NewPasswordReset, PasswordReset } from '../database.types.js';

/** Methods take the database or a transaction first, so a service can compose a transaction. */
export class PasswordResetRepository {
  /** Stores a user's reset request, replacing any earlier one (and with it, its tokens). */
  async replaceForUser(db: Kysely<Database>, reset: NewPasswordReset): Promise<void> {
    await db
      .insertInto('password_resets')
      .values(reset)
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet((eb) => ({
          id: eb.ref('excluded.id'),
          code_hash: eb.ref('excluded.code_hash'),
          expires_at: eb.ref('excluded.expires_at'),
          failed_attempts: 0,
          verified_at: null,
          used_at: null,
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
  }

  /** Reads a request and locks it until the transaction ends, so attempts are counted exactly. */
  getForUpdate(db: Kysely<Database>, id: string): Promise<PasswordReset | undefined> {
    return db.selectFrom('password_resets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async recordFailedAttempt(db: Kysely<Database>, id: string): Promise<void> {
    await db
      .updateTable('password_resets')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async markVerified(db: Kysely<Database>, id: string, at: Date): Promise<void> {
    await db.updateTable('password_resets').set({ verified_at: at }).where('id', '=', id).execute();
  }

  async markUsed(db: Kysely<Database>, id: string, at: Date): Promise<void> {
    await db.updateTable('password_resets').set({ used_at: at }).where('id', '=', id).execute();
  }
}
