import { sql, type Kysely } from 'kysely';
import { onTestFinished } from 'vitest';
import type { Database } from '../../src/db/database.types.js';

/**
 * Begins a transaction on `db` that has a transaction id (as any writing transaction has)
 * and keeps it open until `end` is called (again is fine): every transaction begun after it
 * is younger. Ended when the test finishes, pass or fail, so a failure cannot leave the
 * app's pool waiting on it.
 */
export async function openTransaction(db: Kysely<Database>): Promise<{ end(): Promise<void> }> {
  let finish!: () => void;
  let begun!: () => void;
  const started = new Promise<void>((resolve) => (begun = resolve));
  const open = db.transaction().execute(async (trx) => {
    await sql`SELECT pg_current_xact_id()`.execute(trx);
    begun();
    await new Promise<void>((resolve) => (finish = resolve));
  });
  await started;
  onTestFinished(() => finish());
  return {
    async end() {
      finish();
      await open;
    },
  };
}
