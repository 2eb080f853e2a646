import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { CaseScope, CaseSearch } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { DatabaseHandle } from '../client.ts';
import { cases, holdings } from '../schema/index.ts';
import { seedReference } from '../seed/reference.seed.ts';
import { planReads, testCaseRow, testTargets, workedByHolder } from '../testing.ts';
import { searchCases, searchStatement } from './search.repository.ts';

const at = new Date('2026-06-01T02:00:00Z');
const UNIT = '510100:urban';
const liaison: CaseScope = { everywhere: false, cities: [], inboxes: [UNIT], units: [UNIT] };
const PHONE = '13900000000';
/** one caller's reports, all worked by the unit: a frequent caller, or a hotline operator's own number */
const CALLS = 1_000;
const PAGE = 10;

describe.each(testTargets())('searching a phone that reported a thousand cases, on $name', (target) => {
  let handle: DatabaseHandle;
  let oldNumber: number;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), at);
    const minute = (i: number) => new Date(at.getTime() + i * 60_000);
    // inserted oldest first, so numbers grow with time; the phone written two ways
    const calls = Array.from({ length: CALLS }, (_, i) =>
      testCaseRow(`call-${i}`, minute(i), { holderUnit: UNIT, reporterPhone: i % 2 === 0 ? '139 0000 0000' : PHONE }),
    );
    for (let i = 0; i < calls.length; i += 500) await handle.db.insert(cases).values(calls.slice(i, i + 500));
    await handle.db.insert(cases).values([
      // the number in a complaint's text, not its reporter's
      testCaseRow('mention', minute(CALLS), { holderUnit: UNIT, description: `来电人 ${PHONE} 反映油烟扰民` }),
      // the newest report of the phone, in a case the unit may not see
      testCaseRow('elsewhere', minute(CALLS + 1), { cityAdcode: '510600', countyAdcode: '510603', reporterPhone: PHONE }),
    ]);
    // a task and a holding on each: the unit worked them (so it may see them and their reporter)
    await workedByHolder(handle.db, UNIT, 'call-0', at);
    for (const table of ['cases', 'tasks', 'holdings']) await handle.db.execute(sql`analyze ${sql.identifier(table)}`);
    oldNumber = (await handle.db.select({ n: cases.number }).from(cases).where(eq(cases.id, 'call-3')))[0]!.n;
    expect(await handle.db.$count(holdings)).toBe(CALLS + 1);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const byPhone: CaseSearch = { number: null, phone: PHONE, text: PHONE, goTo: false };
  const newestCalls = (n: number) => Array.from({ length: n }, (_, i) => `call-${CALLS - 1 - i}`);

  it('answers the newest page of the phone’s cases, with how each matched', async () => {
    const hits = await searchCases(handle.db, liaison, byPhone, PAGE);
    expect(hits.map((h) => h.caseId)).toEqual(['mention', ...newestCalls(PAGE - 1)]);
    expect(hits.map((h) => h.matched)).toEqual([['text'], ...newestCalls(PAGE - 1).map(() => ['phone'])]);
  });

  it('puts the case of the number first, then the newest', async () => {
    const hits = await searchCases(handle.db, liaison, { ...byPhone, number: oldNumber }, PAGE);
    expect(hits.map((h) => h.caseId)).toEqual(['call-3', 'mention', ...newestCalls(PAGE - 2)]);
    expect(hits[0]?.matched).toEqual(['number', 'phone']);
  });

  it('reads the page, not every case the phone ever reported', async () => {
    for (const search of [byPhone, { ...byPhone, number: oldNumber }]) {
      const { plan, most } = await planReads(handle.db, searchStatement(liaison, search, PAGE)!);
      expect(most, plan).toBeLessThan(20);
    }
  });
});
