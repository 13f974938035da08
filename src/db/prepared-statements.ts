import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';

// Leads the SQL of statements to prepare; PostgreSQL reads it as a comment.
const MARK = '/* prepared */ ';

/** Marks SQL to run as a named prepared statement (see {@link preparingPool}). */
export const prepared = (sql: string): string => `${MARK}${sql}`;

/**
 * pg's pool as Kysely uses it, except that SQL marked with {@link prepared} runs as a named
 * prepared statement: PostgreSQL parses and plans it once per connection, then only binds
 * and executes it. Parsing and planning a simple read on every run cost more than running
 * it (BENCHMARKS.md). Only fixed SQL may be marked: each distinct text is a statement kept
 * on every connection for as long as the connection lives.
 *
 * Behind a pooler in transaction mode (`named: false`, DATABASE_POOLER=transaction) every
 * statement goes unnamed: PgBouncer before 1.21 keeps no prepared statement from one
 * transaction to the next, and its server connections change hands between them.
 */
export function preparingPool(pool: pg.Pool, { named }: { named: boolean }): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `prepared_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  // One wrapper per pg client: Kysely keeps its own state per client object.
  const wrappers = new WeakMap<pg.PoolClient, PreparingClient>();
  return {
    Client: pg.Client,
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = new PreparingClient(client, named ? nameOf : undefined);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

class PreparingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    /** Absent: nothing is prepared. */
    private readonly nameOf: ((text: string) => string) | undefined,
  ) {}

  // Undocumented in pg, read by Kysely to cancel a running query (it asks the server otherwise).
  get processID(): number | undefined {
    return (this.client as { processID?: number }).processID;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
    const values = parameters as unknown[];
    const config = this.nameOf && sqlOrCursor.startsWith(MARK) ? { name: this.nameOf(sqlOrCursor), text: sqlOrCursor, values } : { text: sqlOrCursor, values };
    // pg types `command` as any string; Kysely names the ones it reads.
    return this.client.query<R & pg.QueryResultRow>(config) as Promise<PostgresQueryResult<R & pg.QueryResultRow>>;
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }
}
