import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './database.types.js';
import { prepared } from './prepared-statements.js';

/** Stands in for the value at `index` while a query is compiled. */
class Placeholder {
  constructor(readonly index: number) {}
}

/**
 * A query whose SQL is compiled once and then run with new values each time, as a named
 * prepared statement (see `preparingPool`).
 *
 * Kysely builds and compiles a query on every call, for SQL text that never changes (what
 * that costs a simple read is in BENCHMARKS.md). `build` is called
 * once, with placeholders where the values go; it must only hand them to Kysely as values,
 * never look at them: what it builds must not depend on them.
 */
export class CompiledOnce<Values extends unknown[], Row> {
  private readonly compiled: CompiledQuery<Row>;
  // For each SQL parameter: the index of the value it takes, or -1 for a constant.
  private readonly slots: number[];

  /** `db` compiles the query (`build` gets it); each run names where it runs. */
  constructor(db: Kysely<Database>, build: (db: Kysely<Database>, ...values: Values) => Compilable<Row>) {
    // One per declared parameter after `db` (so `build` may not use rest or default parameters).
    const placeholders = Array.from({ length: build.length - 1 }, (_, index) => new Placeholder(index));
    const compiled = build(db, ...(placeholders as unknown as Values)).compile();
    this.compiled = { ...compiled, sql: prepared(compiled.sql) };
    this.slots = this.compiled.parameters.map((parameter) => (parameter instanceof Placeholder ? parameter.index : -1));
    if (!this.slots.includes(0)) throw new Error('CompiledOnce: the query takes none of its values as parameters');
  }

  /** Runs the query on `db` (the database or a transaction) with these values. */
  async execute(db: Kysely<Database>, ...values: Values): Promise<Row[]> {
    const { compiled, slots } = this;
    const parameters = slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : values[slot]));
    const result = await db.executeQuery<Row>({ ...compiled, queryId: createQueryId(), parameters });
    return result.rows;
  }
}
