import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types.js';
import type { HitLogRepository } from '../db/repositories/hit-log.repository.js';
import type { HitCount, HitLog } from '../services/abuse/hit-log.js';

/** How often expired keys are swept away. */
const SWEEP_MS = 60_000;

/**
 * A hit log in PostgreSQL, shared by every process and instance on the database: where the
 * security budgets live when there is no Redis. One statement per check (see
 * HitLogRepository.hit); expired keys are swept once a minute.
 */
export class PostgresHitLog implements HitLog {
  private lastSweep = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hits: HitLogRepository,
  ) {}

  async hit(key: string, now: number, windowMs: number, max: number, record: boolean): Promise<HitCount> {
    if (now - this.lastSweep > SWEEP_MS) {
      this.lastSweep = now;
      await this.hits.deleteExpired(this.db, new Date(now));
    }
    const member = BigInt(now) * 1000n + BigInt(randomInt(1000));
    const liveFrom = BigInt(now - windowMs + 1) * 1000n;
    const { members } = await this.hits.hit(this.db, key, member, liveFrom, max, record, new Date(now + windowMs));
    const recorded = record && members.includes(member);
    const oldest = members[0] === undefined ? undefined : Number(members[0] / 1000n);
    return { count: members.length, recorded, oldest, ...(recorded ? { receipt: member.toString() } : {}) };
  }

  release(key: string, receipt: string): Promise<void> {
    return this.hits.release(this.db, key, BigInt(receipt));
  }

  clear(key: string): Promise<void> {
    return this.hits.clear(this.db, key);
  }

  clearAll(): Promise<void> {
    return this.hits.clearAll(this.db);
  }
}
