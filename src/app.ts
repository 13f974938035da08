import 'reflect-metadata';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { createDatabase } from './db/database.js';
import type { Database } from './db/database.types.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { createGraphQLEndpoint, GRAPHQL_PATH } from './http/graphql-endpoint.js';
import { assignRequestId } from './http/request-context.js';
import { guardRequests } from './http/request-guard.js';
import { createLimitStore } from './redis/hit-log-factory.js';
import { createLogger } from './logger.js';
import { restApi } from './rest/rest-api.js';
import { restFieldName } from './rest/wire-format.js';
import { createMailer } from './mail/mailer.js';
import { systemClock, type Clock } from './services/clock.js';
import { createServices } from './services/services.js';

export interface AppOptions {
  /** Where PostgreSQL is: `config.databaseUrl`, or the embedded server's URL. */
  databaseUrl: string;
  logger?: Logger;
  /** Tests move time instead of sleeping. */
  clock?: Clock;
}

export interface App {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** Starts serving; port 0 picks a free one. Resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, then closes the pool. */
  close(): Promise<void>;
}

/**
 * Builds the whole app from a config object: no module-level state, so tests can run
 * several apps side by side in one process.
 */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const db = createDatabase({ url: options.databaseUrl, poolSize: config.databasePoolSize, logger });
  const mailer = createMailer({
    smtpUrl: config.mail.smtpUrl,
    from: config.mail.from,
    outboxDir: path.join(config.dataDir, 'outbox'),
    logger,
  });
  const limitStore = createLimitStore(config.limits.redisUrl, config.limits.redisKeyPrefix, logger);
  const services = createServices(config, { db, mailer, clock: options.clock ?? systemClock, hitLog: limitStore.hitLog });
  const graphql = await createGraphQLEndpoint(services, config, logger);
  const exposeInternals = config.profile === 'development';

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.limits.trustProxy);
  app.use(assignRequestId());
  app.use(guardRequests(services.guard));
  app.use(express.json({ limit: config.bodyLimitBytes }));

  app.get('/health', async (_req, res) => {
    await sql`SELECT 1`.execute(db);
    res.json({ status: 'ok' });
  });
  for (const base of ['/api', '/api/v1']) app.use(base, restApi(services));
  app.use(GRAPHQL_PATH, graphql.middleware);
  app.use(notFound());
  app.use(errorHandler(logger, exposeInternals, restFieldName));

  let server: Server | undefined;
  return {
    db,
    logger,
    async listen(port = config.port, host = config.host) {
      server = app.listen(port, host);
      await once(server, 'listening');
      const { port: actual } = server.address() as AddressInfo;
      return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actual}`;
    },
    async close() {
      if (server) {
        const closed = once(server, 'close');
        server.close();
        server.closeIdleConnections();
        await closed;
      }
      await graphql.stop();
      await mailer.drain();
      await limitStore.close();
      await db.destroy();
    },
  };
}
