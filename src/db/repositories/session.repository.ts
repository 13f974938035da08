import { sql, type Kysely } from 'kysely';
import { CompiledOnce } from '../compiled-once.js';
import type { Database, NewSession, Session } from '../database.types.js';

/** A refresh token found by its hash, with what its session allows. */
export interface FoundRefreshToken {
  sessionId: string;
  userId: number;
  expiresAt: Date;
  rotatedAt: Date | null;
  sessionExpiresAt: Date;
}

/** A session's first or next refresh token, as stored. */
export interface StoredRefreshToken {
  hash: Buffer;
  expiresAt: Date;
}

/** Methods take the database or a transaction first, so a service can compose a transaction. */
export class SessionRepository {
  // Read on every authenticated request the instance does not remember (see LiveSessions).
  private readonly ownerOf: CompiledOnce<[sessionId: string], { user_id: number }>;

  constructor(compiler: Kysely<Database>) {
    this.ownerOf = new CompiledOnce(compiler, (db, sessionId: string) => db.selectFrom('sessions').select('user_id').where('id', '=', sessionId));
  }

  /** The user a session belongs to; undefined once it has ended. */
  async userOf(db: Kysely<Database>, sessionId: string): Promise<number | undefined> {
    const [row] = await this.ownerOf.execute(db, sessionId);
    return row?.user_id;
  }

  async create(db: Kysely<Database>, session: NewSession, token: StoredRefreshToken): Promise<void> {
    await db.insertInto('sessions').values(session).execute();
    await this.addToken(db, session.id, token);
  }

  /**
   * Finds a refresh token and locks it and its session until the transaction ends. Both:
   * a refresh waiting on a concurrent one must then see the token as that one left it.
   */
  async findByToken(db: Kysely<Database>, hash: Buffer): Promise<FoundRefreshToken | undefined> {
    const row = await db
      .selectFrom('refresh_tokens as t')
      .innerJoin('sessions as s', 's.id', 't.session_id')
      .select(['t.session_id', 's.user_id', 't.expires_at', 't.rotated_at', 's.expires_at as session_expires_at'])
      .where('t.token_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      sessionId: row.session_id,
      userId: row.user_id,
      expiresAt: row.expires_at,
      rotatedAt: row.rotated_at,
      sessionExpiresAt: row.session_expires_at,
    };
  }

  /**
   * Retires a session's token for its successor and notes the use. Rotated tokens whose own
   * expiry has passed are dropped: presented again, they are refused as expired anyway.
   */
  async rotate(
    db: Kysely<Database>,
    sessionId: string,
    retired: Buffer,
    successor: StoredRefreshToken,
    use: { at: Date; ip: string; userAgent: string | null },
  ): Promise<void> {
    await db.updateTable('refresh_tokens').set({ rotated_at: use.at }).where('token_hash', '=', retired).execute();
    await this.addToken(db, sessionId, successor);
    await db.deleteFrom('refresh_tokens').where('session_id', '=', sessionId).where('rotated_at', 'is not', null).where('expires_at', '<=', use.at).execute();
    await db.updateTable('sessions').set({ last_used_at: use.at, ip: use.ip, user_agent: use.userAgent }).where('id', '=', sessionId).execute();
  }

  /** The user's sessions that can still be refreshed at `now`, most recently used first. */
  listLive(db: Kysely<Database>, userId: number, now: Date): Promise<Session[]> {
    return db
      .selectFrom('sessions as s')
      .selectAll('s')
      .where('s.user_id', '=', userId)
      .where('s.expires_at', '>', now)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('refresh_tokens as t')
            .select(sql.lit(1).as('one'))
            .whereRef('t.session_id', '=', 's.id')
            .where('t.rotated_at', 'is', null)
            .where('t.expires_at', '>', now),
        ),
      )
      .orderBy('s.last_used_at', 'desc')
      .orderBy('s.id')
      .execute();
  }

  /**
   * Ends the user's sessions that can no longer be refreshed at `now`, and all but the
   * `keep` most recently used of the rest. The ids of those ended.
   */
  async endStale(db: Kysely<Database>, userId: number, now: Date, keep: number): Promise<string[]> {
    const live = await this.listLive(db, userId, now);
    const kept = live.slice(0, keep).map((session) => session.id);
    let query = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (kept.length > 0) query = query.where('id', 'not in', kept);
    const rows = await query.returning('id').execute();
    return rows.map((row) => row.id);
  }

  /** Ends one of the user's sessions; undefined when the user has no such session. */
  async endOne(db: Kysely<Database>, userId: number, sessionId: string): Promise<string | undefined> {
    const row = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', sessionId).returning('id').executeTakeFirst();
    return row?.id;
  }

  /** Ends every session of the user but `except` (when given). The ids of those ended. */
  async endAll(db: Kysely<Database>, userId: number, except?: string): Promise<string[]> {
    let query = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (except !== undefined) query = query.where('id', '!=', except);
    const rows = await query.returning('id').execute();
    return rows.map((row) => row.id);
  }

  private async addToken(db: Kysely<Database>, sessionId: string, token: StoredRefreshToken): Promise<void> {
    await db.insertInto('refresh_tokens').values({ token_hash: token.hash, session_id: sessionId, expires_at: token.expiresAt }).execute();
  }
}
