import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from './database.types.js';

/**
 * A Kysely that runs nothing and remembers the SQL of every statement it is given (each
 * answers no rows): what `npm run sql` writes out per repository method, so a reviewer reads
 * the SQL that runs, and a change to it shows in the diff.
 */
export function queryRecorder(): { db: Kysely<Database>; take(): string[] } {
  let recorded: string[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (inner) => new PostgresIntrospector(inner),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') recorded.push(event.query.sql);
    },
  });
  return {
    db,
    take: () => {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}
