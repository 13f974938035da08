/** How long a subscriber waits for a signal before reading the feed anyway. */
const POLL_WHILE_LIVE_MS = 30_000;
/** The same while signals may go missing (the notification feed is down). */
const POLL_WHILE_LOST_MS = 1_000;

/** One subscriber's wake-ups: at most one pending, however many signals came. */
export class Waiter {
  private pending = false;
  private wakeUp: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly signals: TaskChangeSignals,
    readonly userId: number,
  ) {}

  /** Resolves at the next signal (or one that came since the last call), on close, or after `waitMs` (a while by default). */
  next(waitMs?: number): Promise<void> {
    if (this.pending || this.closed) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(), waitMs ?? (this.signals.live ? POLL_WHILE_LIVE_MS : POLL_WHILE_LOST_MS));
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    if (wakeUp) wakeUp();
    else this.pending = true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signals.remove(this);
    this.wake();
  }
}

/**
 * Tells a user's subscribers on this instance that their tasks changed, as the database
 * announces it (every write to tasks is announced once committed, whichever instance wrote:
 * TaskChangeAnnouncer). A signal
 * carries nothing but the user: subscribers read the change feed from their own cursor, so
 * a missed or doubled signal can delay a change but never lose or repeat one.
 */
export class TaskChangeSignals {
  private readonly waiters = new Map<number, Set<Waiter>>();
  live = false;
  /**
   * Counts the signals heard (anyone's): a feed read begun at a count has seen every change
   * whose signal that count includes, since a signal comes only after its change committed.
   */
  heard = 0;

  listen(userId: number): Waiter {
    const waiter = new Waiter(this, userId);
    let forUser = this.waiters.get(userId);
    if (!forUser) this.waiters.set(userId, (forUser = new Set()));
    forUser.add(waiter);
    return waiter;
  }

  /** How many subscribers the user has on this instance. */
  count(userId: number): number {
    return this.waiters.get(userId)?.size ?? 0;
  }

  remove(waiter: Waiter): void {
    const forUser = this.waiters.get(waiter.userId);
    forUser?.delete(waiter);
    if (forUser?.size === 0) this.waiters.delete(waiter.userId);
  }

  /** A notification: the payload is the ids of the users whose tasks changed, comma-separated. */
  notified(payload: string): void {
    this.heard += 1;
    for (const id of payload.split(',')) for (const waiter of this.waiters.get(Number(id)) ?? []) waiter.wake();
  }

  /** Signals flow (again): everyone reads once, for what may have been missed. */
  feedLive(): void {
    this.live = true;
    this.wakeAll();
  }

  feedLost(): void {
    this.live = false;
    this.wakeAll();
  }

  private wakeAll(): void {
    this.heard += 1;
    for (const forUser of this.waiters.values()) for (const waiter of forUser) waiter.wake();
  }
}
