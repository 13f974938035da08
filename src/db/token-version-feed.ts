import pg from 'pg';
import type { Logger } from 'pino';

/** The channel the `users_token_version_change` trigger notifies, with the user's id. */
const CHANNEL = 'token_version_changes';
const RECONNECT_MS = 1_000;

/** What the feed tells its follower. */
export interface TokenVersionFeedListener {
  /** Listening (again): every change from now on is reported; earlier ones may have been missed. */
  feedLive(): void;
  /** Not listening: changes go unreported until `feedLive` comes again. */
  feedLost(): void;
  /** This user's token version changed, or the user was deleted. */
  changed(userId: number): void;
}

export interface TokenVersionFeedOptions {
  url: string;
  logger: Logger;
  connectTimeoutMs?: number;
}

export interface TokenVersionFeed {
  close(): Promise<void>;
}

/**
 * Follows token version changes on one dedicated connection (LISTEN holds it for good, so
 * it is not the pool's). Reconnects after any failure, reporting the gap.
 */
export function followTokenVersionChanges(options: TokenVersionFeedOptions, listener: TokenVersionFeedListener): TokenVersionFeed {
  const log = options.logger.child({ module: 'token-version-feed' });
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  // Logged on the way down and back up only, not for every retry during an outage.
  let wasLive = false;

  const drop = (broken: pg.Client, error?: Error) => {
    if (client !== broken) return;
    client = undefined;
    listener.feedLost();
    broken.end().catch(() => {});
    if (closed) return;
    if (wasLive) log.warn({ message: error?.message }, 'token version feed lost; reading versions from the database until it is back');
    wasLive = false;
    retry = setTimeout(connect, RECONNECT_MS);
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // A peer that vanished without closing the connection would otherwise go unnoticed for hours.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'task-manager-api/token-version-feed',
    });
    client = next;
    next.on('error', (error) => drop(next, error));
    next.on('end', () => drop(next));
    next.on('notification', ({ channel, payload }) => {
      const userId = Number(payload);
      if (channel === CHANNEL && Number.isSafeInteger(userId)) listener.changed(userId);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      if (client !== next || closed) return;
      listener.feedLive();
      if (!wasLive && retry) log.info('token version feed back');
      wasLive = true;
    } catch (error) {
      drop(next, error as Error);
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      listener.feedLost();
      await current?.end().catch(() => {});
    },
  };
}
