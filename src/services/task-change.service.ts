import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types.js';
import type { ChangeHistory, TaskChangeRepository, TaskChangeRow } from '../db/task-change.repository.js';
import { AppError } from '../errors/app-error.js';
import type { AbuseGuard } from './abuse/abuse-guard.js';
import type { LiveSessions } from './auth/live-sessions.js';
import type { Caller } from './caller.js';
import { decodeChangeCursor, encodeChangeCursor } from './change-cursor.js';
import type { Clock } from './clock.js';
import type { TaskChangeSignals } from './task-change-signals.js';
import { taskChangesSchema } from './task.validation.js';
import { parseInput } from './validation.js';

/** A change to one of the caller's tasks, and the cursor to resume after it. */
export type TaskChange = Omit<TaskChangeRow, 'seq'> & { cursor: string };

export interface TaskChangePage {
  changes: TaskChange[];
  /** Resume from here (the cursor given, when the page is empty). */
  endCursor: string;
  hasMore: boolean;
}

/** Changes pruned from anyone's history per sweep; the next sweep takes the rest. */
const PRUNE_BATCH = 10_000;
/** Open subscriptions a user may hold on one instance (each holds a connection's worth of state). */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;
/** Changes read (and held) at a time for a subscriber. */
const FOLLOW_BATCH = 100;

const withCursor = ({ seq, ...change }: TaskChangeRow): TaskChange => ({ ...change, cursor: encodeChangeCursor(seq) });

const cursorExpired = () =>
  new AppError('GONE', {
    message: 'Changes this old are no longer kept: read the head cursor, list your tasks again, then follow the changes from that cursor',
    reason: 'cursor expired',
  });

/**
 * The change feed: every create, update and delete of the caller's tasks, in commit order,
 * numbered without gaps (see the migration add-task-sync). Deletes are
 * tombstones (the task's id and last version). Kept for `retentionSeconds`.
 */
export interface TaskChangeDependencies {
  db: Kysely<Database>;
  changes: TaskChangeRepository;
  guard: AbuseGuard;
  clock: Clock;
  /** Wake-ups when a user's tasks change, on any instance. */
  signals: TaskChangeSignals;
  /** Whether a subscriber's session is still live (it is checked at every wake-up). */
  sessions: Pick<LiveSessions, 'userOf'>;
}

export class TaskChangeService {
  private readonly db: Kysely<Database>;
  private readonly changes: TaskChangeRepository;
  private readonly guard: AbuseGuard;
  private readonly clock: Clock;
  /** Subscribers' feed reads in flight (see followRead). */
  private readonly followReads = new Map<string, Promise<TaskChangeRow[]>>();

  constructor(
    private readonly deps: TaskChangeDependencies,
    private readonly retentionSeconds: number,
  ) {
    this.db = deps.db;
    this.changes = deps.changes;
    this.guard = deps.guard;
    this.clock = deps.clock;
  }

  /**
   * The caller's changes after `after` (the head when omitted), then each new one as it is
   * committed, on any instance: a subscriber that reconnects with its last cursor misses
   * nothing. Ends once the caller's session ends.
   */
  async follow(caller: Caller, input: unknown): Promise<AsyncIterableIterator<TaskChange>> {
    await this.guard.consume(caller.ip, ['taskReads', caller.userId]);
    const { cursor } = parseInput(taskChangesSchema, input);
    const { signals, sessions } = this.deps;
    if (signals.count(caller.userId) >= MAX_SUBSCRIPTIONS_PER_USER) {
      throw new AppError('TOO_MANY_REQUESTS', {
        message: `At most ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions per user at once`,
        reason: 'subscriptions limit reached',
      });
    }
    // Listening before anything is awaited: the cap holds for subscriptions arriving together.
    const waiter = signals.listen(caller.userId);
    let after: string;
    try {
      after = cursor ? await this.checkedCursor(caller, cursor) : (await this.history(caller)).head;
    } catch (error) {
      waiter.close();
      throw error;
    }
    let held: TaskChange[] = [];
    // The last read returned everything committed before it: read again only once signalled.
    let caughtUp = false;
    let done = false;
    const finish = () => {
      done = true;
      waiter.close();
      return { value: undefined, done: true as const };
    };
    const changes: AsyncIterableIterator<TaskChange> = {
      [Symbol.asyncIterator]: () => changes,
      next: async () => {
        while (!done) {
          const change = held.shift();
          if (change) return { value: change, done: false };
          // A signal that came since the last read is kept by the waiter, so none is missed.
          if (caughtUp) await waiter.next();
          if (done) break;
          // The session ended (its connection is being closed too): nothing more for it.
          if ((await sessions.userOf(caller.sessionId)) !== caller.userId) return finish();
          const rows = await this.followRead(caller.userId, after);
          held = rows.map(withCursor);
          after = rows.at(-1)?.seq ?? after;
          caughtUp = rows.length < FOLLOW_BATCH;
        }
        return finish();
      },
      return: async () => finish(),
    };
    return changes;
  }

  /**
   * A subscriber's read of the feed, shared with the user's other subscribers at the same
   * cursor that ask before another signal is heard: one change wakes them all, and one read
   * serves them. A read begun before a later signal is never shared past it, so whoever that
   * signal woke reads again and sees its change.
   */
  private followRead(userId: number, after: string): Promise<TaskChangeRow[]> {
    const key = `${userId}:${after}:${this.deps.signals.heard}`;
    let read = this.followReads.get(key);
    if (!read) {
      read = this.changes.page(this.db, userId, after, FOLLOW_BATCH).finally(() => this.followReads.delete(key));
      this.followReads.set(key, read);
    }
    return read;
  }

  /** The cursor of the caller's latest change: take it before a full read, then follow from it. */
  async head(caller: Caller): Promise<string> {
    await this.guard.consume(caller.ip, ['taskReads', caller.userId]);
    const history = await this.changes.history(this.db, caller.userId);
    return encodeChangeCursor(history?.head ?? '0');
  }

  async page(caller: Caller, input: unknown): Promise<TaskChangePage> {
    await this.guard.consume(caller.ip, ['taskReads', caller.userId]);
    const { cursor, limit } = parseInput(taskChangesSchema, input);
    const after = await this.checkedCursor(caller, cursor ?? undefined);
    // One extra row tells whether another page follows.
    const rows = await this.changes.page(this.db, caller.userId, after, limit + 1);
    const changes = rows.slice(0, limit).map(withCursor);
    return { changes, endCursor: changes.at(-1)?.cursor ?? encodeChangeCursor(after), hasMore: rows.length > limit };
  }

  /** Drops everyone's changes older than the retention, a batch at a time (called periodically). */
  prune(): Promise<number> {
    return this.changes.prune(this.db, this.oldestKept(), { batch: PRUNE_BATCH });
  }

  /**
   * The change number a cursor stands for ('0' for none), once it is known to resume
   * without a gap: GONE when the changes after it were pruned.
   */
  private async checkedCursor(caller: Caller, cursor: string | undefined): Promise<string> {
    const after = cursor ? decodeChangeCursor(cursor) : '0';
    let history = await this.history(caller);
    // Changes past their retention go before a reader could be served them (the sweep may not have come yet).
    const oldestKept = this.oldestKept();
    if (history.oldest && history.oldest < oldestKept) {
      await this.changes.prune(this.db, oldestKept, { userId: caller.userId });
      history = await this.history(caller);
    }
    if (BigInt(after) < BigInt(history.prunedThrough)) throw cursorExpired();
    if (BigInt(after) > BigInt(history.head)) {
      throw new AppError('BAD_REQUEST', { message: 'Invalid cursor', reason: 'cursor is malformed', details: { cursor: ['is ahead of your changes'] } });
    }
    return after;
  }

  private async history(caller: Caller): Promise<ChangeHistory> {
    const history = await this.changes.history(this.db, caller.userId);
    if (!history) throw new AppError('UNAUTHORIZED', { reason: 'token invalid' });
    return history;
  }

  private oldestKept(): Date {
    return new Date(this.clock.now().getTime() - this.retentionSeconds * 1000);
  }
}
