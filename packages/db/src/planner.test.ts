import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, RANDOM_PAGE_COST } from './client.ts';
import { createPostgresDatabase, testTargets } from './testing.ts';

const setting = async (handle: Awaited<ReturnType<typeof openDatabase>>) =>
  ((await handle.db.execute(sql`select current_setting('random_page_cost') as cost`)) as unknown as { rows: Array<{ cost: string }> }).rows[0]?.cost;

describe.each(testTargets())('the planner’s costs on $name', (target) => {
  it('plans for a database in memory: a page read out of order costs about what the next one does', async () => {
    const handle = await target.open();
    try {
      expect(Number(await setting(handle))).toBe(RANDOM_PAGE_COST);
      // every connection of the pool, not only the first
      const seen = await Promise.all(Array.from({ length: 4 }, () => handle.db.transaction(async (tx) => setting({ ...handle, db: tx }))));
      expect(seen.map(Number)).toEqual([RANDOM_PAGE_COST, RANDOM_PAGE_COST, RANDOM_PAGE_COST, RANDOM_PAGE_COST]);
    } finally {
      await handle.close();
    }
  });
});

describe.runIf(testTargets().some((t) => t.name === 'postgres'))('the planner’s costs set by the operator', () => {
  it('leaves the options a database URL gives alone', async () => {
    const scratch = await createPostgresDatabase('gongzhi_planner');
    const url = new URL(scratch.url);
    url.searchParams.set('options', '-c random_page_cost=3');
    const handle = await openDatabase({ url: url.toString() });
    try {
      expect(Number(await setting(handle))).toBe(3);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  });
});
