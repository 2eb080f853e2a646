import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, RANDOM_PAGE_COST, rowsOf, type Database } from './client.ts';
import { createPostgresDatabase, TEST_ADMIN_URL, testTargets } from './testing.ts';
import { nodeWarnings } from './node-warnings.ts';

/** The planner's cost of a page read out of order on this connection, and who set it. */
const setting = async (db: Database) =>
  rowsOf<{ setting: string; source: string }>(await db.execute(sql`select setting, source from pg_settings where name = 'random_page_cost'`))[0];

describe.each(testTargets())('the planner’s costs on $name', (target) => {
  it('plans for a database in memory: a page read out of order costs about what the next one does', async () => {
    const handle = await target.open();
    try {
      expect(await setting(handle.db)).toEqual({ setting: String(RANDOM_PAGE_COST), source: 'session' });
      // every connection of the pool, not only the first
      const seen = await Promise.all(Array.from({ length: 4 }, () => handle.db.transaction((tx) => setting(tx))));
      expect(seen.map((s) => s?.setting)).toEqual(Array.from({ length: 4 }, () => String(RANDOM_PAGE_COST)));
    } finally {
      await handle.close();
    }
  });
});

describe.runIf(testTargets().some((t) => t.name === 'postgres'))('the planner’s costs the operator set', () => {
  it('leaves a cost given by the database URL, or set on the database, as it is', async () => {
    const scratch = await createPostgresDatabase('gongzhi_planner');
    try {
      const url = new URL(scratch.url);
      url.searchParams.set('options', '-c random_page_cost=3');
      const byUrl = await openDatabase({ url: url.toString() });
      try {
        expect(await setting(byUrl.db)).toEqual({ setting: '3', source: 'client' });
      } finally {
        await byUrl.close();
      }
      const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
      await admin.connect();
      await admin.query(`alter database ${new URL(scratch.url).pathname.slice(1)} set random_page_cost = 2`);
      await admin.end();
      const byDatabase = await openDatabase({ url: scratch.url });
      try {
        expect(await setting(byDatabase.db)).toEqual({ setting: '2', source: 'database' });
      } finally {
        await byDatabase.close();
      }
    } finally {
      await scratch.drop();
    }
  });

  it('hands a new connection out only once its cost is set, with nothing queued behind that (pg 8 warns of it, pg 9 refuses it)', async () => {
    const scratch = await createPostgresDatabase('gongzhi_planner');
    try {
      const handle = await openDatabase({ url: scratch.url });
      try {
        expect(await setting(handle.db)).toEqual({ setting: String(RANDOM_PAGE_COST), source: 'session' });
        await Promise.all(Array.from({ length: 4 }, () => handle.db.transaction((tx) => setting(tx))));
      } finally {
        await handle.close();
      }
    } finally {
      await scratch.drop();
    }
    expect(nodeWarnings.filter((m) => m.includes('already executing a query'))).toEqual([]);
  });
});
