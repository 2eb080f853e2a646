import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
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
  /** LISTEN on a channel; across processes on PostgreSQL, in-process on PGlite. Returns the unlisten. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
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

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

// Any fixed number works: it only has to be the same for every process migrating one database.
const MIGRATION_LOCK = 730_211;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server drops (restart, failover) must not crash the process.
    pool.on('error', (e) => console.warn(`[db] idle connection lost: ${e.message}`));
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
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
          client.release();
        }
      },
      async listen(channel, onPayload) {
        // A connection of its own: a pooled one would be handed to queries and lose the LISTEN.
        const client = new pg.Client({ connectionString: options.url });
        await client.connect();
        client.on('error', (e) => console.warn(`[db] listener connection lost: ${e.message}`));
        client.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
        });
        await client.query(`listen ${channel}`);
        return async () => {
          await client.end();
        };
      },
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir ?? './data';
  const loaded = options.loadDataDir ? { loadDataDir: options.loadDataDir } : {};
  const client = dataDir === 'memory://' ? new PGlite(loaded) : new PGlite(dataDir, loaded);
  await client.waitReady;
  const db: Database = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async listen(channel, onPayload) {
      return client.listen(channel, onPayload);
    },
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

/** A round trip to the database: what a health check asks. */
export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

/** The rows of a raw `execute` (both drivers answer with `{ rows }`), typed as the query selects them. */
export function rowsOf<T>(result: unknown): T[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) return result.rows;
  throw new Error('not a query result');
}
