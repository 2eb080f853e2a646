import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../client.ts';

/**
 * The writes of one transaction that nobody reads back at once. `later` queues a write; they reach
 * the database together, as one statement (data-modifying CTEs run exactly once, in the same
 * snapshot, and foreign keys are checked at its end). The transaction is reachable only through
 * `query`, which sends the queued writes first: no query can run against the database without the
 * writes queued before it.
 */
export class WriteQueue {
  readonly #tx: Database;
  #pending: SQL[] = [];

  constructor(tx: Database) {
    this.#tx = tx;
  }

  /**
   * Queues a write whose result nobody needs; it reaches the database before the next query, or at
   * the end. `build` only builds the statement (with the transaction's query builder); it is
   * rendered to SQL at once and sent later.
   */
  later(build: SQLWrapper | ((tx: Database) => SQLWrapper)): void {
    this.#pending.push((typeof build === 'function' ? build(this.#tx) : build).getSQL());
  }

  /** Runs a query (a read, or a write whose result is needed now) after the queued writes. */
  async query<T>(run: (tx: Database) => PromiseLike<T>): Promise<T> {
    await this.flush();
    return run(this.#tx);
  }

  /**
   * Sends the queued writes. `last` rides in the same statement after them; it must not read what
   * they write (it sees the snapshot before them): a NOTIFY, say.
   */
  async flush(last?: SQL): Promise<void> {
    const writes = this.#pending;
    this.#pending = [];
    if (writes.length === 0) {
      if (last) await this.#tx.execute(last);
      return;
    }
    const [only] = writes;
    if (only && writes.length === 1 && !last) {
      await this.#tx.execute(only);
      return;
    }
    const ctes = sql.join(
      writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
      sql`, `,
    );
    await this.#tx.execute(sql`with ${ctes} ${last ?? sql`select 1`}`);
  }
}
