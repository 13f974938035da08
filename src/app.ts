import 'reflect-metadata';
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import proxyaddr from 'proxy-addr';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { createPool, databaseOver } from './db/database.js';
import { CHANNELS, followNotifications } from './db/notifications.js';
import type { Database } from './db/database.types.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { GRAPHIQL_PATH, graphiqlPage } from './graphql/http/graphiql-page.js';
import { createGraphQLEndpoint, GRAPHQL_PATH } from './graphql/http/graphql-endpoint.js';
import type { CompiledDocumentCache } from './graphql/operations/document-cache.js';
import { localConnectionSlots, type ConnectionSlots } from './graphql/socket/connection-slots.js';
import { openSocketDoor, type SocketDoor } from './graphql/socket/socket-door.js';
import { AppMetrics, metricsEndpoint } from './http/metrics.js';
import { assignRequestId } from './http/request-context.js';
import { guardRequests } from './http/request-guard.js';
import { securityHeaders } from './http/security-headers.js';
import { corsFor } from './http/cors.js';
import { observeRequests } from './http/request-log.js';
import { errorReporter } from './http/unexpected-errors.js';
import { createLogger } from './logger.js';
import { createMailer } from './mail/mailer.js';
import { createHitLogs } from './hit-logs/hit-log-factory.js';
import { restApi } from './rest/rest-api.js';
import { restDocs } from './rest/rest-docs.js';
import { routeLabeller } from './rest/route-labels.js';
import { REST_ERROR_FORM } from './rest/wire-format.js';
import { systemClock, type Clock } from './services/clock.js';
import { assertReady, SchemaCheck, stoppingInstance } from './services/readiness.js';
import { createServices } from './services/create-services.js';

/** How long a stopping server waits before treating quiet connections as idle. */
const SETTLE_MS = 200;
/** How often old changes (reads also prune their own user's) and idempotency keys are swept. */
const CHANGE_SWEEP_MS = 10 * 60_000;

/** Where a server listening on `host` and `port` is reached from this machine. */
export function baseUrl(host: string, port: number): string {
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}

export interface AppOptions {
  /** Where PostgreSQL is: `config.databaseUrl`, or the embedded server's URL. */
  databaseUrl: string;
  /** Where the notification feed's session goes (LISTEN needs one a pooler would not keep): `databaseUrl` unless given. */
  databaseDirectUrl?: string;
  logger?: Logger;
  /** Tests move time instead of sleeping. */
  clock?: Clock;
  /** Where WebSocket connections are counted against their caps; default: in this process. */
  connectionSlots?: ConnectionSlots;
}

export interface App {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  /** The GraphQL documents sent as text that run compiled (none when GRAPHQL_DOCUMENT_CACHE is 0). */
  readonly sentAsText: CompiledDocumentCache | undefined;
  /** Starts serving; port 0 picks a free one. Resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stops accepting, lets in-flight requests finish (cutting connections only after
   * `shutdownTimeoutMs`), then stops Apollo, waits for mail in flight and closes the pool.
   */
  close(): Promise<void>;
}

/**
 * Builds the whole app from a config object: no module-level state, so tests can run
 * several apps side by side in one process.
 */
export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const pool = createPool({ url: options.databaseUrl, poolSize: config.databasePoolSize, logger, pooler: config.databasePooler });
  const db = databaseOver(pool, config.databasePooler);
  const metrics = config.metrics.enabled ? new AppMetrics(pool) : undefined;
  const mailer = createMailer({
    smtpUrl: config.mail.smtpUrl,
    from: config.mail.from,
    outboxDir: path.join(config.dataDir, 'outbox'),
    logger,
  });
  const hitLogs = createHitLogs(config.limits.redisUrl, config.limits.redisKeyPrefix, db, logger);
  const clock = options.clock ?? systemClock;
  const services = createServices(config, {
    db,
    mailer,
    clock,
    hitLogs,
    abuseEvents: metrics?.abuseEvents,
    logger,
  });
  const { liveSessions, taskChangeSignals } = services;
  const notifications = followNotifications(
    { url: options.databaseDirectUrl ?? options.databaseUrl, logger },
    {
      [CHANNELS.sessionEnds]: { feedLive: () => liveSessions.feedLive(), feedLost: () => liveSessions.feedLost(), notified: (id) => liveSessions.ended(id) },
      [CHANNELS.taskChanges]: taskChangeSignals,
      // Budgets counted in this process's memory are reset where they are kept.
      [CHANNELS.limitResets]: {
        feedLive: () => {},
        feedLost: () => {},
        notified: (subject) =>
          void services.guard
            .forgiveSubject(subject === '*' ? undefined : subject)
            .catch((error: unknown) => logger.warn({ err: error }, 'resetting budgets failed')),
      },
    },
  );
  const changeSweep = setInterval(() => {
    services.taskChanges.prune().catch((error: unknown) => logger.warn({ err: error }, 'sweeping old task changes failed'));
    services.tasks.pruneIdempotencyKeys().catch((error: unknown) => logger.warn({ err: error }, 'sweeping old idempotency keys failed'));
  }, CHANGE_SWEEP_MS);
  changeSweep.unref();
  const reportError = errorReporter(logger, config.profile === 'development');
  const schema = new SchemaCheck(db, logger, config.searchLanguage);
  await schema.start();
  const graphql = await createGraphQLEndpoint(services, config, reportError, metrics);

  // Stopping: /ready fails (the balancer's cue); draining: connections close after their answer.
  let stopping = false;
  let draining = false;
  const app = express();
  app.disable('x-powered-by');
  // While stopping, every answer closes its connection, so keep-alive clients reconnect elsewhere.
  app.use((_req, res, next) => {
    if (draining) res.setHeader('Connection', 'close');
    next();
  });
  app.set('etag', false);
  app.set('trust proxy', config.limits.trustProxy);
  app.use(assignRequestId());
  const rest = restApi(services);
  app.use(observeRequests(logger, metrics, routeLabeller(rest)));
  app.use(
    securityHeaders({
      docsPrefix: '/api/docs',
      sandboxPath: config.graphql.sandbox ? GRAPHQL_PATH : undefined,
      idePrefix: config.graphql.sandbox ? GRAPHIQL_PATH : undefined,
    }),
  );
  app.use(corsFor(config.cors));
  // Before bans and budgets: a load balancer or kubelet behind a banned address must still
  // see the instance as healthy.
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    if (stopping) throw stoppingInstance();
    await assertReady(db);
    res.json({ status: 'ready' });
  });
  // Before bans and budgets, whose tables a database not yet migrated lacks.
  app.use((_req, _res, next) => (schema.migrated ? next() : schema.assertMigrated().then(() => next(), next)));
  app.use(guardRequests(services.guard));
  app.use(express.json({ limit: config.bodyLimitBytes }));

  if (metrics) app.get('/metrics', metricsEndpoint(metrics, config.metrics.token));
  app.use(rest);
  // After the API: its requests, nearly all of them, then never pass through the docs router.
  app.use('/api', restDocs());
  // The IDEs, where GRAPHQL_SANDBOX turns them on: GraphiQL (offline) here, Apollo Sandbox on GET /graphql.
  if (config.graphql.sandbox) app.use(graphiqlPage(GRAPHQL_PATH));
  app.use(GRAPHQL_PATH, graphql.middleware);
  app.use(notFound());
  app.use(errorHandler(reportError, REST_ERROR_FORM));

  let server: HttpServer | undefined;
  let subscriptions: SocketDoor | undefined;
  return {
    db,
    logger,
    sentAsText: graphql.sentAsText,
    async listen(port = config.port, host = config.host) {
      server = createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: config.headersTimeoutMs,
          // How often the timeouts above are checked (Node's default, 30 s, would let them overrun).
          connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
        },
        app,
      );
      subscriptions = openSocketDoor(server, {
        gate: graphql.gate,
        schema: graphql.schema,
        services,
        config,
        clock,
        slots: options.connectionSlots ?? localConnectionSlots(),
        logger,
        path: GRAPHQL_PATH,
        // The address Express would give the request: the same `trust proxy` applies.
        clientAddress: (request) => proxyaddr(request, app.get('trust proxy fn')),
        formatError: graphql.formatError,
      });
      server.listen(port, host);
      await once(server, 'listening');
      return baseUrl(host, (server.address() as AddressInfo).port);
    },
    async close() {
      stopping = true;
      // Readiness first: the balancer takes this instance out while it still serves.
      if (server?.listening && config.shutdownDrainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainDelayMs));
      await subscriptions?.close();
      if (server?.listening) {
        draining = true;
        const closed = once(server, 'close');
        // Stop accepting, but unlike http.Server#close, spare connections accepted a moment
        // ago whose request is still arriving: they look idle, yet their request is real.
        Reflect.apply(Server.prototype.close, server, []);
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        server.closeIdleConnections();
        const cutOff = setTimeout(() => server?.closeAllConnections(), config.shutdownTimeoutMs);
        const idleSweep = setInterval(() => server?.closeIdleConnections(), SETTLE_MS);
        await closed;
        clearTimeout(cutOff);
        clearInterval(idleSweep);
      }
      clearInterval(changeSweep);
      await graphql.stop();
      await services.background.drain();
      await mailer.drain();
      await services.passwords.close();
      await hitLogs.close();
      await notifications.close();
      await db.destroy();
    },
  };
}
