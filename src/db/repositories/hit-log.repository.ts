import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.types.js';

/** One look at a key's hits: every live hit's member, oldest first. */
export interface KeyHits {
  members: bigint[];
}

/**
 * Sliding-window counters in PostgreSQL. A hit is a member `ms × 1000 + r` (r random below
 * 1000), so members order by time and two hits in one millisecond stay apart. Methods take
 * the database or a transaction first.
 */
export class HitLogRepository {
  /**
   * In one statement (the key's row lock serialises concurrent hits on it): drops the
   * key's hits older than the window, then appends `member` when `record` and under `max`.
   * Every live member after it, oldest first.
   */
  async hit(db: Kysely<Database>, key: string, member: bigint, liveFrom: bigint, max: number, record: boolean, expiresAt: Date): Promise<KeyHits> {
    const first = record && max > 0 ? sql`ARRAY[${member.toString()}::bigint]` : sql`'{}'::bigint[]`;
    const { rows } = await sql<{ hits: string[] }>`
      INSERT INTO limit_hits AS l (key, hits, expires_at)
      VALUES (${key}, ${first}, ${expiresAt})
      ON CONFLICT (key) DO UPDATE SET
        hits = (
          WITH live AS (SELECT h FROM unnest(l.hits) AS h WHERE h >= ${liveFrom.toString()}::bigint)
          SELECT coalesce((SELECT array_agg(h ORDER BY h) FROM live), '{}'::bigint[])
            || CASE WHEN ${record} AND (SELECT count(*) FROM live) < ${max} THEN ARRAY[${member.toString()}::bigint] ELSE '{}'::bigint[] END
        ),
        expires_at = greatest(l.expires_at, excluded.expires_at)
      RETURNING hits`.execute(db);
    return { members: (rows[0]?.hits ?? []).map((member) => BigInt(member)) };
  }

  async release(db: Kysely<Database>, key: string, member: bigint): Promise<void> {
    await sql`UPDATE limit_hits SET hits = array_remove(hits, ${member.toString()}::bigint) WHERE key = ${key}`.execute(db);
  }

  async clear(db: Kysely<Database>, key: string): Promise<void> {
    await db.deleteFrom('limit_hits').where('key', '=', key).execute();
  }

  async clearAll(db: Kysely<Database>): Promise<void> {
    await db.deleteFrom('limit_hits').execute();
  }

  /** Drops keys whose every hit has left its window. */
  async deleteExpired(db: Kysely<Database>, now: Date): Promise<void> {
    await db.deleteFrom('limit_hits').where('expires_at', '<', now).execute();
  }
}
