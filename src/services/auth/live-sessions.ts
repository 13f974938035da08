import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.types.js';
import type { SessionRepository } from '../../db/repositories/session.repository.js';
import type { Clock } from '../clock.js';

/** How many sessions one instance remembers; the oldest entry makes room. */
const MAX_ENTRIES = 50_000;
/**
 * A remembered session is read again after this long, even with the feed live: the bound
 * on staleness should the feed ever miss an end without noticing it is down.
 */
const MAX_AGE_MS = 60_000;

/**
 * Which sessions are live (and whose), remembered so an authenticated request costs no
 * query. Only while a feed of session ends is live (`followNotifications` on the session-ends channel, wired in app.ts): then a logout
 * or revocation on any instance reaches every other within milliseconds. Without the feed,
 * every call reads the database, as if nothing were remembered.
 */
export class LiveSessions {
  private readonly known = new Map<string, { userId: number; readAt: number }>();
  private readonly endListeners = new Set<(sessionId: string) => void>();
  private live = false;
  // Bumped on every end: a read that began before one must not be remembered after it.
  private generation = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sessions: Pick<SessionRepository, 'userOf'>,
    private readonly clock: Clock,
  ) {}

  /** The user whose live session this is; undefined once it has ended. */
  async userOf(sessionId: string): Promise<number | undefined> {
    const now = this.clock.now().getTime();
    const entry = this.live ? this.known.get(sessionId) : undefined;
    if (entry && now - entry.readAt < MAX_AGE_MS) return entry.userId;
    const generation = this.generation;
    const userId = await this.sessions.userOf(this.db, sessionId);
    if (userId !== undefined && this.live && generation === this.generation) this.remember(sessionId, userId, now);
    return userId;
  }

  /** The session ended: forget it, and tell who asked to know (open subscriptions). */
  ended(sessionId: string): void {
    this.generation += 1;
    this.known.delete(sessionId);
    for (const listener of this.endListeners) listener(sessionId);
  }

  /** Calls `listener` with every session that ends from now on; the returned function stops it. */
  onEnded(listener: (sessionId: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** The feed reports every end from now on; anything remembered before may be stale. */
  feedLive(): void {
    this.forgetAll();
    this.live = true;
  }

  /** Ends may go unreported: stop remembering until the feed is live again. */
  feedLost(): void {
    this.live = false;
    this.forgetAll();
  }

  private forgetAll(): void {
    this.generation += 1;
    this.known.clear();
  }

  private remember(sessionId: string, userId: number, readAt: number): void {
    this.known.delete(sessionId);
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value!);
    this.known.set(sessionId, { userId, readAt });
  }
}
