import type { Kysely } from 'kysely';
import type { Database, IpBan } from '../../db/database.types.js';
import type { IpBanRepository } from '../../db/repositories/ip-ban.repository.js';
import { AppError } from '../../errors/app-error.js';
import { addressSubject, canonicalIp } from './ip-address.js';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';

export type { IpBan };

/** How long an instance may serve from its copy of the ban list before reading it again. */
const CACHE_MS = 2_000;
/** The most bans one instance holds in memory; should there be more, the last to expire are kept. */
const MAX_CACHED_BANS = 100_000;

/**
 * Banned addresses, kept in PostgreSQL so bans outlive restarts and hold on every
 * instance. Each instance reads the (small) active list at most every two seconds, so the
 * check in front of every request costs no query; its own bans apply at once.
 */
export class IpBans {
  private active = new Map<string, Date>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;
  private readFailing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bans: IpBanRepository,
    private readonly clock: Clock,
    private readonly logger?: Logger,
    /** IPv6 addresses are banned (and budgeted) by networks of this many bits. */
    private readonly ipv6Prefix = 64,
  ) {}

  /**
   * What an address is banned and budgeted as: IPv4 as itself, IPv6 by its network (see
   * {@link addressSubject}), in PostgreSQL's own text so a reloaded list still matches.
   * BAD_REQUEST for what is not an address.
   */
  subjectOf(ip: string): string {
    return addressSubject(canonicalIp(ip), this.ipv6Prefix);
  }

  /** FORBIDDEN_ACCESS (reason `ip banned`) when the subject (as {@link subjectOf} gives it) is banned now. */
  async assertNotBanned(subject: string): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() - this.loadedAt > CACHE_MS) await (this.loading ??= this.reload(now));
    const until = this.active.get(subject);
    if (until && until > now) {
      throw new AppError('FORBIDDEN_ACCESS', {
        message: 'This address is banned',
        reason: 'ip banned',
        retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000),
      });
    }
  }

  async ban(ip: string, durationMs: number, reason: string): Promise<Date> {
    const key = this.subjectOf(ip);
    const until = new Date(this.clock.now().getTime() + durationMs);
    await this.bans.upsert(this.db, key, until, reason);
    const current = this.active.get(key);
    if (!current || current < until) {
      if (!current && this.active.size >= MAX_CACHED_BANS) this.active.delete(this.active.keys().next().value!);
      this.active.set(key, until);
    }
    this.logger?.warn({ ip: key, cause: reason, until: until.toISOString() }, 'address banned');
    return until;
  }

  async unban(ip: string): Promise<boolean> {
    const key = this.subjectOf(ip);
    this.active.delete(key);
    const lifted = await this.bans.delete(this.db, key);
    if (lifted) this.logger?.warn({ ip: key }, 'ban lifted');
    return lifted;
  }

  list(): Promise<IpBan[]> {
    return this.bans.listActive(this.db, this.clock.now());
  }

  /**
   * While the database cannot be read, the last list stands (retried every two seconds):
   * a database outage must not turn into an outage of the routes that need no database.
   */
  private async reload(now: Date): Promise<void> {
    try {
      await this.bans.deleteExpired(this.db, now);
      const rows = (await this.bans.listActive(this.db, now)).slice(-MAX_CACHED_BANS);
      this.active = new Map(rows.map((row) => [row.ip, row.banned_until]));
      this.readFailing = false;
    } catch (error) {
      if (!this.readFailing) this.logger?.warn({ error: (error as Error).message }, 'cannot read IP bans: keeping the last list');
      this.readFailing = true;
    } finally {
      this.loadedAt = now.getTime();
      this.loading = undefined;
    }
  }
}
