import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { sql, type SQLWrapper } from 'drizzle-orm';
import { forgetPreparedTexts, MIGRATIONS_FOLDER, openDatabase, PGLITE_EXTENSIONS, rowsOf, type Database, type DatabaseHandle } from './client.ts';
import { cases, workflows } from './schema/index.ts';

/**
 * The database targets every integration suite runs against: the embedded PGlite and a real
 * PostgreSQL server. Each suite gets a database of its own, migrated, and dropped afterwards.
 *
 * TEST_DATABASE_URL points at a server where we may create databases (default: the local
 * server, user postgres). GONGZHI_TEST_TARGETS=pglite narrows the run on a machine without one.
 *
 * Creating and migrating a database is the slow part of a test (PGlite's initdb alone takes seconds),
 * so it is done once per set of migrations: a migrated PGlite data directory saved as a tarball and
 * a migrated PostgreSQL template database, both named by a hash of migrations/. Every test database
 * is a copy of them (they are still migrated on open: a no-op that proves the copy is current).
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

/**
 * Run on the migrated PGlite database before it becomes the template every PGlite test opens: each
 * open copies the whole data directory in and starts PostgreSQL on it: 1.6 s of CPU with initdb's
 * defaults, 0.7 s with these (`bench:test-open`; SCALING.md), the difference spent on what a test
 * never uses.
 */
export const PGLITE_TEMPLATE_SETUP = [
  // A test's database holds a few thousand rows, in memory: the 128 MB of shared buffers (and
  // shared memory for 100 connections) that every start zeroed buy nothing here.
  `alter system set shared_buffers = '8MB'`,
  'alter system set max_connections = 10',
  // Nothing creates a database on PGlite: its two template databases were a third of every copy.
  `update pg_database set datistemplate = false where datname in ('template0', 'template1')`,
  'drop database template0',
  'drop database template1',
  // Each start then finds a clean checkpoint, with nothing to replay.
  'checkpoint',
];

/** A hash of the migrations folder: templates are reused only while the migrations are the same. */
function migrationsKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return hash.digest('hex').slice(0, 12);
}

let key: string | undefined;
const templateKey = () => (key ??= migrationsKey());

let pgliteTemplate: Promise<Blob> | undefined;

/** A new PGlite database, migrated, then `setUp` run on it, as an uncompressed tarball of its data directory (bench/ compares set-ups). */
export async function buildPgliteTemplate(setUp: readonly string[]): Promise<Blob> {
  const raw = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  try {
    await migrate(drizzle(raw), { migrationsFolder: MIGRATIONS_FOLDER });
    for (const statement of setUp) await raw.exec(statement);
    return await raw.dumpDataDir('none');
  } finally {
    await raw.close();
  }
}

/**
 * The migrated PGlite data directory as a tarball, made by the first test that needs it (on this
 * machine, for these migrations) and read by the others. Written to a temporary name and renamed,
 * so test processes racing to make it never see half a file.
 */
function pgliteTemplateTarball(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const dir = join(tmpdir(), 'gongzhi-test-templates');
    // named by its set-up too: a changed set-up makes a new tarball (the PostgreSQL template keeps its name)
    const setUp = createHash('sha256').update(PGLITE_TEMPLATE_SETUP.join(';\n')).digest('hex').slice(0, 8);
    const file = join(dir, `pglite-${templateKey()}-${setUp}.tar`);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      const tarball = await buildPgliteTemplate(PGLITE_TEMPLATE_SETUP);
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
      renameSync(partial, file);
    }
    return new Blob([readFileSync(file)]);
  })();
  return pgliteTemplate;
}

let postgresTemplate: Promise<string> | undefined;

/**
 * A migrated PostgreSQL database to copy (`create database … template`), named by the migrations'
 * hash and kept on the test server for the next run. Made under a temporary name and renamed, so a
 * racing test process either finds it complete or makes its own.
 */
function postgresTemplateName(): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `gongzhi_template_${templateKey()}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) {
        const building = await createPostgresDatabase('gongzhi_template_building');
        const handle = await openDatabase({ url: building.url, poolSize: 1 });
        await handle.migrate();
        await handle.close();
        try {
          await admin.query(`alter database ${building.name} rename to ${name}`);
        } catch {
          await building.drop(); // another process finished first
        }
      }
    } finally {
      await admin.end();
    }
    return name;
  })();
  return postgresTemplate;
}

/** A new database on the test server copied from the migrated template, and how to drop it. */
async function createMigratedPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = await postgresTemplateName();
  const name = `gongzhi_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

async function openPostgres(): Promise<DatabaseHandle> {
  const database = await createMigratedPostgresDatabase();
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
  const database = await createMigratedPostgresDatabase();
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
  let loadDataDir: Blob | undefined = await pgliteTemplateTarball(); // the first open copies the template in
  return {
    async open() {
      const handle = await openDatabase({ dataDir: dir, loadDataDir });
      loadDataDir = undefined;
      await handle.migrate();
      return handle;
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Fills `dataDir` (new and empty) with the migrated PGlite template: the embedded database a command
 * or server then opens there, for tests whose subject is not the creation of a data directory
 * (initdb and every migration: seconds of CPU each time).
 */
export async function migratedPgliteDir(dataDir: string): Promise<void> {
  const handle = await openDatabase({ dataDir, loadDataDir: await pgliteTemplateTarball() });
  await handle.close();
}

async function openPglite(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dataDir: 'memory://', loadDataDir: await pgliteTemplateTarball() });
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

/** What a statement is begun with through a database handle (a builder's first call, or a raw one). */
const STATEMENTS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute', 'transaction', 'query']);

/**
 * The database, telling `seen` each statement (or transaction) begun through it, by the method that
 * began it; a statement run as a named prepared one (`executePrepared`) is told as `prepared`.
 */
export function counting(db: Database, seen: (method: string, name?: string) => void): Database {
  // Statements are prepared up to a limit per process: earlier suites in this worker must not have used it up.
  forgetPreparedTexts();
  return new Proxy(db, {
    get(target, property, receiver) {
      if (typeof property === 'string' && STATEMENTS.has(property)) seen(property);
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== '_') return value;
      const session = new Proxy(target._.session, {
        get(s, key, r) {
          const member: unknown = Reflect.get(s, key, r);
          if (key !== 'prepareQuery' || typeof member !== 'function') return member;
          return (...args: unknown[]) => {
            // only `executePrepared` goes through `_`; a name is what makes it a prepared statement
            if (typeof args[2] === 'string') seen('prepared', args[2]);
            else seen('execute');
            return Reflect.apply(member, s, args) as unknown;
          };
        },
      });
      return { ...target._, session };
    },
  });
}

/**
 * A statement's analysed plan, and the most rows any of its nodes handed on or dropped (by a filter,
 * a join filter or an index recheck), over all its loops: what a test of "reads a few rows, not the
 * whole table" asserts on (a plan's rows, not its time).
 */
export async function planReads(db: Database, statement: SQLWrapper): Promise<{ plan: string; most: number }> {
  const result = await db.execute(sql`explain (analyze, costs off, timing off, summary off) ${statement}`);
  const plan = rowsOf<Record<string, string>>(result)
    .map((r) => Object.values(r)[0])
    .join('\n');
  // A node's `rows` is per loop (an average); what it removed is per loop too, and printed below it.
  const counts: number[] = [];
  let loops = 1;
  for (const line of plan.split('\n')) {
    const node = /actual rows=([\d.]+) loops=(\d+)/.exec(line);
    if (node) {
      loops = Number(node[2]);
      counts.push(Number(node[1]) * loops);
    }
    const removed = /Rows Removed by (?:Join Filter|Filter|Index Recheck): (\d+)/.exec(line);
    if (removed) counts.push(Number(removed[1]) * loops);
  }
  if (counts.length === 0) throw new Error(`no row counts in the plan:\n${plan}`);
  return { plan, most: Math.max(...counts) };
}

/**
 * A case's row for a repository test, inserted directly: cooking fumes reported on the hotline near
 * Tianfu Square (Chengdu, Jinjiang), offered, at `createdAt`; `fields` change any of it.
 */
export function testCaseRow(id: string, createdAt: Date, fields: Partial<typeof cases.$inferInsert> = {}): typeof cases.$inferInsert {
  return {
    id,
    matterCode: 'FUM-01',
    cityAdcode: '510100',
    countyAdcode: '510104',
    lon: 104.0657,
    lat: 30.6574,
    description: '油烟扰民',
    source: 'hotline',
    borderCities: [],
    crossCity: false,
    createdAt,
    state: 'offered',
    ...fields,
  };
}

/**
 * A unit has worked every case it holds, for a repository test of the visibility rule: a task on
 * each (of one case workflow, on `caseId`) and a holding of each.
 */
export async function workedByHolder(db: Database, unit: string, caseId: string, at: Date): Promise<void> {
  await db
    .insert(workflows)
    .values({ id: 'case-work', kind: 'case', caseId, state: 'open', done: false, snapshot: {} as never, version: 1, createdAt: at, updatedAt: at });
  await db.execute(
    sql`insert into tasks (workflow_id, kind, case_id, inbox, role, action, escalation, since) select 'case-work', 'case', id, ${unit}, 'lead', 'claim', 0, ${at} from cases where holder_unit = ${unit}`,
  );
  await db.execute(sql`insert into holdings (case_id, unit, from_at) select id, ${unit}, ${at} from cases where holder_unit = ${unit}`);
}
