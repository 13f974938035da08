import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.types.js';
import { pendingMigrations, searchLanguage } from '../db/migrator.js';
import { AppError } from '../errors/app-error.js';

/** The command that brings the schema up to date, as the answers and the log name it. */
export const MIGRATE_COMMAND = 'npm run migrate -- latest';
/** While the schema is behind, how often a request looks again (migrations may run meanwhile). */
const RECHECK_MS = 2_000;

const schemaBehind = (pending: string[]) =>
  new AppError('SERVICE_UNAVAILABLE', {
    message: `The database schema is behind this version: run \`${MIGRATE_COMMAND}\``,
    reason: `pending migrations: ${pending.join(', ')}`,
    retryAfterSeconds: 30,
  });

/** What `/ready` answers once a stop has begun: the balancer sends elsewhere while requests still finish here. */
export const stoppingInstance = () =>
  new AppError('SERVICE_UNAVAILABLE', { message: 'This instance is stopping', reason: 'shutting down', retryAfterSeconds: 5 });

/** Ready = the database answers and has every migration this code expects. */
export async function assertReady(db: Kysely<Database>): Promise<void> {
  let pending: string[];
  try {
    pending = await pendingMigrations(db);
  } catch (error) {
    throw new AppError('SERVICE_UNAVAILABLE', {
      message: 'The database is unavailable',
      reason: 'database unreachable',
      retryAfterSeconds: 5,
      cause: error,
    });
  }
  if (pending.length > 0) throw schemaBehind(pending);
}

/**
 * Production does not migrate as it starts (migrations are a release step of their own). A
 * start on a database whose schema is behind serves /health and /ready, and answers every
 * other request SERVICE_UNAVAILABLE naming the command, not a 500 from a missing table;
 * it says so in the log once. Once the migrations have run, it serves as usual.
 */
export class SchemaCheck {
  private behind: AppError | undefined;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;
  /** Once true, stays true: no request looks again. */
  migrated = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    /** SEARCH_LANGUAGE: what the database's search should stem in. */
    private readonly searchLanguage: string,
  ) {}

  /**
   * Checks at start; logs at error once when the schema is behind, and at warn when search
   * stems in another language than configured (searches keep working, in the database's).
   */
  async start(): Promise<void> {
    await this.check();
    if (this.behind)
      this.logger.error(
        { reason: this.behind.reason },
        `the database schema is behind this version: run \`${MIGRATE_COMMAND}\`; until then every request but /health and /ready answers 503`,
      );
    if (!this.migrated) return;
    const inDatabase = await searchLanguage(this.db).catch(() => undefined);
    if (inDatabase !== undefined && inDatabase !== this.searchLanguage) {
      this.logger.warn(
        { searchLanguage: inDatabase, configured: this.searchLanguage },
        `task search stems in ${inDatabase}, SEARCH_LANGUAGE says ${this.searchLanguage}: run \`${MIGRATE_COMMAND}\` to rebuild it`,
      );
    }
  }

  /** Throws SERVICE_UNAVAILABLE while the schema is behind (looked at again at most every two seconds). */
  async assertMigrated(): Promise<void> {
    if (this.migrated) return;
    if (Date.now() - this.checkedAt >= RECHECK_MS) await (this.checking ??= this.check().finally(() => (this.checking = undefined)));
    if (this.behind) throw this.behind;
  }

  private async check(): Promise<void> {
    this.checkedAt = Date.now();
    let pending: string[];
    try {
      pending = await pendingMigrations(this.db);
    } catch {
      // Unreachable: the requests themselves will say so (and /ready); nothing is known to be behind.
      this.behind = undefined;
      return;
    }
    if (pending.length > 0) {
      this.behind = schemaBehind(pending);
      return;
    }
    if (this.behind) this.logger.info('the database schema is up to date now: serving every request');
    this.behind = undefined;
    this.migrated = true;
  }
}
