import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { baseUrl } from '../app.js';
import type { Config } from '../config/config.js';
import type { DatabaseServer } from './database-server.js';
import { slotsForWorkers } from './cluster-slots.js';
import { openMigratedDatabase } from './database-ready.js';
import { handleShutdown, stopBudgetMs } from './shutdown.js';

/** How long the primary waits before replacing a server process that died. */
const RESPAWN_MS = 1_000;

/**
 * The primary of multi-process mode (`WEB_CONCURRENCY` > 1): opens and migrates the
 * database once, then runs that many server processes on the one port (node:cluster hands
 * out the connections), replaces any that dies, and stops them all on SIGTERM or SIGINT.
 */
export async function serveCluster(config: Config, logger: Logger): Promise<void> {
  const count = config.webConcurrency;
  const workers = new Set<Worker>();
  let database: DatabaseServer | undefined;
  // The server processes stop within their own budget; the primary's is one more margin.
  const shutdown = handleShutdown(logger, stopBudgetMs(config) + 2_000, async () => {
    await Promise.all([...workers].map(stopWorker));
    await database?.stop();
  });

  if (!config.limits.redisUrl) {
    logger.warn(
      `WEB_CONCURRENCY=${count} without REDIS_URL: each process counts its throughput limits (requests, ` +
        `task reads and writes) on its own, so those are up to ${count} times looser; security budgets are ` +
        `shared in PostgreSQL. Set REDIS_URL to share them all.`,
    );
  }
  database = await openMigratedDatabase(config, logger);
  if (shutdown.stopping) return;
  const databaseUrl = database.url;
  // WebSocket connection caps hold for the instance, not per process.
  const countSlots = slotsForWorkers();

  const fork = () => {
    const worker = cluster.fork({ DATABASE_URL: databaseUrl });
    let served = false;
    workers.add(worker);
    countSlots(worker);
    worker.once('listening', () => (served = true));
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      if (shutdown.stopping) return;
      if (!served) {
        // Failing before it listens is a configuration problem: restarting would loop.
        logger.error({ pid: worker.process.pid, code, signal }, 'a server process failed to start');
        void shutdown.begin('a server process failed to start', 1);
        return;
      }
      logger.error({ pid: worker.process.pid, code, signal }, 'a server process died; starting another');
      setTimeout(() => shutdown.stopping || fork(), RESPAWN_MS);
    });
  };

  const listening = new Promise<AddressInfo>((resolve) => {
    let ready = 0;
    const onListening = (_worker: Worker, address: AddressInfo) => {
      if (++ready < count) return;
      cluster.off('listening', onListening);
      resolve(address);
    };
    cluster.on('listening', onListening);
  });
  for (let i = 0; i < count; i++) fork();
  const { port } = await listening;
  const url = baseUrl(config.host, port);
  logger.info({ profile: config.profile, processes: count }, `API ready (${count} processes): GraphQL at ${url}/graphql, REST at ${url}/api`);
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    worker.once('exit', () => resolve());
    worker.process.kill('SIGTERM');
  });
}
