import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { creditCodeCheck, type Business } from '@gongzhi/domain';
import { testTargets } from '../testing.ts';
import type { DatabaseHandle } from '../client.ts';
import { businessesMatching, lookupBusinesses, upsertBusinesses } from './register.repository.ts';

const code = (n: number) => {
  const body = `92510104MA${String(n).padStart(7, '0')}`;
  return body + creditCodeCheck(body);
};
const business = (n: number, name: string, address: string): Business => ({ name, creditCode: code(n), address, scope: '餐饮服务', status: 'active' });
const REGISTER = [
  business(1, '成都锦江老街烧烤店', '春熙路 88 号'),
  business(2, '红星路火锅店', '红星路一段 1 号'),
  business(3, '玉林小吃店', '玉林西路 2 号'),
  business(4, 'Lao Wang BBQ', '人民南路 9 号'),
];

describe.each(testTargets())('register lookup on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
    await upsertBusinesses(handle.db, '510100:market', REGISTER, new Date('2026-11-27T01:00:00Z'));
  });
  afterAll(async () => {
    await handle?.close();
  });

  const names = async (query: string) => (await lookupBusinesses(handle.db, query)).map((b) => b.name);

  it('finds a business by credit code, by a fragment of its name or of its address, two characters or one', async () => {
    expect(await names(code(3).toLowerCase())).toEqual(['玉林小吃店']);
    expect(await names('老街烧烤')).toEqual(['成都锦江老街烧烤店']);
    expect(await names('烧烤')).toEqual(['成都锦江老街烧烤店']);
    expect(await names('春熙路88')).toEqual(['成都锦江老街烧烤店']);
    expect(await names('红星路')).toEqual(['红星路火锅店']);
    expect(await names('店')).toEqual(['成都锦江老街烧烤店', '玉林小吃店', '红星路火锅店'].sort());
    expect(await names('wang bbq')).toEqual(['Lao Wang BBQ']);
    // every character pair is there, but not as one fragment
    expect(await names('烧烤老街')).toEqual([]);
    expect(await names(' · ')).toEqual([]);
  });

  it('a fragment is looked up through the index of character pairs, not by reading every row', async () => {
    const query = businessesMatching(handle.db, '老街烧烤');
    if (!query) throw new Error('no query');
    const plan = await handle.db.transaction(async (tx) => {
      // four rows are cheaper to read than any index: ask whether the index can answer at all
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = (await tx.execute(sql`explain ${query}`)) as unknown as { rows: Array<Record<string, string>> };
      return result.rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('register_businesses_grams');
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
