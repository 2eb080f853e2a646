import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { hash as oneShotHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** Both drivers behind one type: the code above this package never knows which one it has. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages (the data directory, or the URL without its password). */
  location: string;
  migrate(): Promise<void>;
  /**
   * LISTEN on a channel; across processes on PostgreSQL, in-process on PGlite. Returns the unlisten.
   * On PostgreSQL a lost listening connection is reopened with backoff (250 ms doubling to 10 s);
   * `onReconnect` is called once it listens again, since notifications sent meanwhile are lost.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /**
   * Runs `fn` while holding a PostgreSQL session advisory lock (on a connection of its own, so `fn`
   * uses the pool freely): several processes doing the same start-up work take turns. PGlite has one
   * process (its data directory is locked), so there it just runs `fn`.
   */
  exclusively<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** Whether every LISTEN of this handle is connected ('listening') or one is being reopened ('reconnecting'). */
  listenerState(): 'listening' | 'reconnecting' | 'none';
  /** PGlite only: the whole data directory as a gzipped tarball, taken by the one process that holds it (so consistent). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` keeps it in memory. */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** PGlite only: start from this data directory tarball (a new, empty directory only). */
  loadDataDir?: Blob;
}

/** The extensions the migrations create (PostgreSQL has them as contrib modules; PGlite loads them). */
export const PGLITE_EXTENSIONS = { btree_gist };

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

// Any fixed number works: it only has to be the same for every process migrating one database.
const MIGRATION_LOCK = 730_211;

/**
 * The planner's cost of reading a page out of order, for a database whose working set is in memory
 * (SCALING.md): about that of reading the next one, not PostgreSQL's default of 4 (for spinning disks).
 * With 4, a batch's lookups of a few hundred rows by key (a timer batch's pending timers, the cases its
 * steps update) were planned as scans of the whole table once it held tens of thousands of rows.
 * Set on each connection only where nobody has set it (its source is still PostgreSQL's default): a
 * value from postgresql.conf, `ALTER DATABASE`/`ALTER ROLE … SET`, `PGOPTIONS` or the URL's `options`
 * stands.
 */
export const RANDOM_PAGE_COST = 1.1;
const PLANNER_COSTS = `select set_config('random_page_cost', '${RANDOM_PAGE_COST}', false) from pg_settings where name = 'random_page_cost' and source = 'default'`;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Run on a new connection before the pool hands it out: the statement it was opened for waits
      // (never queued behind this on the client, which pg 8 warns of and pg 9 refuses); a failure
      // ends the connection and fails that statement, which reports it.
      onConnect: async (client) => {
        await client.query(PLANNER_COSTS);
      },
    });
    // An idle connection the server drops (restart, failover) must not crash the process, nor one
    // lost while checked out between two queries (pg emits 'error' on the client then).
    pool.on('error', (e) => console.warn(`[db] idle connection lost: ${e.message}`));
    pool.on('connect', (client) => client.on('error', (e) => console.warn(`[db] connection lost: ${e.message}`)));
    const listening = new Set<string>();
    const reconnecting = new Set<string>();
    const db: Database = drizzlePg(pool, { schema });
    return {
      db,
      kind: 'postgres',
      location: redact(options.url),
      async migrate() {
        // Several server processes may start together: one migrates, the others wait for it.
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
          await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
          await (await import('./repositories/rollup.ts')).installRollup(drizzlePg(client, { schema }));
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
          client.release();
        }
      },
      async listen(channel, onPayload, onReconnect) {
        // A connection of its own: a pooled one would be handed to queries and lose the LISTEN.
        let stopped = false;
        let client: pg.Client | null = null;
        let timer: NodeJS.Timeout | null = null;
        let delay = 250;
        const open = async (): Promise<pg.Client> => {
          const c = new pg.Client({ connectionString: options.url });
          // Every client has an error handler: a dropped connection is reopened, never an unhandled 'error' event.
          c.on('error', (e) => {
            console.warn(`[db] listener connection lost: ${e.message}`);
            lost(c);
          });
          c.on('end', () => lost(c));
          c.on('notification', (n) => {
            if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
          });
          try {
            await c.connect();
            await c.query(`listen ${channel}`);
          } catch (e) {
            c.removeAllListeners('end');
            await c.end().catch(() => {});
            throw e;
          }
          return c;
        };
        const lost = (c: pg.Client) => {
          if (stopped || client !== c) return;
          client = null;
          reconnecting.add(channel);
          schedule();
        };
        const schedule = () => {
          if (stopped || timer) return;
          timer = setTimeout(() => {
            timer = null;
            open().then(
              (c) => {
                if (stopped) return void c.end().catch(() => {});
                client = c;
                delay = 250;
                reconnecting.delete(channel);
                console.warn(`[db] listener connection reopened (${channel})`);
                onReconnect?.();
              },
              () => {
                delay = Math.min(delay * 2, 10_000);
                schedule();
              },
            );
          }, delay);
        };
        client = await open();
        listening.add(channel);
        return async () => {
          stopped = true;
          listening.delete(channel);
          reconnecting.delete(channel);
          if (timer) clearTimeout(timer);
          const c = client;
          client = null;
          await c?.end().catch(() => {});
        };
      },
      async exclusively(key, fn) {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [key]);
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
          client.release();
        }
      },
      listenerState: () => (reconnecting.size > 0 ? 'reconnecting' : listening.size > 0 ? 'listening' : 'none'),
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir ?? './data';
  const loaded = { extensions: PGLITE_EXTENSIONS, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) };
  const client = dataDir === 'memory://' ? new PGlite(loaded) : new PGlite(dataDir, loaded);
  await client.waitReady;
  await client.exec(PLANNER_COSTS);
  const db: Database = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      await (await import('./repositories/rollup.ts')).installRollup(db);
    },
    async listen(channel, onPayload) {
      return client.listen(channel, onPayload);
    },
    listenerState: () => 'listening',
    dumpDataDir: () => client.dumpDataDir('gzip'),
    exclusively: (_key, fn) => fn(),
    close: () => client.close(),
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/**
 * Whether an error means the database cannot be reached right now (connection refused or lost, the
 * server shutting down or starting): a request failing so is answered 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03']);

/** A round trip to the database: what a health check asks. */
export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

const dialect = new PgDialect();

/**
 * How many statement texts a process prepares at most. A prepared statement stays on its
 * connection until the connection closes, and some shapes vary with a batch (a read's text with
 * its number of cases, a write's with its labels): beyond this many texts, statements run
 * unprepared rather than pile up on every connection.
 */
export const MAX_PREPARED_TEXTS = 256;
const preparedNames = new Set<string>();

/** Lets new texts be prepared again up to the limit (for a test counting statements after many others in its process). */
export function forgetPreparedTexts(): void {
  preparedNames.clear();
}

/**
 * Runs a statement as `execute` does, as a named prepared statement: PostgreSQL parses and plans
 * it once per connection, not at every call. For statements a process sends over and over, whose
 * values are all parameters: intake's read and its one write. The name is the text's hash, so a
 * name is never used for another text. PGlite ignores the name (it runs the statement as `execute`
 * would). Past `MAX_PREPARED_TEXTS` texts in this process, a new text runs unprepared.
 */
export function executePrepared(db: Database, query: SQL): Promise<unknown> {
  const built = dialect.sqlToQuery(query);
  let name: string | undefined = `gz_${oneShotHash('sha1', built.sql, 'base64url')}`;
  if (!preparedNames.has(name)) {
    if (preparedNames.size >= MAX_PREPARED_TEXTS) name = undefined;
    else preparedNames.add(name);
  }
  return db._.session.prepareQuery(built, undefined, name, false).execute();
}

/** The rows of a raw `execute` (both drivers answer with `{ rows }`), typed as the query selects them. */
export function rowsOf<T>(result: unknown): T[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) return result.rows;
  throw new Error('not a query result');
}
