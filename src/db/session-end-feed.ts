import pg from 'pg';
import type { Logger } from 'pino';

/** The channel the `sessions_end` trigger notifies, with the session's id. */
const CHANNEL = 'session_ends';
const RECONNECT_MS = 1_000;

/** What the feed tells its follower. */
export interface SessionEndListener {
  /** Listening (again): every end from now on is reported; earlier ones may have been missed. */
  feedLive(): void;
  /** Not listening: ends go unreported until `feedLive` comes again. */
  feedLost(): void;
  /** This session ended (logout, revocation, password change, account deletion…). */
  ended(sessionId: string): void;
}

export interface SessionEndFeedOptions {
  url: string;
  logger: Logger;
  connectTimeoutMs?: number;
}

export interface SessionEndFeed {
  close(): Promise<void>;
}

/**
 * Follows session ends on one dedicated connection (LISTEN holds it for good, so
 * it is not the pool's). Reconnects after any failure, reporting the gap.
 */
export function followSessionEnds(options: SessionEndFeedOptions, listener: SessionEndListener): SessionEndFeed {
  const log = options.logger.child({ module: 'session-end-feed' });
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
    if (wasLive) log.warn({ message: error?.message }, 'session end feed lost; reading sessions from the database until it is back');
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
      application_name: 'task-manager-api/session-end-feed',
    });
    client = next;
    next.on('error', (error) => drop(next, error));
    next.on('end', () => drop(next));
    next.on('notification', ({ channel, payload }) => {
      if (channel === CHANNEL && payload) listener.ended(payload);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      if (client !== next || closed) return;
      listener.feedLive();
      if (!wasLive && retry) log.info('session end feed back');
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
