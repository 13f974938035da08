/** Result of one look at a key's hits in the trailing window. */
export interface HitCount {
  /** Hits in (now - window, now], including this one when it was recorded. */
  count: number;
  /** Whether this hit was recorded (only when under the limit). */
  recorded: boolean;
  /** Time of the oldest hit still in the window, for Retry-After. */
  oldest: number | undefined;
}

/**
 * Timestamps of hits per key over a sliding window, checked and recorded in one atomic
 * step so concurrent requests (and instances) cannot all slip under the limit together.
 * Only hits under the limit are recorded, so a key never holds more than `max` entries.
 */
export interface HitLog {
  hit(key: string, now: number, windowMs: number, max: number, record: boolean): Promise<HitCount>;
}

/** One process's hit log: the default, and the fallback while Redis is unreachable. */
export class MemoryHitLog implements HitLog {
  private readonly hits = new Map<string, { windowMs: number; times: number[] }>();
  private lastSweep = 0;

  async hit(key: string, now: number, windowMs: number, max: number, record: boolean): Promise<HitCount> {
    this.sweep(now);
    const entry = this.hits.get(key) ?? { windowMs, times: [] };
    const times = entry.times.filter((t) => t > now - windowMs);
    const recorded = record && times.length < max;
    if (recorded) times.push(now);
    if (times.length > 0) this.hits.set(key, { windowMs, times });
    else this.hits.delete(key);
    return { count: times.length, recorded, oldest: times[0] };
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
