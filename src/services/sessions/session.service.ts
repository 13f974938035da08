import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database, Session } from '../../db/database.types.js';
import type { FoundRefreshToken, SessionRepository } from '../../db/repositories/session.repository.js';
import { AppError } from '../../errors/app-error.js';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { AccessTokens } from '../auth/access-tokens.js';
import type { LiveSessions } from '../auth/live-sessions.js';
import type { RefreshTokens } from '../auth/refresh-tokens.js';
import type { Caller, Requester } from '../caller.js';
import type { Clock } from '../clock.js';
import { logoutSchema, refreshSchema, sessionIdSchema } from './session.validation.js';
import { parseInput } from '../validation.js';

/** What a login or a refresh hands the client. */
export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  /** Seconds. */
  accessExpiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** A session as its owner sees it: never a token. */
export interface SessionView {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string;
  /** The session of the token that asked. */
  current: boolean;
}

export interface SessionOptions {
  refreshTtlSeconds: number;
  maxAgeSeconds: number;
  reuseGraceSeconds: number;
}

export interface SessionDependencies {
  db: Kysely<Database>;
  sessions: SessionRepository;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  live: LiveSessions;
  guard: AbuseGuard;
  clock: Clock;
  logger?: Logger;
}

/** A user keeps this many sessions; a login past it ends the one used least recently. */
export const MAX_SESSIONS_PER_USER = 100;
const USER_AGENT_MAX_LENGTH = 256;

const refreshTokenInvalid = () => new AppError('UNAUTHORIZED', { message: 'Invalid refresh token', reason: 'token invalid' });
const refreshTokenExpired = () => new AppError('UNAUTHORIZED', { message: 'Refresh token expired', reason: 'token expired' });

type RefreshOutcome = { issued: IssuedSession } | { refused: 'unknown' | 'expired' | 'reused'; found?: FoundRefreshToken };

/**
 * Sessions: one per login, each with a refresh token that rotates on every use (RFC 9700).
 * A rotated token presented again is taken as theft and ends the whole session, unless it
 * comes within the grace window and its successor is still unused: then it is a client
 * retrying a lost answer, and gets that same successor again.
 */
export class SessionService {
  constructor(
    private readonly deps: SessionDependencies,
    private readonly options: SessionOptions,
  ) {}

  /** Starts a session for a user who just proved who they are. */
  async start(userId: number, requester: Requester): Promise<IssuedSession> {
    const { db, sessions, refreshTokens, clock } = this.deps;
    const now = clock.now();
    const id = randomUUID();
    const refreshToken = refreshTokens.first();
    const expiresAt = this.after(now, this.options.maxAgeSeconds);
    const refreshExpiresAt = this.refreshExpiry(now, expiresAt);
    const ended = await db.transaction().execute(async (trx) => {
      const stale = await sessions.endStale(trx, userId, now, MAX_SESSIONS_PER_USER - 1);
      await sessions.create(
        trx,
        { id, user_id: userId, created_at: now, last_used_at: now, expires_at: expiresAt, ip: requester.ip, user_agent: userAgentOf(requester) },
        { hash: refreshTokens.hashOf(refreshToken), expiresAt: refreshExpiresAt },
      );
      return stale;
    });
    this.forget(ended);
    return this.issue(userId, id, expiresAt, refreshToken, refreshExpiresAt, now);
  }

  /** Rotates a refresh token: the old one dies, a new pair comes back. */
  async refresh(requester: Requester, input: unknown): Promise<IssuedSession> {
    const { refreshToken } = parseInput(refreshSchema, input);
    await this.deps.guard.consume(requester.ip, ['refreshes', requester.ip]);
    const outcome = await this.deps.db.transaction().execute((trx) => this.rotate(trx, requester, refreshToken));
    if ('issued' in outcome) return outcome.issued;
    const { found } = outcome;
    if (found) this.forget([found.sessionId]);
    if (outcome.refused === 'reused' && found) {
      this.deps.logger?.warn({ userId: found.userId, sessionId: found.sessionId, ip: requester.ip }, 'refresh token reused: session ended');
    }
    throw outcome.refused === 'expired' ? refreshTokenExpired() : refreshTokenInvalid();
  }

  /** The caller's sessions that can still be refreshed, most recently used first. */
  async list(caller: Caller): Promise<SessionView[]> {
    const rows = await this.deps.sessions.listLive(this.deps.db, caller.userId, this.deps.clock.now());
    return rows.map((row) => toView(row, caller.sessionId));
  }

  /** Ends one of the caller's sessions. */
  async revoke(caller: Caller, input: unknown): Promise<string> {
    const { id } = parseInput(sessionIdSchema, input);
    const ended = await this.deps.sessions.endOne(this.deps.db, caller.userId, id);
    if (!ended) throw new AppError('NOT_FOUND', { message: 'Session not found', reason: 'session not found' });
    this.forget([ended]);
    return ended;
  }

  /** Ends the caller's session, or (`everywhere`) all of the caller's sessions; how many ended. */
  async logout(caller: Caller, input: unknown): Promise<number> {
    const { everywhere = false } = parseInput(logoutSchema, input);
    const { db, sessions } = this.deps;
    const ended = everywhere
      ? await sessions.endAll(db, caller.userId)
      : [await sessions.endOne(db, caller.userId, caller.sessionId)].filter((id) => id !== undefined);
    this.forget(ended);
    return ended.length;
  }

  /**
   * Ends every session of a user but `except`, inside the caller's transaction. Call
   * {@link forget} with the result once it commits.
   */
  endAll(trx: Kysely<Database>, userId: number, except?: string): Promise<string[]> {
    return this.deps.sessions.endAll(trx, userId, except);
  }

  /** Ended sessions stop here at once; other instances hear of it from the database. */
  forget(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.deps.live.ended(id);
  }

  private async rotate(trx: Kysely<Database>, requester: Requester, token: string): Promise<RefreshOutcome> {
    const { sessions, refreshTokens, clock } = this.deps;
    const now = clock.now();
    const found = await sessions.findByToken(trx, refreshTokens.hashOf(token));
    if (!found) return { refused: 'unknown' };
    const successor = refreshTokens.successorOf(token);

    if (found.rotatedAt !== null) {
      const retry = now.getTime() - found.rotatedAt.getTime() <= this.options.reuseGraceSeconds * 1000;
      const next = retry ? await sessions.findByToken(trx, refreshTokens.hashOf(successor)) : undefined;
      if (next && next.rotatedAt === null && next.sessionId === found.sessionId && next.expiresAt > now) {
        return { issued: this.issue(found.userId, found.sessionId, found.sessionExpiresAt, successor, next.expiresAt, now) };
      }
      await sessions.endOne(trx, found.userId, found.sessionId);
      return { refused: 'reused', found };
    }
    if (found.expiresAt <= now || found.sessionExpiresAt <= now) {
      await sessions.endOne(trx, found.userId, found.sessionId);
      return { refused: 'expired', found };
    }
    const refreshExpiresAt = this.refreshExpiry(now, found.sessionExpiresAt);
    await sessions.rotate(
      trx,
      found.sessionId,
      refreshTokens.hashOf(token),
      { hash: refreshTokens.hashOf(successor), expiresAt: refreshExpiresAt },
      { at: now, ip: requester.ip, userAgent: userAgentOf(requester) },
    );
    return { issued: this.issue(found.userId, found.sessionId, found.sessionExpiresAt, successor, refreshExpiresAt, now) };
  }

  private issue(userId: number, sessionId: string, sessionExpiresAt: Date, refreshToken: string, refreshExpiresAt: Date, now: Date): IssuedSession {
    const access = this.deps.accessTokens.issue(userId, sessionId, (sessionExpiresAt.getTime() - now.getTime()) / 1000);
    return { sessionId, accessToken: access.token, accessExpiresIn: access.expiresIn, refreshToken, refreshExpiresAt };
  }

  /** Sliding: a fresh refresh token lives its full time, but never past the session's cap. */
  private refreshExpiry(now: Date, sessionExpiresAt: Date): Date {
    const sliding = this.after(now, this.options.refreshTtlSeconds);
    return sliding < sessionExpiresAt ? sliding : sessionExpiresAt;
  }

  private after(now: Date, seconds: number): Date {
    return new Date(now.getTime() + seconds * 1000);
  }
}

// Stored as shown in the sessions list: bounded, and without control characters.
const userAgentOf = (requester: Requester): string | null =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips.
  requester.userAgent ? requester.userAgent.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, USER_AGENT_MAX_LENGTH) : null;

const toView = (row: Session, currentId: string): SessionView => ({
  id: row.id,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  userAgent: row.user_agent,
  ip: row.ip,
  current: row.id === currentId,
});
