import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { createApp, type App } from '../app.js';
import type { Config } from '../config/config.js';
import { slotsFromPrimary } from './cluster-slots.js';
import { openDatabaseServer, type DatabaseServer } from './database-server.js';
import { openMigratedDatabase } from './database-ready.js';
import { handleShutdown, stopBudgetMs } from './shutdown.js';

/**
 * Serves the API from this process: alone, or as one of the cluster's server processes
 * (then the primary has opened and migrated the database, and passes its URL).
 */
export async function serveInstance(config: Config, logger: Logger): Promise<void> {
  let app: App | undefined;
  let database: DatabaseServer | undefined;
  const shutdown = handleShutdown(logger, stopBudgetMs(config), async () => {
    await app?.close();
    await database?.stop();
  });

  if (cluster.isWorker) {
    // Orphaned by a primary that died without stopping us: nobody would ever signal us.
    process.on('disconnect', () => void shutdown.begin('primary process gone'));
    // The primary passes DATABASE_URL, the database it opened and migrated. Without it,
    // opening one here would start a second embedded server on the primary's data directory.
    if (!config.databaseUrl) throw new Error('a server process needs DATABASE_URL from its primary');
    database = await openDatabaseServer(config, logger);
  } else {
    database = await openMigratedDatabase(config, logger);
  }
  if (shutdown.stopping) return;

  app = await createApp(config, {
    databaseUrl: database.url,
    databaseDirectUrl: database.directUrl,
    logger,
    connectionSlots: cluster.isWorker ? slotsFromPrimary() : undefined,
  });
  const url = await app.listen();
  if (cluster.isWorker) {
    logger.info({ pid: process.pid }, 'server process ready');
  } else {
    logger.info({ profile: config.profile }, `API ready: GraphQL at ${url}/graphql, REST at ${url}/api`);
  }
}
