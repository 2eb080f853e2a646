import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, testTargets } from '@gongzhi/db/testing';
import { openPlatform, seedPlatform, type Platform } from './platform.ts';

const onPostgres = testTargets().some((t) => t.name === 'postgres');

/** Two servers started at once on an empty PostgreSQL: both migrate and seed, and the demo is seeded once, whole. */
describe.skipIf(!onPostgres)('seeding from two processes at once', () => {
  const platforms: Platform[] = [];
  let drop = async () => {};
  afterAll(async () => {
    for (const p of platforms) await p.close();
    await drop();
  });

  it('seeds the demo exactly once, with no deadlock, when two platforms start together', { timeout: 300_000 }, async () => {
    const database = await createPostgresDatabase('gongzhi_seed');
    drop = database.drop;
    const env = { DATABASE_URL: database.url, DATA_DIR: '/nonexistent' };
    const opened = await Promise.all([openPlatform(env), openPlatform(env)]);
    platforms.push(...opened);
    // A small demo proves it as the full one would: both find the case table empty at the same moment, before either made a case.
    const results = await Promise.all(opened.map((p) => seedPlatform(p, { demo: true, demoCases: 30 })));
    expect(results.map((r) => r.demoCasesCreated).sort((a, b) => a - b)).toEqual([0, 30]);
    const { rows } = (await opened[0]!.services.db.execute(sql`select count(*)::int as n from cases`)) as unknown as { rows: Array<{ n: number }> };
    expect(rows[0]?.n).toBe(30);
  });
});
