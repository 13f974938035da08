import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabasePooler } from '../config/config.js';
import type { Database } from './database.types.js';
import { preparingPool } from './prepared-statements.js';
import { rowTypes } from './timestamp-parser.js';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  logger: Logger;
  /** How long a request may wait for a connection before failing with SERVICE_UNAVAILABLE. */
  connectTimeoutMs?: number;
  /** Upper bound for one statement, so no request hangs on a stuck query. */
  statementTimeoutMs?: number;
  /**
   * `transaction`: `url` is a pooler in transaction mode, where a connection is ours for one
   * transaction only: statements go unnamed (PgBouncer before 1.21 keeps no prepared ones),
   * and no session setting is sent at connect (PgBouncer refuses unknown ones): the statement
   * timeout is then the database role's (README, "Running many instances").
   */
  pooler?: DatabasePooler;
}

/** Opens a pool and wraps it in Kysely (see {@link createPool}). */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  return databaseOver(createPool(options), options.pooler);
}

export function databaseOver(pool: pg.Pool, pooler: DatabasePooler = 'none'): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool, { named: pooler === 'none' }) }) });
}

/**
 * A pg pool that survives PostgreSQL going away. node-postgres emits `error` on the pool
 * and on each idle client then; with no listener that kills the process, and Kysely
 * attaches none — so we do, and requests fail over to SERVICE_UNAVAILABLE.
 */
export function createPool(options: DatabaseOptions): pg.Pool {
  const log = options.logger.child({ module: 'db' });
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    ...(options.pooler === 'transaction' ? {} : { statement_timeout: options.statementTimeoutMs ?? 15_000 }),
    application_name: 'task-manager-api',
    types: rowTypes,
  });
  // Only what helps: pg attaches the whole client object to these errors.
  const onClientError = (error: Error & { code?: string }) => log.warn({ code: error.code, message: error.message }, 'database connection lost');
  pool.on('error', onClientError);
  pool.on('connect', (client) => client.on('error', onClientError));
  return pool;
}
