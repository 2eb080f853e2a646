import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from './client.ts';

/**
 * The database targets every integration suite runs against: the embedded PGlite and a real
 * PostgreSQL server. Each suite gets a database of its own, migrated, and dropped afterwards.
 *
 * TEST_DATABASE_URL points at a server where we may create databases (default: the local
 * server, user postgres). GONGZHI_TEST_TARGETS=pglite narrows the run on a machine without one.
 */
export interface TestTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<DatabaseHandle>;
  /** A database that outlives its handles: open it, close it, open it again (a server restart). */
  persistent(): Promise<PersistentDatabase>;
}

export interface PersistentDatabase {
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new, empty database on the test server (not migrated), and how to drop it. */
export async function createPostgresDatabase(prefix = 'gongzhi_test'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL tests need a server at ${ADMIN_URL} (set TEST_DATABASE_URL, or GONGZHI_TEST_TARGETS=pglite to skip them): ${(e as Error).message}`,
      { cause: e },
    );
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

async function openPostgres(): Promise<DatabaseHandle> {
  const database = await createPostgresDatabase();
  const handle = await openDatabase({ url: database.url, poolSize: 20 });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

async function persistentPostgres(): Promise<PersistentDatabase> {
  const database = await createPostgresDatabase();
  return {
    async open() {
      const handle = await openDatabase({ url: database.url, poolSize: 20 });
      await handle.migrate();
      return handle;
    },
    dispose: () => database.drop(),
  };
}

async function persistentPglite(): Promise<PersistentDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-pglite-'));
  return {
    async open() {
      const handle = await openDatabase({ dataDir: dir });
      await handle.migrate();
      return handle;
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function openPglite(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  await handle.migrate();
  return handle;
}

const ALL: TestTarget[] = [
  { name: 'pglite', open: openPglite, persistent: persistentPglite },
  { name: 'postgres', open: openPostgres, persistent: persistentPostgres },
];

export function testTargets(): TestTarget[] {
  const wanted = process.env.GONGZHI_TEST_TARGETS?.split(',').map((s) => s.trim());
  return wanted ? ALL.filter((t) => wanted.includes(t.name)) : ALL;
}

/** The URL of a fresh, empty database on the test server, for tests that need a URL rather than a handle. */
export { ADMIN_URL as TEST_ADMIN_URL };
