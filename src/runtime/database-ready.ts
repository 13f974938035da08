import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { createDatabase } from '../db/database.js';
import { openDatabaseServer, type DatabaseServer } from './database-server.js';
import { migrateToLatest } from '../db/migrator.js';

/**
 * The database server (given, or embedded), migrated to the latest schema outside
 * production. Production migrates as a step of its own (`npm run migrate -- latest`),
 * before rollout.
 */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<DatabaseServer> {
  const server = await openDatabaseServer(config, logger);
  if (config.profile === 'production') return server;
  const db = createDatabase({ url: server.directUrl, poolSize: 1, logger });
  try {
    await migrateToLatest(db, config.searchLanguage);
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await db.destroy();
  }
  return server;
}
