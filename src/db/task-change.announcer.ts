import { sql, type Kysely } from 'kysely';
import type { Database } from './database.types.js';
import { CHANNELS } from './notifications.js';

/** User ids per notification, as text: PostgreSQL refuses payloads of 8000 bytes or more. */
const PAYLOAD_CHARS = 7_000;

/** Comma-separated ids, in as few payloads as fit. */
function payloadsOf(ids: Iterable<number>): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const id of ids) {
    const text = String(id);
    if (current && current.length + 1 + text.length > PAYLOAD_CHARS) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current},${text}` : text;
  }
  if (current) payloads.push(current);
  return payloads;
}

/**
 * Tells every instance's subscribers whose tasks changed, once the write has committed
 * (CHANNELS.taskChanges, a payload of user ids). Not part of the write's own transaction: a
 * NOTIFY there takes a lock every notifying commit on the server queues for, while the
 * write still holds its row locks. One notification is on its way at a time; users
 * announced meanwhile go together in the next, so a burst of writes costs a few statements.
 *
 * A notification lost to a crash between commit and announcement delays the change until
 * the subscribers' next read (they also read on a timer), never loses it: they read the
 * feed from their own cursors.
 */
export class TaskChangeAnnouncer {
  private waiting = new Set<number>();
  /** The notification the waiting users go out in, once the one being sent is done. */
  private next: Promise<void> | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly db: Kysely<Database>) {}

  /** Announces that `userId`'s tasks changed; settles once the notification is sent. */
  announce(userId: number): Promise<void> {
    this.waiting.add(userId);
    if (!this.next) {
      const next = this.sending.then(() => {
        const ids = this.waiting;
        this.waiting = new Set();
        this.next = undefined;
        return this.send(ids);
      });
      this.next = next;
      this.sending = next.catch(() => {});
    }
    return this.next;
  }

  private async send(ids: Set<number>): Promise<void> {
    await sql`SELECT pg_notify(${CHANNELS.taskChanges}, payload) FROM unnest(${payloadsOf(ids)}::text[]) AS payload`.execute(this.db);
  }
}
