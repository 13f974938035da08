/** Result of one look at a key's hits in the trailing window. */
export interface HitCount {
  /** Hits in (now - window, now], including this one when it was recorded. */
  count: number;
  /** Whether this hit was recorded (only when under the limit). */
  recorded: boolean;
  /** Time of the oldest hit still in the window, for Retry-After. */
  oldest: number | undefined;
  /** When recorded: what names this hit to {@link HitLog.release}. */
  receipt?: string;
}

/**
 * Timestamps of hits per key over a sliding window, checked and recorded in one atomic
 * step so concurrent requests (and instances) cannot all slip under the limit together.
 * Only hits under the limit are recorded, so a key never holds more than `max` entries.
 */
export interface HitLog {
  hit(key: string, now: number, windowMs: number, max: number, record: boolean): Promise<HitCount>;
  /** Takes back one recorded hit (a reservation the guarded work did not need). */
  release(key: string, receipt: string): Promise<void>;
  /** Forgets every hit of a key (its budget is whole again). */
  clear(key: string): Promise<void>;
  /** Forgets every hit of every key. */
  clearAll(): Promise<void>;
}

/**
 * A key's hits, oldest first, as a queue: expiring drops from the front by moving `head`,
 * so a hit costs O(1) amortised even for a budget of thousands per window.
 */
interface HitQueue {
  windowMs: number;
  times: number[];
  head: number;
}

/** How many keys one process tracks; past it, the key least recently created makes room. */
const MAX_KEYS = 200_000;

/** One process's hit log: the default, and the fallback while Redis is unreachable. */
export class MemoryHitLog implements HitLog {
  private readonly hits = new Map<string, HitQueue>();
  private lastSweep = 0;

  constructor(private readonly maxKeys = MAX_KEYS) {}

  /** How many keys are tracked now (for tests of the bound). */
  get size(): number {
    return this.hits.size;
  }

  async hit(key: string, now: number, windowMs: number, max: number, record: boolean): Promise<HitCount> {
    this.sweep(now);
    let queue = this.hits.get(key);
    if (!queue) {
      queue = { windowMs, times: [], head: 0 };
      if (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
      this.hits.set(key, queue);
    }
    const cutoff = now - windowMs;
    while (queue.head < queue.times.length && (queue.times[queue.head] ?? 0) <= cutoff) queue.head++;
    // Compact once the expired front is most of the array.
    if (queue.head > 1024 && queue.head * 2 > queue.times.length) {
      queue.times = queue.times.slice(queue.head);
      queue.head = 0;
    }
    const recorded = record && queue.times.length - queue.head < max;
    if (recorded) queue.times.push(now);
    const count = queue.times.length - queue.head;
    if (count === 0) this.hits.delete(key);
    return { count, recorded, oldest: queue.times[queue.head], ...(recorded ? { receipt: String(now) } : {}) };
  }

  async release(key: string, receipt: string): Promise<void> {
    const queue = this.hits.get(key);
    if (!queue) return;
    const at = queue.times.lastIndexOf(Number(receipt));
    if (at >= queue.head) queue.times.splice(at, 1);
    if (queue.times.length === queue.head) this.hits.delete(key);
  }

  async clear(key: string): Promise<void> {
    this.hits.delete(key);
  }

  async clearAll(): Promise<void> {
    this.hits.clear();
  }

  // Keys of callers that went away would otherwise stay forever.
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, { windowMs, times }] of this.hits) {
      if ((times.at(-1) ?? 0) <= now - windowMs) this.hits.delete(key);
    }
  }
}
