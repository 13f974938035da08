import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseServer {
  /** Where to connect. */
  url: string;
  /** Where a connection that needs a session connects (LISTEN, migrations, admin commands): `url` unless a pooler sits there. */
  directUrl: string;
  /** Stops the embedded server; nothing to do for a server we were given. */
  stop(): Promise<void>;
}

/**
 * The PostgreSQL to use: `DATABASE_URL` when set, else an embedded one under `DATA_DIR`.
 * With `joinRunning` (admin commands), the embedded one a running app already serves is
 * used as it is. The caller handles SIGINT/SIGTERM and must call `stop()` on the way out.
 */
export async function openDatabaseServer(config: Config, logger: Logger, { joinRunning = false } = {}): Promise<DatabaseServer> {
  if (config.databaseUrl) return { url: config.databaseUrl, directUrl: config.databaseDirectUrl ?? config.databaseUrl, stop: async () => {} };
  const running = joinRunning ? await runningEmbeddedPostgresUrl(config.dataDir) : undefined;
  if (running) return { url: running, directUrl: running, stop: async () => {} };
  logger.info('DATABASE_URL is not set: starting an embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres(config.dataDir, logger, { ownSignals: true });
  return { ...embedded, directUrl: embedded.url };
}
