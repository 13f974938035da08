import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
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
}

/** Opens a pool and wraps it in Kysely (see {@link createPool}). */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  return databaseOver(createPool(options));
}

export function databaseOver(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
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
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    application_name: 'task-manager-api',
    types: rowTypes,
  });
  // Only what helps: pg attaches the whole client object to these errors.
  const onClientError = (error: Error & { code?: string }) => log.warn({ code: error.code, message: error.message }, 'database connection lost');
  pool.on('error', onClientError);
  pool.on('connect', (client) => client.on('error', onClientError));
  return pool;
}
