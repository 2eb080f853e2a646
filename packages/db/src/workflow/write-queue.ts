import { eq, getTableColumns, getTableName, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { anyOf } from '../any-of.ts';
import { executePrepared, type Database } from '../client.ts';

type Row = Record<string, unknown>;

/**
 * The writes of one transaction that nobody reads back at once. `later` queues a write; they reach
 * the database together, as one statement (data-modifying CTEs run exactly once, in the same
 * snapshot, and foreign keys are checked at its end). The transaction is reachable only through
 * `query`, which sends the queued writes first: no query can run against the database without the
 * writes queued before it.
 *
 * The transaction is opened by the first `query` (or flush before one). Work that only queues
 * writes (a batch of new cases, whose workflows start from nothing) never opens it: its writes go
 * as one statement, which is atomic on its own, with no BEGIN and COMMIT around it (`commit`).
 *
 * `insert`, `update` and `delete` queue row writes that are merged per table when sent: every row
 * inserted into a table in one multi-row insert, every row updated with the same columns in one
 * update from a JSON record set, every delete by one column in one `in (…)`. So a batch of many
 * workflows' steps (the timer worker's) costs a statement per table, not per step. A row updated
 * twice before a flush is updated once, with both changes (one statement may not change a row twice).
 */
export class WriteQueue {
  /** builds statements (a database handle's query builder; nothing is sent through it) */
  readonly #builder: Database;
  readonly #transaction: LazyTransaction;
  #pending: SQL[] = [];
  #inserts = new Map<PgTable, Row[]>();
  /** table → key column → key value → the columns set */
  #updates = new Map<PgTable, { key: PgColumn; rows: Map<unknown, Row> }>();
  #deletes = new Map<PgColumn, Set<string | number>>();
  /** statements sent through this queue (each query, each flush), for the tests of batches to count */
  statements = 0;
  /** committed or rolled back: a write queued now would never be sent */
  #over = false;

  constructor(db: Database) {
    this.#builder = db;
    this.#transaction = new LazyTransaction(db);
  }

  /**
   * Queues a write whose result nobody needs; it reaches the database before the next query, or at
   * the end. `build` only builds the statement (with the transaction's query builder); it is
   * rendered to SQL at once and sent later.
   */
  later(build: SQLWrapper | ((tx: Database) => SQLWrapper)): void {
    this.#stillOpen();
    this.#pending.push((typeof build === 'function' ? build(this.#builder) : build).getSQL());
  }

  /** Queues rows to insert into `table`, sent with every other row queued for it as one insert. */
  insert<T extends PgTable>(table: T, rows: ReadonlyArray<T['$inferInsert']>): void {
    this.#stillOpen();
    if (rows.length === 0) return;
    const queued = this.#inserts.get(table);
    if (queued) queued.push(...(rows as Row[]));
    else this.#inserts.set(table, [...(rows as Row[])]);
  }

  /** Queues an update of the row whose `key` is `id` (plain values only); merged with one already queued for it. */
  update<T extends PgTable>(table: T, key: PgColumn, id: unknown, values: Partial<T['$inferInsert']>): void {
    this.#stillOpen();
    let queued = this.#updates.get(table);
    if (!queued) this.#updates.set(table, (queued = { key, rows: new Map() }));
    if (queued.key !== key) throw new Error(`updates of ${getTableName(table)} are queued by another key`);
    // As drizzle's `set`, a value left undefined leaves its column as it is.
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    queued.rows.set(id, { ...queued.rows.get(id), ...given });
  }

  /** Queues deleting the rows whose `column` is `value`. */
  delete(column: PgColumn, value: string | number): void {
    this.#stillOpen();
    const queued = this.#deletes.get(column);
    if (queued) queued.add(value);
    else this.#deletes.set(column, new Set([value]));
  }

  /** Runs a query (a read, or a write whose result is needed now) after the queued writes. */
  async query<T>(run: (tx: Database) => PromiseLike<T>): Promise<T> {
    await this.flush();
    this.statements++;
    return run(await this.#transaction.open());
  }

  /**
   * A read that needs none of the queued writes: in the transaction (after them) if one is open, else
   * on its own, without opening one.
   */
  async read<T>(run: (db: Database) => PromiseLike<T>): Promise<T> {
    if (this.#transaction.opened) return this.query(run);
    this.statements++;
    return run(this.#builder);
  }

  /**
   * Sends what is queued, `last` riding with it (see `flush`), and commits: in the transaction if a
   * query opened one, else as one statement of its own.
   */
  async commit(last?: SQL): Promise<void> {
    this.#over = true;
    if (!this.#transaction.opened) {
      this.#transaction.close();
      const statement = this.#statement(last);
      if (statement) {
        this.statements++;
        // Prepared: a batch of new cases sends the same text for every batch of the same tables.
        await executePrepared(this.#builder, statement);
      }
      return;
    }
    await this.flush(last);
    await this.#transaction.commit();
  }

  /** Sends nothing more and takes back what a query sent (the work failed). */
  rollback(error: unknown): Promise<void> {
    this.#over = true;
    return this.#transaction.rollback(error);
  }

  #stillOpen(): void {
    if (this.#over) throw new Error('the transaction is over: a write queued now would never be sent');
  }

  /** The row writes queued, one statement per table (and per set of columns updated). */
  #rowWrites(): SQL[] {
    const out: SQL[] = [];
    for (const [column, values] of this.#deletes)
      out.push(
        this.#builder
          .delete(column.table)
          .where(anyOf(column, [...values]))
          .getSQL(),
      );
    for (const [table, rows] of this.#inserts) out.push(...insertStatements(table, rows));
    for (const [table, { key, rows }] of this.#updates) {
      const byColumns = new Map<string, Array<[unknown, Row]>>();
      for (const [id, values] of rows) {
        const columns = Object.keys(values).sort().join(',');
        const group = byColumns.get(columns);
        if (group) group.push([id, values]);
        else byColumns.set(columns, [[id, values]]);
      }
      for (const group of byColumns.values()) out.push(updateRows(this.#builder, table, key, group));
    }
    this.#deletes = new Map();
    this.#inserts = new Map();
    this.#updates = new Map();
    return out;
  }

  /**
   * Sends the queued writes. `last` rides in the same statement after them; it must not read what
   * they write (it sees the snapshot before them): a NOTIFY, say.
   */
  async flush(last?: SQL): Promise<void> {
    const statement = this.#statement(last);
    if (!statement) return;
    this.statements++;
    await (await this.#transaction.open()).execute(statement);
  }

  /** The queued writes as one statement (and `last` after them), taken out of the queue; none if nothing is queued. */
  #statement(last?: SQL): SQL | undefined {
    const writes = [...this.#pending, ...this.#rowWrites()];
    this.#pending = [];
    if (writes.length === 0) return last;
    const [only] = writes;
    if (only && writes.length === 1 && !last) return only;
    const ctes = sql.join(
      writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
      sql`, `,
    );
    return sql`with ${ctes} ${last ?? sql`select 1`}`;
  }
}

/**
 * A transaction begun only when first asked for, and held open (the callback of the database's
 * `transaction` waits) until `commit` or `rollback`.
 */
class LazyTransaction {
  readonly #db: Database;
  #tx: Promise<Database> | undefined;
  /** committed or rolled back: a transaction asked for now would never end */
  #closed = false;
  #end: ((error?: unknown) => void) | undefined;
  #done: Promise<unknown> | undefined;

  constructor(db: Database) {
    this.#db = db;
  }

  get opened(): boolean {
    return this.#tx !== undefined;
  }

  /** No transaction may begin any more (the work is done). */
  close(): void {
    this.#closed = true;
  }

  open(): Promise<Database> {
    if (this.#closed) return Promise.reject(new Error('the transaction is over: nothing more can be sent in it'));
    this.#tx ??= new Promise<Database>((ready, fail) => {
      const done = this.#db.transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            this.#end = (error) => (error === undefined ? resolve() : reject(error));
            ready(tx);
          }),
      );
      this.#done = done;
      // BEGIN failed: nobody was handed the transaction. (After it was handed, this does nothing.)
      done.catch(fail);
    });
    return this.#tx;
  }

  async commit(): Promise<void> {
    this.#closed = true;
    if (!this.#tx) return;
    await this.#tx;
    this.#end?.();
    await this.#done;
  }

  async rollback(error: unknown): Promise<void> {
    this.#closed = true;
    if (!this.#tx) return;
    try {
      await this.#tx;
    } catch {
      return; // it never began
    }
    this.#end?.(error ?? new Error('rolled back'));
    await this.#done?.catch(() => {});
  }
}

/** JSON of a value as PostgreSQL reads it into a record of the table's type (times as ISO strings). */
const jsonValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/** The database name of the column a row's key (a drizzle property name) writes. */
function columnName(table: PgTable, key: string): string {
  const column = (getTableColumns(table) as Record<string, PgColumn | undefined>)[key];
  if (!column) throw new Error(`${key} is not a column of ${getTableName(table)}`);
  return column.name;
}

/** The rows as one JSON array of records keyed by column name, for `jsonb_populate_recordset`. */
function recordSet(table: PgTable, names: string[], rows: Row[]): string {
  const columns = names.map((name) => [name, columnName(table, name)] as const);
  return JSON.stringify(
    rows.map((values) => {
      const record: Row = {};
      for (const [name, column] of columns) record[column] = jsonValue(values[name]);
      return record;
    }),
  );
}

/** Rows (drizzle property names) as JSON records of the table's type, every column a row gives. */
export function recordsJson(table: PgTable, rows: readonly Row[]): string {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row).filter((k) => row[k] !== undefined)))];
  return recordSet(table, names, [...rows]);
}

const columnList = (table: PgTable, names: string[]) =>
  sql.join(
    names.map((name) => sql.identifier(columnName(table, name))),
    sql`, `,
  );

/**
 * The inserts of rows into a table, as few as the rows allow: one per set of columns given (a column
 * a row leaves out takes its default). Each is one JSON parameter read into the table's own column
 * types, so hundreds of rows make one short statement, not thousands of parameters, and a row costs
 * a JSON record to render, not a parameter per value. `then` ends each statement (`on conflict …`,
 * `returning …`).
 */
export function insertStatements(table: PgTable, rows: readonly Row[], then?: SQL): SQL[] {
  const byColumns = new Map<string, { names: string[]; rows: Row[] }>();
  for (const row of rows) {
    const names = Object.keys(row)
      .filter((k) => row[k] !== undefined)
      .sort();
    const columns = names.join(',');
    const group = byColumns.get(columns);
    if (group) group.rows.push(row);
    else byColumns.set(columns, { names, rows: [row] });
  }
  return [...byColumns.values()].map(({ names, rows: group }) => {
    const list = columnList(table, names);
    return sql`insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, ${recordSet(table, names, group)}::jsonb)${then ? sql` ${then}` : sql``}`;
  });
}

/**
 * One update of several rows, each with its own values (the same columns): a plain update for one
 * row; for more, `update … from jsonb_populate_recordset(null::<table>, <rows>)`, which reads the
 * JSON into the table's own column types. A row whose values are already those it holds is not
 * written at all (a timer batch's steps often leave their case rows as they were): no new row
 * version, no index entries, no WAL.
 */
function updateRows(tx: Database, table: PgTable, key: PgColumn, rows: Array<[unknown, Row]>): SQL {
  const [first] = rows;
  if (!first) throw new Error('no rows to update');
  if (rows.length === 1) return tx.update(table).set(first[1]).where(eq(key, first[0])).getSQL();
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const names = Object.keys(first[1]);
  const keyName = Object.keys(columns).find((k) => columns[k] === key);
  if (!keyName) throw new Error(`${key.name} is not a column of ${getTableName(table)}`);
  const json = recordSet(
    table,
    [keyName, ...names],
    rows.map(([id, values]) => ({ ...values, [keyName]: id })),
  );
  const set = sql.join(
    names.map((name) => sql`${sql.identifier(columnName(table, name))} = v.${sql.identifier(columnName(table, name))}`),
    sql`, `,
  );
  const changed = sql.join(
    names.map((name) => sql`${table}.${sql.identifier(columnName(table, name))} is distinct from v.${sql.identifier(columnName(table, name))}`),
    sql` or `,
  );
  return sql`update ${table} set ${set} from jsonb_populate_recordset(null::${table}, ${json}::jsonb) as v where ${table}.${sql.identifier(key.name)} = v.${sql.identifier(key.name)} and (${changed})`;
}
