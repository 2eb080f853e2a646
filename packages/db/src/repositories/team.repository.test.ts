import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import type { DatabaseHandle } from '../client.ts';
import { cases } from '../schema/index.ts';
import { seedReference } from '../seed/reference.seed.ts';
import { planReads, testCaseRow, testTargets } from '../testing.ts';
import { repeatCounts, repeatCountsStatement } from './case.repository.ts';
import { heldCases, unitHoldings } from './team.repository.ts';

const UNIT = '510100:urban';
const DAY = 86_400_000;
const now = new Date('2026-06-01T02:00:00Z');
/** a year of a unit's closed cases, each a repeat of the one before: history, which today's views must not read */
const HISTORY = 1_000;

describe.each(testTargets())('a unit’s views on a year of history, on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), now);
    const row = (id: string, createdAt: Date, state: 'closed' | 'inProgress', repeatOf: string | null) =>
      testCaseRow(id, createdAt, { state, holderUnit: UNIT, closedAt: state === 'closed' ? createdAt : null, repeatOf });
    const old = Array.from({ length: HISTORY }, (_, i) =>
      row(`old-${i}`, new Date(now.getTime() - 400 * DAY + i * 60_000), 'closed', i > 0 ? `old-${i - 1}` : null),
    );
    for (let i = 0; i < old.length; i += 500) await handle.db.insert(cases).values(old.slice(i, i + 500));
    await handle.db.insert(cases).values([row('open-1', new Date(now.getTime() - DAY), 'inProgress', null), row('open-2', now, 'inProgress', 'open-1')]);
    await handle.db.execute(sql`analyze cases`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('lists the unit’s open cases without reading the closed ones it still holds', async () => {
    expect((await unitHoldings(handle.db, UNIT)).map((c) => c.caseId).sort()).toEqual(['open-1', 'open-2']);
    const { plan, most } = await planReads(handle.db, heldCases(handle.db, UNIT));
    expect(most, plan).toBeLessThan(20);
  });

  it('counts the repeats reported in a week without reading every repeat ever reported', async () => {
    const week = { from: new Date(now.getTime() - 7 * DAY), to: now };
    expect(await repeatCounts(handle.db, week)).toEqual([{ unit: UNIT, matterCode: 'FUM-01', repeats: 1, cases: 1 }]);
    const { plan, most } = await planReads(handle.db, repeatCountsStatement(week));
    expect(most, plan).toBeLessThan(20);
  });
});
