import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.types.js';
import type { UserRepository } from '../../db/user.repository.js';
import type { Clock } from '../clock.js';

/** How many users' versions one instance remembers; the oldest entry makes room. */
const MAX_ENTRIES = 50_000;
/**
 * A remembered version is read again after this long, even with the change feed live: the
 * bound on staleness should the feed ever miss a change without noticing it is down.
 */
const MAX_AGE_MS = 60_000;

/**
 * Users' current token versions, remembered so an authenticated request costs no query.
 * Only while a feed of changes is live (see `followTokenVersionChanges`): then a password
 * reset on any instance reaches every other within milliseconds. Without the feed, every
 * call reads the database, as if nothing were remembered.
 */
export class TokenVersions {
  private readonly known = new Map<number, { version: number; readAt: number }>();
  private live = false;
  // Bumped on every change: a read that began before one must not be remembered after it.
  private generation = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: Pick<UserRepository, 'getTokenVersion'>,
    private readonly clock: Clock,
  ) {}

  /** The user's current version; undefined when there is no such user. */
  async current(userId: number): Promise<number | undefined> {
    const now = this.clock.now().getTime();
    const entry = this.live ? this.known.get(userId) : undefined;
    if (entry && now - entry.readAt < MAX_AGE_MS) return entry.version;
    const generation = this.generation;
    const version = await this.users.getTokenVersion(this.db, userId);
    if (version !== undefined && this.live && generation === this.generation) this.remember(userId, version, now);
    return version;
  }

  /** The user's version changed (or the user went): forget it. */
  changed(userId: number): void {
    this.generation += 1;
    this.known.delete(userId);
  }

  /** The feed reports every change from now on; anything remembered before may be stale. */
  feedLive(): void {
    this.forgetAll();
    this.live = true;
  }

  /** Changes may go unreported: stop remembering until the feed is live again. */
  feedLost(): void {
    this.live = false;
    this.forgetAll();
  }

  private forgetAll(): void {
    this.generation += 1;
    this.known.clear();
  }

  private remember(userId: number, version: number, readAt: number): void {
    this.known.delete(userId);
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value!);
    this.known.set(userId, { version, readAt });
  }
}
