import type { Logger } from 'pino';
import type { HitCount, HitLog } from '../services/abuse/hit-log.js';

/**
 * Uses a shared store (Redis, PostgreSQL) while it answers and the process's own memory
 * while it does not: limits keep holding (per instance) and the API keeps serving. Logged
 * once when the store goes, once when it is back.
 */
export class FailoverHitLog implements HitLog {
  private failing = false;

  constructor(
    private readonly primary: HitLog,
    private readonly fallback: HitLog,
    private readonly logger: Logger,
    /** The shared store's name, for the log. */
    private readonly storeName = 'Redis',
  ) {}

  async hit(key: string, now: number, windowMs: number, max: number, record: boolean): Promise<HitCount> {
    try {
      const result = await this.primary.hit(key, now, windowMs, max, record);
      if (this.failing) {
        this.failing = false;
        this.logger.info(`${this.storeName} is back: rate limits are shared again`);
      }
      return result;
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.error({ error: (error as Error).message }, `${this.storeName} unavailable: rate limits fall back to this instance only`);
      }
      return this.fallback.hit(key, now, windowMs, max, record);
    }
  }

  async release(key: string, receipt: string): Promise<void> {
    // A receipt names its hit in one store only; the other ignores it.
    await Promise.all([this.primary.release(key, receipt).catch(() => {}), this.fallback.release(key, receipt)]);
  }

  async clear(key: string): Promise<void> {
    // Hits may sit in either store (the fallback's from while the shared one was down).
    await Promise.all([this.primary.clear(key), this.fallback.clear(key)]);
  }

  async clearAll(): Promise<void> {
    await Promise.all([this.primary.clearAll(), this.fallback.clearAll()]);
  }
}
