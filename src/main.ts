import 'dotenv/config';
import { createApp, type App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createDatabase } from './db/database.js';
import { openDatabaseServer, type DatabaseServer } from './db/database-server.js';
import { migrateToLatest } from './db/migrator.js';
import { createLogger } from './logger.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config);
  if (config.jwt.isDevelopmentSecret) {
    logger.warn('JWT_SECRET is not set: using the public development secret (refused in production)');
  }

  let app: App | undefined;
  let database: DatabaseServer | undefined;
  let stopping = false;
  // Registered before anything starts, so a signal during start-up still stops the database.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    await app?.close();
    await database?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));

  database = await openDatabaseServer(config, logger);
  if (config.profile !== 'production') {
    // Production migrates as a separate step (`npm run migrate -- latest`), before rollout.
    const db = createDatabase({ url: database.url, poolSize: 1, logger });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  }
  if (stopping) return;

  app = await createApp(config, { databaseUrl: database.url, logger });
  const url = await app.listen();
  logger.info({ profile: config.profile }, `API ready: GraphQL at ${url}/graphql, REST at ${url}/api`);
}

main().catch((error: unknown) => {
  console.error('Failed to start:', error);
  process.exit(1);
});
