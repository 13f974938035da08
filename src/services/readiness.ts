import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types.js';
import { pendingMigrations } from '../db/migrator.js';
import { AppError } from '../errors/app-error.js';

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
  if (pending.length > 0) {
    throw new AppError('SERVICE_UNAVAILABLE', {
      message: 'The database schema is behind this version: run the migrations',
      reason: `pending migrations: ${pending.join(', ')}`,
      retryAfterSeconds: 30,
    });
  }
}
