import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, Task } from '../database.types.js';

/** A key already used: the hash of the request that used it, the task it created, and when. */
export interface UsedKey {
  requestHash: Buffer;
  result: Task;
  createdAt: Date;
}

/** A task as the key's result keeps it (JSON: its times as text). */
function taskFromResult(stored: unknown): Task {
  const task = stored as Task & { due_date: string | null; created_at: string; updated_at: string };
  return {
    ...task,
    due_date: task.due_date === null ? null : new Date(task.due_date),
    created_at: new Date(task.created_at),
    updated_at: new Date(task.updated_at),
  };
}

/** Methods take a transaction first: a key is only ever written with the work it guards. */
export class IdempotencyKeyRepository {
  /**
   * Takes the key for the transaction, or answers false at once when another transaction
   * holds it (a repeat arriving while the first request still runs).
   */
  async tryLock(db: Kysely<Database>, userId: number, key: string): Promise<boolean> {
    // A 64-bit advisory lock id from the user and key; a collision only makes a request wait its turn.
    const lockId = createHash('sha256').update(`${userId}:${key}`).digest().readBigInt64BE(0);
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${lockId}::bigint) AS locked`.execute(db);
    return rows[0]?.locked === true;
  }

  async find(db: Kysely<Database>, userId: number, key: string): Promise<UsedKey | undefined> {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'result', 'created_at'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && { requestHash: row.request_hash, result: taskFromResult(row.result), createdAt: row.created_at };
  }

  /** Records the key and the task it created, replacing an expired use of the key. */
  async record(db: Kysely<Database>, userId: number, key: string, requestHash: Buffer, result: Task, at: Date): Promise<void> {
    const values = { user_id: userId, key, request_hash: requestHash, result: JSON.stringify(result), created_at: at };
    await db
      .insertInto('idempotency_keys')
      .values(values)
      .onConflict((oc) => oc.columns(['user_id', 'key']).doUpdateSet({ request_hash: requestHash, result: values.result, created_at: at }))
      .execute();
  }

  /** Drops up to `batch` keys used before `before`. */
  async prune(db: Kysely<Database>, before: Date, batch: number): Promise<number> {
    const result = await db
      .deleteFrom('idempotency_keys')
      .where(sql<boolean>`(user_id, key) IN (${db.selectFrom('idempotency_keys').select(['user_id', 'key']).where('created_at', '<', before).limit(batch)})`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
