import { sql, type Kysely } from 'kysely';
import type { Database, IpBan } from './database.types.js';

export class IpBanRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Bans still in force at `now`, soonest to expire first. */
  listActive(now: Date): Promise<IpBan[]> {
    return this.db
      .selectFrom('ip_bans')
      .select(['ip', 'reason', 'banned_until', 'created_at'])
      .where('banned_until', '>', now)
      .orderBy('banned_until')
      .execute();
  }

  /** Bans an address; an existing ban is extended, never shortened. */
  async upsert(ip: string, until: Date, reason: string): Promise<void> {
    await this.db
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

  async delete(ip: string): Promise<boolean> {
    const result = await this.db.deleteFrom('ip_bans').where('ip', '=', ip).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Drops bans that ended before `now`. */
  async deleteExpired(now: Date): Promise<void> {
    await this.db.deleteFrom('ip_bans').where('banned_until', '<=', now).execute();
  }
}
