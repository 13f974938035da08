import type { Kysely } from 'kysely';
import type { Database, NewPasswordReset, PasswordReset } from './database.types.js';

export class PasswordResetRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a user's reset request, replacing any earlier one (and with it, its tokens). */
  async replaceForUser(reset: NewPasswordReset): Promise<void> {
    await this.db
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
  getForUpdate(id: string): Promise<PasswordReset | undefined> {
    return this.db.selectFrom('password_resets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async recordFailedAttempt(id: string): Promise<void> {
    await this.db
      .updateTable('password_resets')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async markVerified(id: string, at: Date): Promise<void> {
    await this.db.updateTable('password_resets').set({ verified_at: at }).where('id', '=', id).execute();
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.db.updateTable('password_resets').set({ used_at: at }).where('id', '=', id).execute();
  }
}
