import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './database.types.js';
import type { Logger } from 'pino';

const RECONNECT_MS = 1_000;

/**
 * What the database announces (statements and triggers call pg_notify, delivered once their
 * transaction commits), by channel.
 */
export const CHANNELS = {
  /** A session ended (logout, revocation, password change, account deletion…): its id. */
  sessionEnds: 'session_ends',
  /** Users' tasks changed: their ids, comma-separated (TaskChangeAnnouncer). */
  taskChanges: 'task_changes',
  /** An operator reset budgets (`npm run limits -- reset`): the subject, or `*` for all. */
  limitResets: 'limit_resets',
} as const;

/** Announces on a channel, to every instance's feed (delivered at once: no transaction here). */
export async function announce(db: Kysely<Database>, channel: (typeof CHANNELS)[keyof typeof CHANNELS], payload: string): Promise<void> {
  await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db);
}

/** What the feed tells a channel's follower. */
export interface NotificationListener {
  /** Listening (again): every notification from now on is reported; earlier ones may have been missed. */
  feedLive(): void;
  /** Not listening: notifications go unreported until `feedLive` comes again. */
  feedLost(): void;
  notified(payload: string): void;
}

export interface NotificationFeedOptions {
  url: string;
  logger: Logger;
  connectTimeoutMs?: number;
}

export interface NotificationFeed {
  close(): Promise<void>;
}

/**
 * Follows the database's notifications on one dedicated connection (LISTEN holds it for
 * good, so it is not the pool's). Reconnects after any failure, reporting the gap to every
 * listener.
 */
export function followNotifications(options: NotificationFeedOptions, listeners: Partial<Record<string, NotificationListener>>): NotificationFeed {
  const log = options.logger.child({ module: 'notification-feed' });
  const all = Object.values(listeners).filter((listener) => listener !== undefined);
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  // Logged on the way down and back up only, not for every retry during an outage.
  let wasLive = false;

  const drop = (broken: pg.Client, error?: Error) => {
    if (client !== broken) return;
    client = undefined;
    for (const listener of all) listener.feedLost();
    broken.end().catch(() => {});
    if (closed) return;
    if (wasLive) log.warn({ message: error?.message }, 'notification feed lost; reading sessions from the database and polling for changes until it is back');
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
      application_name: 'task-manager-api/notifications',
    });
    client = next;
    next.on('error', (error) => drop(next, error));
    next.on('end', () => drop(next));
    next.on('notification', ({ channel, payload }) => {
      if (payload) listeners[channel]?.notified(payload);
    });
    try {
      await next.connect();
      for (const channel of Object.keys(listeners)) await next.query(`LISTEN ${channel}`);
      if (client !== next || closed) return;
      for (const listener of all) listener.feedLive();
      if (!wasLive && retry) log.info('notification feed back');
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
      for (const listener of all) listener.feedLost();
      await current?.end().catch(() => {});
    },
  };
}
