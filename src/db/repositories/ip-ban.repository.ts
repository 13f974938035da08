import { sql, type Kysely } from 'kysely';
import type { Database, IpBan } from '../database.types.js';

/** Methods take the database or a transaction first, so a service can compose a transaction. */
export class IpBanRepository {
  /** Bans still in force at `now`, soonest to expire first. */
  listActive(db: Kysely<Database>, now: Date, limit = 1_000_000): Promise<IpBan[]> {
    return db
      .selectFrom('ip_bans')
      .select(['ip', 'reason', 'banned_until', 'created_at'])
      .where('banned_until', '>', now)
      .orderBy('banned_until')
      .limit(limit)
      .execute();
  }

  /** Bans an address; an existing ban is extended, never shortened. */
  async upsert(db: Kysely<Database>, ip: string, until: Date, reason: string): Promise<void> {
    await db
      .insertInto('ip_bans')
      .values({ ip, reason, banned_until: until })
      .onConflict((oc) =>
        oc.column('ip').doUpdateSet({
          reason: (eb) => eb.ref('excluded.reason'),
          banned_until: sql<Date>`greatest(ip_bans.banned_until, excluded.banned_until)`,
        }),
      )
      .execute();
  }

  async delete(db: Kysely<Database>, ip: string): Promise<boolean> {
    const result = await db.deleteFrom('ip_bans').where('ip', '=', ip).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Drops bans that ended before `now`. */
  async deleteExpired(db: Kysely<Database>, now: Date): Promise<void> {
    await db.deleteFrom('ip_bans').where('banned_until', '<=', now).execute();
  }
}
