import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.types.js';
import type { ChangeHistory, ChangePosition, TaskChangeBatch, TaskChangeRepository, TaskChangeRow } from '../../db/repositories/task-change.repository.js';
import { AppError } from '../../errors/app-error.js';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { LiveSessions } from '../auth/live-sessions.js';
import type { Caller } from '../caller.js';
import { comparePositions, decodeChangeCursor, encodeChangeCursor } from './change-cursor.js';
import type { Clock } from '../clock.js';
import type { TaskChangeSignals } from './task-change.signals.js';
import { taskChangesSchema } from './task-change.validation.js';
import { parseInput } from '../validation.js';

/** A change to one of the caller's tasks, and the cursor to resume after it. */
export type TaskChange = Omit<TaskChangeRow, 'position'> & { cursor: string };

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
/** How soon a subscriber reads again while its next change is held back, at first and at most (doubling between). */
const HELD_BACK_RETRY_MS = { first: 10, max: 1_000 };
/** Before any change. */
const START: ChangePosition = { xid: '0', seq: '0' };

const withCursor = ({ position, ...change }: TaskChangeRow): TaskChange => ({ ...change, cursor: encodeChangeCursor(position) });

const cursorExpired = () =>
  new AppError('GONE', {
    message: 'Changes this old are no longer kept: read the head cursor, list your tasks again, then follow the changes from that cursor',
    reason: 'cursor expired',
  });

/**
 * The change feed: every create, update and delete of the caller's tasks, in commit order
 * (see TaskChangeRepository for how none is skipped). Deletes are tombstones (the task's id
 * and last version). Kept for `retentionSeconds`.
 */
export interface TaskChangeDependencies {
  db: Kysely<Database>;
  changes: TaskChangeRepository;
  guard: AbuseGuard;
  clock: Clock;
  /** Wake-ups when a user's tasks change, on any instance. */
  signals: TaskChangeSignals;
  /** Whether a subscriber's session is still live (it is checked at every wake-up). */
  liveSessions: Pick<LiveSessions, 'userOf'>;
}

export class TaskChangeService {
  /** Subscribers' feed reads in flight (see followRead). */
  private readonly followReads = new Map<string, Promise<TaskChangeBatch>>();

  constructor(
    private readonly deps: TaskChangeDependencies,
    private readonly retentionSeconds: number,
  ) {}

  /**
   * The caller's changes after `after` (the head when omitted), then each new one as it is
   * committed, on any instance: a subscriber that reconnects with its last cursor misses
   * nothing. Ends once the caller's session ends.
   */
  async follow(caller: Caller, input: unknown): Promise<AsyncIterableIterator<TaskChange>> {
    await this.deps.guard.consume(caller.ip, ['taskReads', caller.userId]);
    const { cursor } = parseInput(taskChangesSchema, input);
    const { signals, liveSessions } = this.deps;
    if (signals.count(caller.userId) >= MAX_SUBSCRIPTIONS_PER_USER) {
      throw new AppError('TOO_MANY_REQUESTS', {
        message: `At most ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions per user at once`,
        reason: 'subscriptions limit reached',
      });
    }
    // Listening before anything is awaited: the cap holds for subscriptions arriving together.
    const waiter = signals.listen(caller.userId);
    let after: ChangePosition;
    try {
      after = cursor ? await this.checkedCursor(caller, cursor) : (await this.history(caller)).head;
    } catch (error) {
      waiter.close();
      throw error;
    }
    let held: TaskChange[] = [];
    // The last read returned everything committed before it: read again only once signalled.
    let caughtUp = false;
    // While the next change is held back (an older transaction still runs), read again soon, signal or not.
    let retryMs: number | undefined;
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
          if (caughtUp) await waiter.next(retryMs);
          if (done) break;
          // The session ended (its connection is being closed too): nothing more for it.
          if ((await liveSessions.userOf(caller.sessionId)) !== caller.userId) return finish();
          const { rows, heldBack } = await this.followRead(caller.userId, after);
          held = rows.map(withCursor);
          after = rows.at(-1)?.position ?? after;
          caughtUp = rows.length < FOLLOW_BATCH;
          retryMs = heldBack ? Math.min((retryMs ?? HELD_BACK_RETRY_MS.first / 2) * 2, HELD_BACK_RETRY_MS.max) : undefined;
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
  private followRead(userId: number, after: ChangePosition): Promise<TaskChangeBatch> {
    const key = `${userId}:${after.xid}.${after.seq}:${this.deps.signals.heard}`;
    let read = this.followReads.get(key);
    if (!read) {
      read = this.deps.changes.page(this.deps.db, userId, after, FOLLOW_BATCH).finally(() => this.followReads.delete(key));
      this.followReads.set(key, read);
    }
    return read;
  }

  /** The cursor of the caller's latest change: take it before a full read, then follow from it. */
  async head(caller: Caller): Promise<string> {
    await this.deps.guard.consume(caller.ip, ['taskReads', caller.userId]);
    const history = await this.deps.changes.history(this.deps.db, caller.userId);
    return encodeChangeCursor(history?.head ?? START);
  }

  async page(caller: Caller, input: unknown): Promise<TaskChangePage> {
    await this.deps.guard.consume(caller.ip, ['taskReads', caller.userId]);
    const { cursor, limit } = parseInput(taskChangesSchema, input);
    const after = await this.checkedCursor(caller, cursor ?? undefined);
    // One extra row tells whether another page follows.
    const { rows } = await this.deps.changes.page(this.deps.db, caller.userId, after, limit + 1);
    const changes = rows.slice(0, limit).map(withCursor);
    return { changes, endCursor: changes.at(-1)?.cursor ?? encodeChangeCursor(after), hasMore: rows.length > limit };
  }

  /** Drops everyone's changes older than the retention, a batch at a time (called periodically). */
  prune(): Promise<number> {
    return this.deps.changes.prune(this.deps.db, this.oldestKept(), { batch: PRUNE_BATCH });
  }

  /**
   * The position a cursor stands for (the start for none), once it is known to resume
   * without a gap: GONE when the changes after it were pruned.
   */
  private async checkedCursor(caller: Caller, cursor: string | undefined): Promise<ChangePosition> {
    const after = cursor ? decodeChangeCursor(cursor) : START;
    let history = await this.history(caller);
    // Changes past their retention go before a reader could be served them (the sweep may not have come yet).
    const oldestKept = this.oldestKept();
    if (history.oldest && history.oldest < oldestKept) {
      await this.deps.changes.prune(this.deps.db, oldestKept, { userId: caller.userId });
      history = await this.history(caller);
    }
    if (comparePositions(after, history.prunedThrough) < 0) throw cursorExpired();
    if (comparePositions(after, history.head) > 0) {
      throw new AppError('BAD_REQUEST', { message: 'Invalid cursor', reason: 'cursor is malformed', details: { cursor: ['is ahead of your changes'] } });
    }
    return after;
  }

  private async history(caller: Caller): Promise<ChangeHistory> {
    const history = await this.deps.changes.history(this.deps.db, caller.userId);
    if (!history) throw new AppError('UNAUTHORIZED', { reason: 'token invalid' });
    return history;
  }

  private oldestKept(): Date {
    return new Date(this.deps.clock.now().getTime() - this.retentionSeconds * 1000);
  }
}
